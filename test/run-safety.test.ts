// `algobot run` safety, end to end against a local exchange started here (replaying the bundled sample fast, with
// the bot following its replay clock): the kill switch flattens the account and stops; SIGTERM finishes the cycle,
// persists and (on_shutdown: cancel) leaves no order resting; failing tickers suspend trading; a restart on the
// same database restores the saved state, agrees with the exchange and decides on no hour twice.
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, type RunOptions } from '../src/cli/commands/run.js';
import { systemClock } from '../src/core/clock.js';
import { errorMessage } from '../src/core/errors.js';
import { Secret } from '../src/config/secrets.js';
import { readCandleDir } from '../src/data/candle-file.js';
import type { CandleSeries } from '../src/data/candles.js';
import { balanceTotal } from '../src/domain/market.js';
import { RoostooClient } from '../src/exchange/roostoo/client.js';
import type { FaultOptions } from '../src/exchange/server/faults.js';
import { startLocalExchange, type LocalExchange } from '../src/exchange/server/local-exchange.js';
import { readExchangeInfoFile } from '../src/exchange/server/trade-pairs.js';
import { StateStore } from '../src/state/store.js';
import {
  REPO_ROOT,
  SAMPLE_DATA_DIR,
  SHIPPED_CONFIG,
  edit,
  removeTempProjects,
  tempProject,
} from './helpers/config-files.js';

const API_KEY = 'run-safety-api-key';
const SECRET = 'run-safety-secret-key-0123456789abcdef';
const KEYS = { ROOSTOO_API_KEY: API_KEY, ROOSTOO_SECRET_KEY: SECRET };
/** Where the replays start: the sample has months of warm-up before it. */
const FROM = Date.UTC(2025, 7, 19);
const HOUR = 3_600_000;
/** Market ms per wall ms: an hour a second, 12 cycles of 5 market minutes a second. */
const SPEED = 3600;

interface Project {
  readonly dir: string;
  readonly config: string;
  readonly db: string;
  readonly json: string;
  readonly log: string;
  readonly kill: string;
}

interface ProjectOptions {
  readonly baseUrl: string;
  readonly onShutdown?: 'leave' | 'cancel';
  /** Limit orders at mid (offset 0) that rest for an hour: orders stay pending on the exchange. */
  readonly restingOrders?: boolean;
}

/** The shipped config: ma_crossover 2/5 (holds coins at once), every file the bot writes in a temporary directory. */
async function project(o: ProjectOptions): Promise<Project> {
  const dir = await tempProject();
  const p: Project = {
    dir,
    config: join(dir, 'config.yaml'),
    db: join(dir, 'var', 'state.sqlite'),
    json: join(dir, 'var', 'state.json'),
    log: join(dir, 'var', 'bot.log'),
    kill: join(dir, 'KILL'),
  };
  let text = SHIPPED_CONFIG;
  text = edit(text, '  name: ml\n', '  name: ma_crossover\n');
  text = edit(text, 'fast_bars: 24', 'fast_bars: 2');
  text = edit(text, 'slow_bars: 120', 'slow_bars: 5');
  text = edit(text, 'cycle_seconds: 60 ', 'cycle_seconds: 300 ');
  text = edit(text, 'on_shutdown: leave ', `on_shutdown: ${o.onShutdown ?? 'leave'} `);
  text = edit(text, 'kill_file: var/KILL', `kill_file: ${p.kill}`);
  text = edit(text, 'db: var/algobot.sqlite', `db: ${p.db}`);
  text = edit(text, 'json: var/state.json', `json: ${p.json}`);
  text = edit(text, 'file: var/algobot.log', `file: ${p.log}`);
  text = edit(text, 'dir: data/sample/1h', `dir: ${SAMPLE_DATA_DIR}`);
  text = edit(text, '  dir: models\n', `  dir: ${join(dir, 'models')}\n`);
  text = edit(text, 'base_url: http://127.0.0.1:8787', `base_url: ${o.baseUrl}`);
  if (o.restingOrders === true) {
    text = edit(text, 'limit_offset_bps: 2 ', 'limit_offset_bps: 0 ');
    text = edit(text, 'order_timeout_seconds: 90 ', 'order_timeout_seconds: 3600 ');
  }
  await mkdir(join(dir, 'var'), { recursive: true });
  await writeFile(p.config, text);
  return p;
}

let series: Promise<Map<string, CandleSeries>> | undefined;

interface Exchange {
  readonly local: LocalExchange;
  readonly url: string;
  /** A client of the bot's account, for checking the wallet and pending orders. */
  readonly client: RoostooClient;
  close(): Promise<void>;
}

/** A local exchange replaying from FROM at SPEED, holding one account for the bot's keys. */
async function exchange(faults?: FaultOptions): Promise<Exchange> {
  series ??= readCandleDir(SAMPLE_DATA_DIR);
  const local = await startLocalExchange({
    dataDir: SAMPLE_DATA_DIR,
    series: await series,
    exchangeInfo: readExchangeInfoFile(join(REPO_ROOT, 'data/roostoo/exchangeInfo.json')),
    accounts: [{ apiKey: API_KEY, secret: new Secret(SECRET), usd: 50_000 }],
    clock: systemClock,
    speed: SPEED,
    start: FROM,
    port: 0,
    host: '127.0.0.1',
    callsPerMinute: null,
    faults,
  });
  const client = new RoostooClient({
    baseUrl: local.server.url,
    timeoutMs: 5_000,
    apiKey: new Secret(API_KEY),
    secretKey: new Secret(SECRET),
    clock: systemClock,
    callsPerMinute: 10_000,
    ordersPerMinute: null,
    timestampWindowMs: 60_000,
  });
  return { local, url: local.server.url, client, close: () => local.close() };
}

interface Bot {
  readonly done: Promise<{ code: number; error?: unknown }>;
  /** True once run() has returned or thrown. */
  finished(): boolean;
  output(): string;
  stop(): void;
}

/** `algobot run --follow-replay` in-process; stop() stops it as SIGTERM would. */
function startBot(p: Project, opts: Omit<RunOptions, 'config' | 'signal'> = {}): Bot {
  let out = '';
  const stopper = new AbortController();
  const stream = { write: (s: string) => (out += s), isTTY: false };
  const done = run(
    { stdout: stream, stderr: stream, env: KEYS, cwd: p.dir, clock: systemClock, verbose: false },
    { followReplay: true, ...opts, config: p.config, signal: stopper.signal },
  ).then(
    (code) => ({ code }),
    (error: unknown) => {
      out += `error: ${errorMessage(error)}\n`;
      return { code: -1, error };
    },
  );
  let ended = false;
  void done.then(() => (ended = true));
  return { done, finished: () => ended, output: () => out, stop: () => stopper.abort() };
}

async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  bot?: Bot,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (bot?.finished() === true)
      throw new Error(`the bot ended while waiting for ${what}:\n${bot.output()}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface StateFile {
  readonly decisions: number;
  readonly cycles: number;
  readonly positions: readonly { coin: string; quantity: number }[];
}

function stateJson(p: Project): StateFile | undefined {
  try {
    return JSON.parse(readFileSync(p.json, 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}

function readStore<T>(db: string, f: (s: StateStore) => T): T {
  const s = StateStore.open(db, { readonly: true });
  try {
    return f(s);
  } finally {
    s.close();
  }
}

/** USD value of every coin in the wallet, at the exchange's last prices. */
async function holdings(client: RoostooClient): Promise<Map<string, number>> {
  const [balances, tickers] = await Promise.all([client.balances(), client.tickers()]);
  const out = new Map<string, number>();
  for (const [asset, b] of balances) {
    if (asset === 'USD' || balanceTotal(b) === 0) continue;
    out.set(asset, balanceTotal(b) * (tickers.get(`${asset}/USD`)?.last ?? NaN));
  }
  return out;
}

afterAll(removeTempProjects);

describe('algobot run: the kill switch', () => {
  it('sells everything, cancels orders and stops: the exchange wallet is flat afterwards', async () => {
    const ex = await exchange();
    try {
      const p = await project({ baseUrl: ex.url });
      const bot = startBot(p);
      try {
        await waitFor('positions held', () => (stateJson(p)?.positions.length ?? 0) > 0, bot);
        const held = await holdings(ex.client);
        expect([...held.values()].filter((v) => v > 100).length).toBeGreaterThan(0);
        writeFileSync(p.kill, '');
      } finally {
        // Whatever happened, the bot must end: the kill file (or, if waiting failed, a stop).
        if (!existsSync(p.kill)) bot.stop();
      }
      const { code, error } = await bot.done;
      expect(error).toBeUndefined();
      expect(code).toBe(0);
      expect(bot.output()).toContain('kill switch: flattening');
      expect(bot.output()).toMatch(/stopped \(kill-switch\); 0 order\(s\) left resting/);
      // The account: nothing pending, no coin worth more than dust.
      expect((await ex.client.pendingCount()).total).toBe(0);
      const left = await holdings(ex.client);
      for (const [coin, usd] of left) expect({ coin, usd: usd < 1 }).toEqual({ coin, usd: true });
      const events = readStore(p.db, (s) => s.events());
      const kill = events.find((e) => e.kind === 'kill-switch');
      expect(kill?.message).toContain(p.kill);
      expect(events.some((e) => e.kind === 'kill-switch-failed')).toBe(false);
      // The flattening went through the engine: sell orders after the kill, recorded in the database.
      const sells = readStore(p.db, (s) =>
        s.orders().filter((o) => o.side === 'SELL' && o.time >= (kill?.time ?? Infinity)),
      );
      expect(sells.length).toBeGreaterThan(0);
      expect(sells.every((o) => o.outcome === 'placed')).toBe(true);
    } finally {
      await ex.close();
    }
  }, 120_000);
});

describe('algobot run: graceful stop', () => {
  it('SIGTERM: finishes the cycle, exits 0, records the stop, writes state.json; on_shutdown cancel leaves no order', async () => {
    const ex = await exchange();
    try {
      const p = await project({ baseUrl: ex.url, onShutdown: 'cancel', restingOrders: true });
      const child = spawn(
        process.execPath,
        [join(REPO_ROOT, 'bin/algobot'), 'run', '--config', p.config, '--follow-replay'],
        {
          cwd: p.dir,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...KEYS },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
        child.on('exit', (code, signal) => done({ code, signal })),
      );
      let pendingSeen = 0;
      try {
        // Trading (the signal handlers are in place once a cycle has completed), with orders resting.
        await waitFor('a decision', () => (stateJson(p)?.decisions ?? 0) >= 1);
        await waitFor(
          'orders resting on the exchange',
          async () => {
            pendingSeen = (await ex.client.pendingCount()).total;
            return pendingSeen > 0;
          },
          undefined,
          30_000,
        );
      } finally {
        child.kill('SIGTERM');
      }
      const { code, signal } = await exited;
      expect({ code, signal, out: code === 0 ? '' : out }).toEqual({ code: 0, signal: null, out: '' });
      expect(out).toContain('SIGTERM: stopping after this cycle');
      expect(out).toMatch(/stopped \(signal\); 0 order\(s\) left resting/);
      expect((await ex.client.pendingCount()).total).toBe(0);
      const events = readStore(p.db, (s) => s.events());
      const last = events.at(-1);
      expect(last?.kind).toBe('stopped');
      expect(last?.message).toBe('stopped: signal');
      expect(last?.details).toEqual({ onShutdown: 'cancel' });
      expect(existsSync(`${p.db}.lock`)).toBe(false);
      const state = stateJson(p);
      expect(state?.cycles).toBeGreaterThan(0);
      // Orders were resting when the signal came; the bot cancelled them, and the database says so.
      expect(pendingSeen).toBeGreaterThan(0);
      expect(readStore(p.db, (s) => s.cancels().length)).toBeGreaterThan(0);
    } finally {
      await ex.close();
    }
  }, 120_000);
});

describe('algobot run: stale data', () => {
  it('tickers failing mid-run: trading suspended with the reason, no order meanwhile, resumed when they return', async () => {
    const ex = await exchange();
    // In front of the exchange: passes everything through, except /v3/ticker while `failing` (HTTP 500).
    let failing = false;
    let failed = 0;
    const target = new URL(ex.url);
    const proxy = createServer((req, res) => {
      if (failing && (req.url ?? '').startsWith('/v3/ticker')) {
        failed++;
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('Internal Server Error');
        return;
      }
      const fwd = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', () => res.destroy());
      req.pipe(fwd);
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const p = await project({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
      const bot = startBot(p);
      let suspendedAt = Infinity;
      try {
        await waitFor('a decision', () => (stateJson(p)?.decisions ?? 0) >= 1, bot);
        failing = true;
        await waitFor(
          'trading suspended',
          () => {
            const e = readStore(p.db, (s) => s.events().find((x) => x.kind === 'trading-suspended'));
            suspendedAt = e?.time ?? Infinity;
            return e !== undefined;
          },
          bot,
        );
        // A cycle or two more without tickers (each failing poll is retried for seconds of wall time).
        const polls = failed;
        await waitFor('more failing polls', () => failed >= polls + 4, bot);
      } finally {
        failing = false;
      }
      try {
        await waitFor(
          'trading resumed',
          () => readStore(p.db, (s) => s.events().some((x) => x.kind === 'trading-resumed')),
          bot,
        );
      } finally {
        bot.stop();
      }
      const { code, error } = await bot.done;
      expect(error).toBeUndefined();
      expect(code).toBe(0);
      const out = bot.output();
      expect(out).toContain('tickers unavailable');
      expect(out).toContain('/v3/ticker');
      expect(out).toContain('HTTP 500');
      expect(out).toMatch(/WARN trading suspended reason=no fresh ticker for \d+ s \(limit 300 s\)/);
      expect(out).toMatch(/NOT TRADING: no fresh ticker for \d+ s/);
      const { events, intents } = readStore(p.db, (s) => ({ events: s.events(), intents: s.intents() }));
      const suspended = events.filter((e) => e.kind === 'trading-suspended');
      const resumed = events.find((e) => e.kind === 'trading-resumed');
      expect(suspended).toHaveLength(1);
      expect(suspended[0]?.message).toMatch(/^no fresh ticker for \d+ s \(limit 300 s\)$/);
      expect(resumed?.message).toContain('was: no fresh ticker');
      const resumedAt = resumed?.time ?? -Infinity;
      expect(resumedAt).toBeGreaterThan(suspendedAt);
      // Nothing was sent while suspended.
      expect(intents.filter((i) => i.time >= suspendedAt && i.time < resumedAt)).toEqual([]);
    } finally {
      await new Promise((done) => proxy.close(done));
      await ex.close();
    }
  }, 120_000);

  it('tickers failing from the start: exit 1 before any order, naming /v3/ticker and the HTTP status', async () => {
    const ex = await exchange({ onlyPaths: ['/v3/ticker'], error500: 1 });
    try {
      const p = await project({ baseUrl: ex.url });
      const bot = startBot(p, { to: String(FROM + 2 * HOUR) });
      const { error } = await bot.done;
      expect(error).toBeInstanceOf(Error);
      expect((error as { exitCode?: number }).exitCode).toBe(1);
      expect(errorMessage(error)).toMatch(/\/v3\/ticker.*HTTP 500/);
      const { intents, orders } = readStore(p.db, (s) => ({ intents: s.intents(), orders: s.orders() }));
      expect(intents).toEqual([]);
      expect(orders).toEqual([]);
      // The wallet as it was given: USD only (the tickers are down, so no prices: balances alone).
      const coins = [...(await ex.client.balances())].filter(([a, b]) => a !== 'USD' && balanceTotal(b) > 0);
      expect(coins).toEqual([]);
      expect(existsSync(`${p.db}.lock`)).toBe(false);
    } finally {
      await ex.close();
    }
  }, 120_000);
});

describe('algobot run: restart', () => {
  it('a second run on the same database restores the saved state, agrees with the exchange, decides no hour twice', async () => {
    const ex = await exchange();
    try {
      const p = await project({ baseUrl: ex.url });
      const first = startBot(p);
      try {
        await waitFor('two decisions in run 1', () => (stateJson(p)?.decisions ?? 0) >= 2, first);
      } finally {
        first.stop();
      }
      const r1 = await first.done;
      expect(r1.error).toBeUndefined();
      expect(r1.code).toBe(0);
      expect(first.output()).toMatch(/no saved state in .*: starting afresh/);
      const run1 = readStore(p.db, (s) => ({ decisions: s.decisions().map((d) => d.time) }));
      expect(run1.decisions.length).toBeGreaterThanOrEqual(2);
      const lastOfRun1 = Math.max(...run1.decisions);

      const second = startBot(p);
      try {
        await waitFor(
          'two decisions in run 2',
          () => readStore(p.db, (s) => s.decisions().filter((d) => d.time > lastOfRun1).length) >= 2,
          second,
        );
      } finally {
        second.stop();
      }
      const r2 = await second.done;
      expect(r2.error).toBeUndefined();
      expect(r2.code).toBe(0);
      const out2 = second.output();
      expect(out2).toMatch(/saved state from \d{4}-\d\d-\d\dT[\d:.]+Z restored/);
      expect(out2).toContain('reconciled: the exchange agrees with the saved state');
      expect(out2).not.toContain('reconcile=');
      const { decisions, events } = readStore(p.db, (s) => ({
        decisions: s.decisions(),
        events: s.events(),
      }));
      const times = decisions.map((d) => d.time);
      expect(new Set(times).size).toBe(times.length);
      // In time order: run 2 went on after run 1, on whole hours.
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times.every((t) => t % HOUR === 0)).toBe(true);
      expect(times.filter((t) => t > lastOfRun1).length).toBeGreaterThanOrEqual(2);
      expect(events.map((e) => e.kind).filter((k) => k === 'start' || k === 'stopped')).toEqual([
        'start',
        'stopped',
        'start',
        'stopped',
      ]);
    } finally {
      await ex.close();
    }
  }, 180_000);
});
