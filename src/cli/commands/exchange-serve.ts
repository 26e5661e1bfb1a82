// `algobot exchange serve`: the local Roostoo-compatible exchange. Replays candles (the bundled sample by default)
// as tickers, trades for the accounts of --accounts (or one account with 50,000 USD for ROOSTOO_API_KEY /
// ROOSTOO_SECRET_KEY), persists its state after every change, and serves until SIGINT or SIGTERM. Prints the URL
// and the accounts, never a secret.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/errors.js';
import { isoUtc, parseUtc } from '../../core/time.js';
import { API_KEY_VAR, SECRET_KEY_VAR, Secret } from '../../config/secrets.js';
import {
  DEFAULT_STARTING_USD,
  readAccountsFile,
  type ServerAccount,
} from '../../exchange/server/accounts.js';
import { startLocalExchange } from '../../exchange/server/local-exchange.js';
import { readExchangeInfoFile } from '../../exchange/server/trade-pairs.js';
import type { CommandContext } from '../context.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEFAULT_DATA_DIR = resolve(ROOT, 'data/sample/1h');
export const EXCHANGE_INFO_FILE = resolve(ROOT, 'data/roostoo/exchangeInfo.json');

export interface ExchangeServeOptions {
  readonly port: number;
  readonly data?: string;
  readonly speed: number;
  readonly start?: string;
  readonly accounts?: string;
  readonly state?: string;
  readonly host?: string;
  /** Resolves when the server should stop (tests); SIGINT/SIGTERM otherwise. */
  readonly until?: Promise<void>;
}

export async function exchangeServe(ctx: CommandContext, opts: ExchangeServeOptions): Promise<number> {
  const start = opts.start === undefined ? undefined : parseUtc(opts.start);
  if (opts.start !== undefined && start === undefined) {
    throw new InputError(`--start "${opts.start}" is not a date (2025-04-01, 2025-04-01T12:00, epoch ms)`);
  }
  const accounts =
    opts.accounts === undefined
      ? envAccount(ctx)
      : readAccountsFile(resolve(ctx.cwd, opts.accounts), (v) => new Secret(v));
  const dataDir = opts.data === undefined ? DEFAULT_DATA_DIR : resolve(ctx.cwd, opts.data);
  const local = await startLocalExchange({
    dataDir,
    exchangeInfo: readExchangeInfoFile(EXCHANGE_INFO_FILE),
    accounts,
    clock: ctx.clock,
    speed: opts.speed,
    start,
    stateFile: resolve(ctx.cwd, opts.state ?? 'var/local-exchange.json'),
    port: opts.port,
    host: opts.host ?? '127.0.0.1',
    callsPerMinute: 30,
  });
  const out = ctx.stdout;
  out.write(`local Roostoo exchange on ${local.server.url} (v3 API)\n`);
  out.write(`  candles  ${dataDir}: ${local.instruments.size} pairs\n`);
  out.write(`  market   ${isoUtc(local.quotes.marketTime(ctx.clock.now()))} at ${opts.speed}× speed\n`);
  out.write(
    `  state    ${local.restored ? 'restored from' : 'new, saved to'} ${resolve(ctx.cwd, opts.state ?? 'var/local-exchange.json')}\n`,
  );
  for (const a of accounts) {
    const usd = local.engine.balances(a.apiKey).get('USD');
    out.write(
      `  account  key ${maskKey(a.apiKey)}, USD ${usd?.free ?? 0} free, ${usd?.locked ?? 0} locked\n`,
    );
  }
  await (opts.until ?? untilSignal());
  await local.close();
  out.write('stopped\n');
  return 0;
}

function envAccount(ctx: CommandContext): ServerAccount[] {
  const key = ctx.env[API_KEY_VAR];
  const secret = ctx.env[SECRET_KEY_VAR];
  if (key === undefined || key === '' || secret === undefined || secret === '') {
    throw new InputError(
      `set ${API_KEY_VAR} and ${SECRET_KEY_VAR} (any values: the local exchange accepts them), or pass --accounts FILE`,
    );
  }
  return [{ apiKey: key, secret: new Secret(secret), usd: DEFAULT_STARTING_USD }];
}

/** Enough of the key to tell accounts apart, not enough to use it. */
function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 4)}…${key.slice(-2)}`;
}

function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
