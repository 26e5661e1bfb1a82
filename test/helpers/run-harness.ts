// End-to-end harness for `algobot run`: a local exchange started in the test process (its matching engine and fault
// counters stay inspectable), a config for the bot in a temporary directory pointing at it, and the real CLI
// (bin/algobot, built into dist/ by the global setup) spawned as a child process with the exchange account's keys,
// following the exchange's replay clock. The test decides when to kill or stop each bot.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { Secret } from '../../src/config/secrets.js';
import type { Balance } from '../../src/domain/market.js';
import type { Order } from '../../src/domain/order.js';
import type { FaultOptions } from '../../src/exchange/server/faults.js';
import { startLocalExchange, type LocalExchange } from '../../src/exchange/server/local-exchange.js';
import { readExchangeInfoFile } from '../../src/exchange/server/trade-pairs.js';
import type { StateJson } from '../../src/cli/commands/run.js';
import { StateStore } from '../../src/state/store.js';
import { REPO_ROOT, SAMPLE_DATA_DIR, SHIPPED_CONFIG, edit } from './config-files.js';
import { API_KEY, SECRET, sampleSeries } from './exchange-harness.js';

/** The CLI the bots run: the repo's (dist/ built by the global setup), or ALGOBOT_BIN (a private build). */
export const BIN = process.env.ALGOBOT_BIN ?? join(REPO_ROOT, 'bin', 'algobot');
export const EXCHANGE_INFO_FILE = join(REPO_ROOT, 'data', 'roostoo', 'exchangeInfo.json');

export interface RunHarnessOptions {
  /** Market ms per wall ms of the replay (default 3600: a market hour per wall second). */
  readonly speed?: number;
  /** Market time the replay starts at (default 2025-06-01, two months into the sample). */
  readonly start?: number;
  readonly faults?: FaultOptions;
  /** The exchange's and the bot's timestamp window (default 2000 ms: a local exchange only). */
  readonly timestampWindowMs?: number;
  /** The bot's exchange.request_timeout_ms (default 1000). */
  readonly requestTimeoutMs?: number;
  /** run.cycle_seconds (market seconds; default 300). */
  readonly cycleSeconds?: number;
  /** strategy.ma_crossover lengths (default 3 and 8: trades a lot). */
  readonly fastBars?: number;
  readonly slowBars?: number;
  /** Starting USD of the account (default 50,000, the config's backtest.initial_cash). */
  readonly usd?: number;
  /** Further edits of the config text, after the harness's own. */
  readonly editConfig?: (text: string) => string;
}

export interface BotExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly startedAt: number;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  readonly exited: Promise<BotExit>;
  kill(signal: NodeJS.Signals): void;
}

export interface RunHarness {
  readonly dir: string;
  readonly local: LocalExchange;
  /** The account's key in the exchange's matching engine. */
  readonly account: string;
  readonly configPath: string;
  readonly dbPath: string;
  readonly jsonPath: string;
  readonly logPath: string;
  readonly killFile: string;
  /** Market time of the replay now. */
  marketNow(): number;
  /** Spawns `algobot run --config … --follow-replay` plus `args`. */
  spawnBot(args?: readonly string[]): BotProcess;
  /** The exchange's view of the account. */
  exchangeOrders(): Order[];
  exchangeBalances(): Map<string, Balance>;
  /** The bot's state database, readonly (works while a bot holds it). Close it after use. */
  openStore(): StateStore;
  readStateJson(): StateJson | undefined;
  readLog(): string;
  /**
   * From now on the exchange injects no fault and matches no resting order (new orders that cross still fill at
   * once): what the bot last saw of its orders stays true, so a final comparison is not a race with the market.
   */
  quiet(): void;
  close(): Promise<void>;
}

export const DEFAULT_START = Date.UTC(2025, 5, 1);

export function botConfig(
  text: string,
  o: {
    baseUrl: string;
    dir: string;
    timestampWindowMs: number;
    requestTimeoutMs: number;
    cycleSeconds: number;
    fastBars: number;
    slowBars: number;
  },
): string {
  let t = text;
  t = edit(t, '  base_url: http://127.0.0.1:8787', `  base_url: ${o.baseUrl}`);
  t = edit(t, '  timestamp_window_ms: 60000', `  timestamp_window_ms: ${o.timestampWindowMs}`);
  t = edit(t, '  request_timeout_ms: 10000', `  request_timeout_ms: ${o.requestTimeoutMs}`);
  t = edit(t, '  name: ml', '  name: ma_crossover');
  t = edit(t, '    fast_bars: 24', `    fast_bars: ${o.fastBars}`);
  t = edit(t, '    slow_bars: 120', `    slow_bars: ${o.slowBars}`);
  t = edit(t, '  cycle_seconds: 60', `  cycle_seconds: ${o.cycleSeconds}`);
  t = edit(t, '  kill_file: var/KILL', `  kill_file: ${join(o.dir, 'KILL')}`);
  t = edit(t, '  db: var/algobot.sqlite', `  db: ${join(o.dir, 'algobot.sqlite')}`);
  t = edit(t, '  json: var/state.json', `  json: ${join(o.dir, 'state.json')}`);
  t = edit(t, '  file: var/algobot.log', `  file: ${join(o.dir, 'algobot.log')}`);
  t = edit(t, '  dir: data/sample/1h', `  dir: ${SAMPLE_DATA_DIR}`);
  // The demo's models directory does not matter for ma_crossover, but keep it absolute (cwd is the temp dir).
  t = edit(t, '  dir: models', `  dir: ${join(REPO_ROOT, 'models')}`);
  return t;
}

export async function startRunHarness(opts: RunHarnessOptions = {}): Promise<RunHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'algobot-run-'));
  const timestampWindowMs = opts.timestampWindowMs ?? 2000;
  const speed = opts.speed ?? 3600;
  const local = await startLocalExchange({
    dataDir: SAMPLE_DATA_DIR,
    series: await sampleSeries(),
    exchangeInfo: readExchangeInfoFile(EXCHANGE_INFO_FILE),
    accounts: [{ apiKey: API_KEY, secret: new Secret(SECRET), usd: opts.usd ?? 50_000 }],
    clock: systemClock,
    speed,
    start: opts.start ?? DEFAULT_START,
    port: 0,
    host: '127.0.0.1',
    callsPerMinute: null,
    timestampWindowMs,
    faults: opts.faults,
  });
  let text = botConfig(SHIPPED_CONFIG, {
    baseUrl: local.server.url,
    dir,
    timestampWindowMs,
    requestTimeoutMs: opts.requestTimeoutMs ?? 1000,
    cycleSeconds: opts.cycleSeconds ?? 300,
    fastBars: opts.fastBars ?? 3,
    slowBars: opts.slowBars ?? 8,
  });
  if (opts.editConfig !== undefined) text = opts.editConfig(text);
  const configPath = join(dir, 'config.yaml');
  await writeFile(configPath, text);
  const paths = {
    dbPath: join(dir, 'algobot.sqlite'),
    jsonPath: join(dir, 'state.json'),
    logPath: join(dir, 'algobot.log'),
    killFile: join(dir, 'KILL'),
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ROOSTOO_API_KEY: API_KEY,
    ROOSTOO_SECRET_KEY: SECRET,
    NO_COLOR: '1',
  };
  const running = new Set<ChildProcess>();

  const spawnBot = (args: readonly string[] = []): BotProcess => {
    const child = spawn(process.execPath, [BIN, 'run', '--config', configPath, '--follow-replay', ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<BotExit>((done) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        done({ code, signal });
      });
    });
    return {
      child,
      startedAt: Date.now(),
      output: () => out,
      exited,
      kill: (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
    };
  };

  return {
    dir,
    local,
    account: API_KEY,
    configPath,
    ...paths,
    marketNow: () => local.replay.start + (Date.now() - local.replay.origin) * local.replay.speed,
    spawnBot,
    exchangeOrders: () => {
      // The engine pages its answers: read them all.
      const all: Order[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = local.engine.query(API_KEY, { offset, limit: 1000 });
        all.push(...page);
        if (page.length < 1000) return all;
      }
    },
    exchangeBalances: () => local.engine.balances(API_KEY),
    openStore: () => StateStore.open(paths.dbPath, { readonly: true }),
    readStateJson: () =>
      existsSync(paths.jsonPath)
        ? (JSON.parse(readFileSync(paths.jsonPath, 'utf8')) as StateJson)
        : undefined,
    quiet: () => {
      const faults = local.server.faults;
      faults.beforeHandling = () => 'none';
      faults.dropAcceptedOrder = () => false;
      local.engine.advance = () => {};
    },
    readLog: () => (existsSync(paths.logPath) ? readFileSync(paths.logPath, 'utf8') : ''),
    close: async () => {
      for (const c of running) c.kill('SIGKILL');
      await local.close();
      if (process.env.ALGOBOT_KEEP_RUN_DIR !== '1') await rm(dir, { recursive: true, force: true });
    },
  };
}
