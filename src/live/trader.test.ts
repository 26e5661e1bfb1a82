// The trading loop with fakes: a manual market clock, an exchange whose tickers a script decides, an engine that
// records what it is given. What is checked: the safety refusals (stale tickers, clock offset, the exchange's own
// word), each recorded once; nothing traded while refused; the kill switch; the ways the loop stops.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticker } from '../domain/market.js';
import type { Engine } from '../engine/engine.js';
import type { MarketEvent } from '../engine/events.js';
import type { ExchangePort } from '../exchange/port.js';
import type { Pacer } from './pacer.js';
import { Trader, type CycleView, type TraderOptions } from './trader.js';

const H = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2025, 7, 19);
const COINS = ['BTC', 'ETH'];

/** Market time that moves only when the loop sleeps. */
class FakePacer implements Pacer {
  readonly speed = 1;
  t: number;
  constructor(t: number) {
    this.t = t;
  }
  now(): number {
    return this.t;
  }
  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    if (t > this.t && signal?.aborted !== true) this.t = t;
    return Promise.resolve();
  }
}

interface Recorded {
  readonly engineEvents: MarketEvent[];
  readonly events: { time: number; kind: string; message: string; details?: unknown }[];
  readonly bars: { time: number; coins: string[] }[];
  readonly views: CycleView[];
  readonly logs: string[];
  readonly calls: string[];
}

interface Setup {
  /** Tickers at market time t (throw for a failed poll). */
  readonly tickers?: (t: number) => Map<string, Ticker>;
  readonly offset?: (t: number) => number | undefined;
  readonly otherRefusal?: () => string;
  readonly until?: number;
  readonly onShutdown?: 'leave' | 'cancel';
  readonly killFile?: string;
  readonly flatten?: () => Promise<void>;
  readonly onEvent?: (ev: MarketEvent) => Promise<void>;
  readonly lastDecision?: number;
  readonly signal?: AbortSignal;
  readonly afterCycle?: (view: CycleView) => void;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function killPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'algobot-trader-'));
  dirs.push(dir);
  return join(dir, 'KILL');
}

const quotes = (t: number, btc = 100_000 + (t - T0) / MIN, eth = 4_000): Map<string, Ticker> =>
  new Map([
    ['BTC/USD', { pair: 'BTC/USD', bid: btc - 1, ask: btc + 1, last: btc, time: t }],
    ['ETH/USD', { pair: 'ETH/USD', bid: eth - 1, ask: eth + 1, last: eth, time: t }],
  ]);

function trader(s: Setup): { trader: Trader; rec: Recorded; pacer: FakePacer } {
  const rec: Recorded = { engineEvents: [], events: [], bars: [], views: [], logs: [], calls: [] };
  const pacer = new FakePacer(T0);
  const engine = {
    onEvent: async (ev: MarketEvent): Promise<void> => {
      rec.engineEvents.push(ev);
      await s.onEvent?.(ev);
    },
    nextWakeUp: (): number | undefined => undefined,
    onTimer: (): Promise<void> => Promise.resolve(),
    lastDecision: s.lastDecision,
    cancelAll: (): Promise<void> => {
      rec.calls.push('cancelAll');
      return Promise.resolve();
    },
    flatten: async (): Promise<void> => {
      rec.calls.push('flatten');
      await s.flatten?.();
    },
    checkpoint: (): void => {
      rec.calls.push('checkpoint');
    },
  } as unknown as Engine;
  const exchange = {
    tickers: (): Promise<ReadonlyMap<string, Ticker>> =>
      Promise.resolve().then(() => (s.tickers ?? quotes)(pacer.now())),
  } as unknown as ExchangePort;
  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    rec.logs.push(`${level} ${msg}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`);
  const o: TraderOptions = {
    engine,
    exchange,
    store: {
      intent: () => undefined,
      order: () => undefined,
      fill: () => undefined,
      cancel: () => undefined,
      trade: () => undefined,
      decision: () => undefined,
      equity: () => undefined,
      stop: () => undefined,
      skip: () => undefined,
      checkpoint: () => undefined,
      saveBars: (time: number, bars: readonly { coin: string }[]) => {
        rec.bars.push({ time, coins: bars.map((b) => b.coin) });
      },
      event: (time: number, kind: string, message: string, details?: unknown) => {
        rec.events.push(details === undefined ? { time, kind, message } : { time, kind, message, details });
      },
    },
    pacer,
    log: { info: log('info'), warn: log('warn'), error: log('error') },
    coins: COINS,
    unit: 'USD',
    intervalMs: H,
    cycleMs: MIN,
    staleAfterMs: 5 * MIN,
    killFile: s.killFile ?? killPath(),
    onShutdown: s.onShutdown ?? 'leave',
    warmedUpTo: T0,
    clockOffsetMs: () => s.offset?.(pacer.now()),
    maxClockOffsetMs: 30_000,
    otherRefusal: s.otherRefusal ?? (() => ''),
    until: s.until ?? T0 + 2 * H + MIN,
    signal: s.signal ?? new AbortController().signal,
    wall: { now: () => 0 },
    afterCycle: (view) => {
      rec.views.push(view);
      s.afterCycle?.(view);
    },
  };
  return { trader: new Trader(o), rec, pacer };
}

const kinds = (rec: Recorded, ...only: string[]): string[] =>
  rec.events.map((e) => e.kind).filter((k) => only.length === 0 || only.includes(k));

describe('Trader', () => {
  it('trades on fresh tickers: a stop bar every cycle, a decision at each closed hour, bars stored', async () => {
    const { trader: t, rec } = trader({});
    expect(await t.run()).toBe('end-of-replay');
    const decisions = rec.engineEvents.filter((e) => e.kind === 'decision');
    expect(decisions.map((d) => [d.time, d.warmup])).toEqual([
      [T0 + H, false],
      [T0 + 2 * H, false],
    ]);
    expect(decisions[0]?.bars[0]).toMatchObject({ time: T0, open: 100_000, high: 100_059, close: 100_059 });
    expect(rec.engineEvents.filter((e) => e.kind === 'stop')).toHaveLength(rec.views.length);
    expect(rec.bars).toEqual([
      { time: T0, coins: COINS },
      { time: T0 + H, coins: COINS },
    ]);
    expect(rec.views.every((v) => v.trading && v.refusal === '')).toBe(true);
    expect(rec.views.at(-1)).toMatchObject({ decisions: 2, lastBar: T0 + 2 * H, cycles: rec.views.length });
    expect(kinds(rec)).toEqual(['stopped']);
    expect(rec.events.at(-1)).toMatchObject({
      message: 'stopped: end-of-replay',
      details: { onShutdown: 'leave' },
    });
    expect(rec.calls).toEqual(['checkpoint']);
  });

  it('no ticker yet: suspended from the first cycle; the bars still feed the engine as warm-up only', async () => {
    const { trader: t, rec } = trader({
      tickers: () => {
        throw new Error('GET /v3/ticker: HTTP 500');
      },
      until: T0 + 10 * MIN,
    });
    expect(await t.run()).toBe('end-of-replay');
    expect(rec.events.filter((e) => e.kind === 'trading-suspended')).toEqual([
      { time: T0, kind: 'trading-suspended', message: 'no ticker yet' },
    ]);
    expect(rec.engineEvents).toEqual([]);
    expect(
      rec.views.every((v) => !v.trading && v.refusal === 'no ticker yet' && v.tickers === undefined),
    ).toBe(true);
    expect(rec.logs.filter((l) => l.startsWith('warn tickers unavailable'))).toHaveLength(11);
    expect(rec.logs[0]).toContain('HTTP 500');
  });

  it('stale tickers: suspended once (not once per cycle), nothing traded meanwhile, resumed when they return', async () => {
    const down = (t: number): boolean => t > T0 + 10 * MIN && t < T0 + 40 * MIN;
    const { trader: t, rec } = trader({
      tickers: (now) => {
        if (down(now)) throw new Error('network down');
        return quotes(now);
      },
    });
    expect(await t.run()).toBe('end-of-replay');
    const suspended = rec.events.filter((e) => e.kind === 'trading-suspended');
    const resumed = rec.events.filter((e) => e.kind === 'trading-resumed');
    // The last fresh ticker at 00:10; the limit is 5 minutes: suspended at 00:16 (6 minutes, > 5), once.
    expect(suspended).toEqual([
      { time: T0 + 16 * MIN, kind: 'trading-suspended', message: 'no fresh ticker for 360 s (limit 300 s)' },
    ]);
    expect(resumed).toEqual([
      {
        time: T0 + 40 * MIN,
        kind: 'trading-resumed',
        message: 'trading again (was: no fresh ticker for 1740 s (limit 300 s))',
      },
    ]);
    expect(rec.logs.filter((l) => l.startsWith('warn trading suspended'))).toHaveLength(1);
    // The status shows the age as it grows.
    const refusals = rec.views.filter((v) => !v.trading).map((v) => v.refusal);
    expect(refusals[0]).toBe('no fresh ticker for 360 s (limit 300 s)');
    expect(refusals.at(-1)).toBe('no fresh ticker for 1740 s (limit 300 s)');
    // No stop bar (so no stop, no order) between the suspension and the resumption.
    const stops = rec.engineEvents.filter((e) => e.kind === 'stop').map((e) => e.time);
    expect(stops.filter((x) => x >= T0 + 16 * MIN && x < T0 + 40 * MIN)).toEqual([]);
    expect(stops).toContain(T0 + 40 * MIN);
    // The first hour (polls cover its open and its close) was still decided on, once trading again.
    expect(rec.engineEvents.filter((e) => e.kind === 'decision').map((e) => [e.time, e.warmup])).toEqual([
      [T0 + H, false],
      [T0 + 2 * H, false],
    ]);
  });

  it('frozen prices: polls that answer but never move suspend trading until a price moves again', async () => {
    // Every coin's price stands still from 00:10 to 00:40 while the polls keep succeeding.
    const { trader: t, rec } = trader({
      tickers: (now) =>
        quotes(Math.min(Math.max(now, T0), T0 + 10 * MIN) + (now >= T0 + 40 * MIN ? now - T0 : 0)),
    });
    expect(await t.run()).toBe('end-of-replay');
    const suspended = rec.events.filter((e) => e.kind === 'trading-suspended');
    expect(suspended).toEqual([
      {
        time: T0 + 16 * MIN,
        kind: 'trading-suspended',
        message: 'no price has moved for 360 s (limit 300 s): the feed looks frozen',
      },
    ]);
    expect(kinds(rec, 'trading-resumed')).toEqual(['trading-resumed']);
  });

  it('clock offset beyond the limit: suspended once whatever the measured value; bars feed the engine as warm-up', async () => {
    const { trader: t, rec } = trader({ offset: (now) => 45_000 + (now - T0) / MIN });
    expect(await t.run()).toBe('end-of-replay');
    expect(rec.events.filter((e) => e.kind === 'trading-suspended')).toEqual([
      {
        time: T0,
        kind: 'trading-suspended',
        message: 'clock offset 45000 ms from the exchange exceeds 30000 ms',
      },
    ]);
    expect(kinds(rec, 'trading-resumed')).toEqual([]);
    expect(rec.engineEvents.filter((e) => e.kind === 'stop')).toEqual([]);
    expect(rec.engineEvents.map((e) => [e.kind, e.time, e.warmup])).toEqual([
      ['decision', T0 + H, true],
      ['decision', T0 + 2 * H, true],
    ]);
    expect(rec.views.at(-1)).toMatchObject({ trading: false, decisions: 0, lastBar: T0 + 2 * H });
    expect(rec.views.at(-1)?.refusal).toMatch(/^clock offset 451\d\d ms from the exchange exceeds 30000 ms$/);
  });

  it('a negative offset counts as much as a positive one; an unmeasured one not at all', async () => {
    const unmeasured = trader({ offset: () => undefined, until: T0 + 5 * MIN });
    await unmeasured.trader.run();
    expect(kinds(unmeasured.rec, 'trading-suspended')).toEqual([]);
    const again = trader({ offset: () => -31_000, until: T0 + 5 * MIN });
    await again.trader.run();
    expect(again.rec.events[0]?.message).toBe('clock offset -31000 ms from the exchange exceeds 30000 ms');
  });

  it('the exchange says it is not running: suspended with that reason, resumed when it runs again', async () => {
    let running = false;
    const { trader: t, rec } = trader({
      otherRefusal: () => (running ? '' : 'the exchange says it is not running'),
      afterCycle: (v) => {
        if (v.time >= T0 + 20 * MIN) running = true;
      },
      until: T0 + 30 * MIN,
    });
    await t.run();
    expect(rec.events.filter((e) => e.kind.startsWith('trading-'))).toEqual([
      { time: T0, kind: 'trading-suspended', message: 'the exchange says it is not running' },
      {
        time: T0 + 21 * MIN,
        kind: 'trading-resumed',
        message: 'trading again (was: the exchange says it is not running)',
      },
    ]);
  });

  it('decides no hour twice: a bar at or before the last decision (a restart) feeds the engine as warm-up', async () => {
    const { trader: t, rec } = trader({ lastDecision: T0 + H });
    await t.run();
    expect(rec.engineEvents.filter((e) => e.kind === 'decision').map((e) => [e.time, e.warmup])).toEqual([
      [T0 + H, true],
      [T0 + 2 * H, false],
    ]);
    expect(rec.views.at(-1)?.decisions).toBe(1);
  });

  it('a failure mid-cycle is recorded and the loop goes on', async () => {
    let failures = 0;
    const { trader: t, rec } = trader({
      onEvent: (ev) => {
        if (ev.kind === 'stop' && ev.time === T0 + 5 * MIN) {
          failures++;
          return Promise.reject(new Error('POST /v3/place_order: no answer within 10000 ms'));
        }
        return Promise.resolve();
      },
      until: T0 + 10 * MIN,
    });
    expect(await t.run()).toBe('end-of-replay');
    expect(failures).toBe(1);
    expect(rec.events.filter((e) => e.kind === 'cycle-failed')).toEqual([
      {
        time: T0 + 5 * MIN,
        kind: 'cycle-failed',
        message: 'POST /v3/place_order: no answer within 10000 ms',
      },
    ]);
    // Cycles at 00:00 … 00:10: the one at `until` runs too (it closes the bar that ends there).
    expect(rec.views.map((v) => (v.time - T0) / MIN)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('the kill switch: flattens, checkpoints, records it and stops before the next cycle', async () => {
    const kill = killPath();
    const { trader: t, rec } = trader({
      killFile: kill,
      afterCycle: (v) => {
        if (v.cycles === 3) writeFileSync(kill, '');
      },
    });
    expect(await t.run()).toBe('kill-switch');
    expect(rec.views).toHaveLength(3);
    expect(rec.calls).toEqual(['flatten', 'checkpoint']);
    expect(rec.events.at(-1)).toEqual({
      time: T0 + 3 * MIN,
      kind: 'kill-switch',
      message: `kill switch ${kill} found: flattening and stopping`,
    });
    expect(kinds(rec, 'stopped')).toEqual([]);
  });

  it('the kill switch when flattening fails: says so, still stops', async () => {
    const kill = killPath();
    writeFileSync(kill, '');
    const { trader: t, rec } = trader({
      killFile: kill,
      flatten: () => Promise.reject(new Error('exchange down')),
    });
    expect(await t.run()).toBe('kill-switch');
    expect(rec.views).toEqual([]);
    expect(kinds(rec)).toEqual(['kill-switch', 'kill-switch-failed']);
    expect(rec.events[1]?.message).toBe('exchange down');
    expect(rec.logs.some((l) => l.startsWith('error flattening failed; positions may remain'))).toBe(true);
    expect(rec.calls).toEqual(['flatten', 'checkpoint']);
  });

  it('a signal stops after the cycle in progress; on_shutdown cancel cancels resting orders, leave does not', async () => {
    for (const onShutdown of ['cancel', 'leave'] as const) {
      const stop = new AbortController();
      const { trader: t, rec } = trader({
        onShutdown,
        signal: stop.signal,
        until: undefined,
        afterCycle: (v) => {
          if (v.cycles === 2) stop.abort();
        },
      });
      expect(await t.run()).toBe('signal');
      expect(rec.views).toHaveLength(2);
      expect(rec.calls).toEqual(onShutdown === 'cancel' ? ['cancelAll', 'checkpoint'] : ['checkpoint']);
      expect(rec.events.at(-1)).toEqual({
        time: T0 + MIN,
        kind: 'stopped',
        message: 'stopped: signal',
        details: { onShutdown },
      });
    }
  });
});
