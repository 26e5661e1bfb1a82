// `algobot status` on a state database built through StateStore (no engine needed): the shipped config with
// state.db pointing into a temporary project, the status function run in-process with captured output.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/cli/context.js';
import { status } from '../src/cli/commands/status.js';
import { ManualClock } from '../src/core/clock.js';
import { InputError } from '../src/core/errors.js';
import { PERSISTED_ENGINE_VERSION, type PersistedEngine } from '../src/engine/persisted.js';
import { performanceFigures } from '../src/report/summary.js';
import { StateStore } from '../src/state/store.js';
import { edit, removeTempProjects, SHIPPED_CONFIG, tempProject } from './helpers/config-files.js';

afterAll(removeTempProjects);

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2);
const DB = 'state/bot.sqlite';
const CONFIG = edit(SHIPPED_CONFIG, '  db: var/algobot.sqlite', `  db: ${DB}`);
const UNIVERSE = 'BTC,ETH,SOL,BNB,XRP,DOGE,ADA,LINK,AVAX,SUI,PEPE,INJ';

interface Built {
  readonly cwd: string;
  readonly time: number[];
  readonly equity: number[];
  readonly end: number;
}

function engineState(time: number, equity: number): PersistedEngine {
  return {
    version: PERSISTED_ENGINE_VERSION,
    time,
    lastDecision: time,
    equity,
    drawdown: { peak: 10_500, level: 0, drawdown: 1 - equity / 10_500 },
    cooldowns: {},
    positions: [
      {
        coin: 'BTC',
        quantity: 0.02,
        stop: {
          entryPrice: 95_000,
          quantity: 0.02,
          atr: 1200,
          equity: 10_000,
          highest: 97_500,
          armed: true,
          stop: 94_500,
          lossLimit: 90_000,
        },
        trade: { entryTime: T0 + HOUR, cost: 1901.9, proceeds: 0, entryValue: 1900 },
      },
      { coin: 'ETH', quantity: 0.25, stop: undefined, trade: undefined },
    ],
    resting: [
      {
        id: 502,
        coin: 'ETH',
        pair: 'ETH/USD',
        side: 'BUY',
        type: 'LIMIT',
        reason: 'rebalance',
        quantity: 0.3,
        price: 3050.5,
        placedAt: time - 60_000,
        reprices: 1,
        target: 0.15,
      },
    ],
    intentSeq: 3,
  };
}

/** A project whose state database holds `hours` of hourly equity and the rest of a small run. */
async function build(
  hours: number,
  opts: { meta?: Record<string, string>; keepOpen?: boolean } = {},
): Promise<Built & { store?: StateStore }> {
  const cwd = await tempProject({ 'config/config.yaml': CONFIG });
  const end = T0 + hours * HOUR;
  const s = StateStore.open(join(cwd, DB), { readonly: false, now: () => end });
  const meta = opts.meta ?? { mode: 'paper', exchange: '127.0.0.1:8787', universe: UNIVERSE };
  for (const [k, v] of Object.entries(meta)) s.setMeta(k, v);
  s.setLastCycle(end);
  const time: number[] = [];
  const equity: number[] = [];
  for (let k = 0; k <= hours; k++) {
    const t = T0 + k * HOUR;
    const e = 10_000 * (1 + 0.02 * Math.sin(k / 8) + 0.0003 * k); // a losing day among the winning ones
    time.push(t);
    equity.push(e);
    s.equity({
      time: t,
      equity: e,
      cash: e - 2500,
      invested: 2500,
      drawdown: 0.01,
      regime: k < 3 ? undefined : k === hours ? 'chop' : 'trend',
    });
  }
  s.decision({
    time: end,
    regime: 'chop',
    exposureScale: 1,
    equity: equity[equity.length - 1] ?? NaN,
    assets: [{ coin: 'BTC', kind: 'hold', alpha: 0.001, current: 0.19, target: 0.2, weight: 0.19 }],
  });
  const intent = (id: number, coin: string) => ({
    id,
    time: T0 + id * HOUR,
    coin,
    pair: `${coin}/USD`,
    side: 'BUY' as const,
    type: 'LIMIT' as const,
    reason: 'rebalance' as const,
    quantity: 0.02,
    price: 95_000,
    reprice: 0,
    target: 0.2,
  });
  const order = (id: number, coin: string) => ({
    intentId: id,
    time: T0 + id * HOUR,
    coin,
    side: 'BUY' as const,
    type: 'LIMIT' as const,
    reason: 'rebalance' as const,
    quantity: 0.02,
    price: 95_000,
    reprice: 0,
  });
  s.intent(intent(1, 'BTC'));
  s.order({ ...order(1, 'BTC'), outcome: 'placed', orderId: 501, status: 'FILLED', message: '' });
  s.fill({
    time: T0 + HOUR,
    orderId: 501,
    coin: 'BTC',
    side: 'BUY',
    type: 'LIMIT',
    role: 'MAKER',
    reason: 'rebalance',
    quantity: 0.02,
    price: 95_000,
    feeUsd: 1.9,
  });
  s.intent(intent(2, 'ETH'));
  s.order({ ...order(2, 'ETH'), outcome: 'placed', orderId: 502, status: 'PENDING', message: '' });
  s.intent(intent(3, 'SOL'));
  s.order({ ...order(3, 'SOL'), outcome: 'rejected', orderId: undefined, status: undefined, message: 'no' });
  s.trade({
    coin: 'SOL',
    entryTime: T0,
    exitTime: T0 + 2 * HOUR,
    cost: 500,
    proceeds: 510,
    pnl: 10,
    entryValue: 499,
    exitReason: 'exit',
  });
  s.checkpoint(() => engineState(end, equity[equity.length - 1] ?? NaN));
  s.saveBars(
    end - HOUR,
    [
      { coin: 'BTC', open: 95_500, high: 96_500, low: 95_000, close: 96_000, volume: 12 },
      { coin: 'ETH', open: 3100, high: 3120, low: 3080, close: 3100, volume: 300 },
    ],
    'roostoo',
  );
  for (let i = 1; i <= 7; i++) s.event(T0 + i * 60_000, i === 1 ? 'start' : 'note', `event number ${i}`);
  if (opts.keepOpen === true) return { cwd, time, equity, end, store: s };
  s.close();
  return { cwd, time, equity, end };
}

async function runStatus(
  cwd: string,
  now: number,
  json = false,
): Promise<{ code: number; out: string; lines: string[] }> {
  let out = '';
  const ctx: CommandContext = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: () => true },
    env: {},
    cwd,
    clock: new ManualClock(now),
    verbose: false,
  };
  const code = await status(ctx, { config: 'config/config.yaml', json });
  return { code, out, lines: out.split('\n') };
}

function line(lines: readonly string[], prefix: string): string {
  const hit = lines.find((l) => l.startsWith(prefix));
  expect(hit, `no line starting with "${prefix}" in:\n${lines.join('\n')}`).toBeDefined();
  return hit ?? '';
}

describe('algobot status', () => {
  it('prints mode, update age, equity, drawdown, regime, positions, orders, counts, metrics and events', async () => {
    const b = await build(72);
    const { code, lines } = await runStatus(b.cwd, b.end + 5 * 60_000);
    expect(code).toBe(0);
    const last = b.equity[b.equity.length - 1] ?? NaN;
    expect(line(lines, 'database')).toBe(`database      ${DB}`);
    expect(line(lines, 'mode')).toBe('mode          paper on 127.0.0.1:8787');
    expect(lines.some((l) => l.includes('the config says'))).toBe(false);
    expect(line(lines, 'bot')).toBe('bot           not running');
    expect(line(lines, 'updated')).toBe('updated       2026-11-05T00:00:00Z (5 min ago)');
    expect(line(lines, 'last cycle')).toBe('last cycle    2026-11-05T00:00:00Z');
    expect(line(lines, 'equity')).toBe(
      `equity        ${last.toFixed(2)} USD (cash ${(last - 2500).toFixed(2)}, invested 2500.00) at 2026-11-05T00:00:00Z`,
    );
    expect(line(lines, 'drawdown')).toBe('drawdown      1.00 % from peak 10500.00');
    expect(line(lines, 'regime')).toBe('regime        chop');
    expect(line(lines, 'positions')).toBe('positions     2');
    expect(lines).toContain(
      '  BTC   0.02 @ 95000: stop 94500, loss limit 90000, trailing (armed), last 96000, value 1920.00',
    );
    expect(lines).toContain('  ETH   0.25 @ -: no stop, last 3100, value 775.00');
    expect(line(lines, 'resting')).toBe('resting       1');
    expect(lines).toContain(
      '  #502 BUY LIMIT 0.3 ETH @ 3050.5 (rebalance, placed 2026-11-04T23:59:00Z, repriced 1×)',
    );
    expect(line(lines, 'orders')).toBe('orders        3 (2 placed), fills 1, trades 1, cancels 0, stops 0');

    // The same figures a backtest summary gives for this equity series.
    const m = performanceFigures(b.time, b.equity);
    const perf = line(lines, 'performance');
    expect(perf).toContain('2026-11-02T00:00:00Z → 2026-11-05T00:00:00Z (3.0 days)');
    expect(perf).toContain(`return ${(m.totalReturn * 100).toFixed(2)} %`);
    expect(perf).toContain(`max drawdown ${(m.maxDrawdown * 100).toFixed(2)} %`);
    expect(perf).toContain(`Sharpe ${m.sharpe.toFixed(2)}`);
    expect(perf).toContain(`Sortino ${m.sortino.toFixed(2)}`);
    expect(perf).toContain(`Calmar ${m.calmar.toFixed(2)}`);
    expect(perf).toContain(`score ${m.competitionScore.daily.score.toFixed(4)}`);
    expect(m.totalReturn).toBeGreaterThan(0);
    expect(Number.isFinite(m.sharpe)).toBe(true);
    expect(Number.isFinite(m.competitionScore.daily.score)).toBe(true);

    expect(line(lines, 'events')).toBe('events        last 5');
    const events = lines.filter((l) => l.startsWith('  2026-11-02T'));
    expect(events).toEqual(
      [3, 4, 5, 6, 7].map((i) => `  2026-11-02T00:0${i}:00Z note       event number ${i}`),
    );
  });

  it('--json prints the same as JSON', async () => {
    const b = await build(72);
    const { code, out } = await runStatus(b.cwd, b.end + 90_000, true);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Record<string, unknown> & {
      positions: { coin: string; stop: number | null; armed: boolean | null }[];
      metrics: { sharpe: number; totalReturn: number } | null;
      events: { kind: string; message: string }[];
      counts: Record<string, number>;
    };
    const last = b.equity[b.equity.length - 1] ?? NaN;
    expect(r.mode).toBe('paper');
    expect(r.exchange).toBe('127.0.0.1:8787');
    expect(r.updatedAt).toBe('2026-11-05T00:00:00Z');
    expect(r.ageSeconds).toBe(90);
    expect(r.equity).toBeCloseTo(last, 9);
    expect(r.cash).toBeCloseTo(last - 2500, 9);
    expect(r.drawdown).toBe(0.01);
    expect(r.peak).toBe(10_500);
    expect(r.regime).toBe('chop');
    expect(r.positions.map((p) => [p.coin, p.stop, p.armed])).toEqual([
      ['BTC', 94_500, true],
      ['ETH', null, null],
    ]);
    expect(r.counts).toEqual({ orders: 3, placed: 2, fills: 1, trades: 1, cancels: 0, stops: 0 });
    const m = performanceFigures(b.time, b.equity);
    expect(r.metrics?.sharpe).toBe(m.sharpe);
    expect(r.metrics?.totalReturn).toBe(m.totalReturn);
    expect(r.metricsNote).toBeNull();
    expect(r.events.map((e) => e.message)).toEqual([3, 4, 5, 6, 7].map((i) => `event number ${i}`));
  });

  it('says "not enough history" with less than two days of equity', async () => {
    const b = await build(30);
    const text = await runStatus(b.cwd, b.end);
    expect(line(text.lines, 'performance')).toBe(
      'performance   not enough history (1.3 days of equity; 2 needed)',
    );
    const json = JSON.parse((await runStatus(b.cwd, b.end, true)).out) as Record<string, unknown>;
    expect(json.metrics).toBeNull();
    expect(json.metricsNote).toBe('not enough history (1.3 days of equity; 2 needed)');
  });

  it('reads while the bot holds the database, and says it is running', async () => {
    const b = await build(50, { keepOpen: true });
    const w = b.store;
    if (w === undefined) throw new Error('store kept open');
    try {
      // Records buffered by the writer but not checkpointed are not shown; checkpointed ones are.
      w.equity({ time: b.end + HOUR, equity: 1, cash: 1, invested: 0, drawdown: 0.9, regime: 'down' });
      const before = await runStatus(b.cwd, b.end);
      expect(line(before.lines, 'bot')).toBe(`bot           running (pid ${process.pid})`);
      expect(line(before.lines, 'regime')).toBe('regime        chop');
      w.checkpoint(() => engineState(b.end + HOUR, 1));
      const after = await runStatus(b.cwd, b.end + HOUR);
      expect(line(after.lines, 'regime')).toBe('regime        down');
      expect(line(after.lines, 'drawdown')).toBe('drawdown      90.00 % from peak 10500.00');
    } finally {
      w.close();
    }
  });

  it('points out a database written with another config', async () => {
    const b = await build(10, {
      meta: { mode: 'live', exchange: 'mock-api.roostoo.com', universe: 'BTC,ETH' },
    });
    const { lines } = await runStatus(b.cwd, b.end);
    expect(line(lines, 'mode')).toBe('mode          live on mock-api.roostoo.com');
    expect(lines).toContain('  ! the config says mode paper; this database was written with live');
    expect(lines).toContain(
      `  ! the config says universe ${UNIVERSE}; this database was written with BTC,ETH`,
    );
  });

  it('without a database: an InputError saying the bot has not run with this config', async () => {
    const cwd = await tempProject({ 'config/config.yaml': CONFIG });
    const err = await runStatus(cwd, T0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      `no state database at ${DB}: the bot has not run with this config yet`,
    );
  });
});
