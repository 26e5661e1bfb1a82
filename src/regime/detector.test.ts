import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/time.js';
import { seriesFromCandles } from '../data/candles.js';
import { detectRegimes, unionTimes } from './batch.js';
import { RegimeDetector } from './detector.js';
import { DEFAULT_REGIME_PARAMS, REGIMES, regimeCode, type Regime, type RegimeParams } from './params.js';

// Lookback 10 bars, stress window 4: scenarios of a few dozen bars exercise every rule.
const P: RegimeParams = { ...DEFAULT_REGIME_PARAMS, lookbackBars: 10, stressBars: 4, confirmBars: 3 };

/** Runs a detector over per-bar closes [BTC, ETH, SOL]; returns the regime after each bar. */
function run(closes: number[][], params = P): Array<Regime | undefined> {
  const d = new RegimeDetector(['BTC', 'ETH', 'SOL'], params);
  return closes.map((c, i) => d.update(i * HOUR_MS, c));
}

/** n bars of every coin compounding at `rate` per bar from `from`. */
function path(from: number[], rate: number, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => from.map((x) => x * (1 + rate) ** (i + 1)));
}
const last = (rows: number[][]): number[] => rows[rows.length - 1] as number[];

describe('RegimeDetector', () => {
  it('calls a broad steady rise a trend, a broad fall down and a flat market chop', () => {
    expect(run(path([100, 10, 1], 0.01, 30)).slice(10)).toEqual(Array(20).fill('trend'));
    expect(run(path([100, 10, 1], -0.01, 30)).slice(10)).toEqual(Array(20).fill('down'));
    expect(run(path([100, 10, 1], 0, 30)).slice(10)).toEqual(Array(20).fill('chop'));
  });

  it('warms up for lookbackBars benchmark bars', () => {
    const out = run(path([100, 10, 1], 0.01, 12));
    expect(out.slice(0, 10)).toEqual(Array(10).fill(undefined));
    expect(out[10]).toBe('trend');
    expect(new RegimeDetector(['BTC'], DEFAULT_REGIME_PARAMS).warmup).toBe(168);
  });

  it('needs breadth for a trend: BTC rising alone while the rest falls is chop', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [100 * 1.01 ** i, 10 * 0.99 ** i, 0.99 ** i]);
    expect(run(rows).slice(10)).toEqual(Array(20).fill('chop'));
  });

  it('calls a mild BTC dip down when the breadth collapses with it', () => {
    // BTC −0.2 %/bar (−2 % over the lookback: above the −5 % threshold), alts −2 %/bar: breadth 0.
    const rows = Array.from({ length: 30 }, (_, i) => [100 * 0.998 ** i, 10 * 0.98 ** i, 0.98 ** i]);
    const d = new RegimeDetector(['BTC', 'ETH', 'SOL'], P);
    const out = rows.map((c, i) => d.update(i * HOUR_MS, c));
    expect(d.signals.lookbackReturn).toBeGreaterThan(-0.05);
    expect(d.signals.breadth).toBe(0);
    expect(out.slice(10)).toEqual(Array(20).fill('down'));
  });

  it('ignores an indication that lasts fewer than confirmBars bars, adopts one that lasts', () => {
    const up = path([100, 10, 1], 0.01, 30);
    // One bar 20 % lower, then straight back onto the trend.
    const blip = [...up, last(up).map((x) => x * 0.8), ...path(last(up), 0.01, 10)];
    const out = run(blip);
    expect(out.slice(10)).toEqual(Array(out.length - 10).fill('trend'));
    // A lasting 20 % drop is down from its third bar on (confirmBars = 3).
    const crash = [
      ...up,
      ...path(
        last(up).map((x) => x * 0.8),
        0,
        6,
      ),
    ];
    const out2 = run(crash);
    expect(out2.slice(30, 36)).toEqual(['trend', 'trend', 'down', 'down', 'down', 'down']);
  });

  it('keeps a trend while the return stays above exitRatio × the threshold (hysteresis)', () => {
    // Enter at +1 %/bar (+10 % over 10 bars), then +0.2 %/bar: +2 %, below the 3 % entry but above 1.5 %.
    const enter = path([100, 10, 1], 0.01, 20);
    const slow = path(last(enter), 0.002, 20);
    const d = new RegimeDetector(['BTC', 'ETH', 'SOL'], P);
    const out = [...enter, ...slow].map((c, i) => d.update(i * HOUR_MS, c));
    expect(d.signals.lookbackReturn).toBeLessThan(P.trendThreshold);
    expect(out.slice(10)).toEqual(Array(30).fill('trend'));
    // The same slow rise seen from a neutral start is not enough to enter a trend.
    const fresh = run([...path([100, 10, 1], 0.002, 40)]);
    expect(fresh.slice(10)).toEqual(Array(30).fill('chop'));
  });

  it('turns down on a volatility shock on the way down, before the weekly return does', () => {
    // Calm rise, then wild swings with a net fall over the stress window; BTC still up over the lookback.
    const calm = Array.from({ length: 20 }, (_, i) => [
      100 * (1 + 0.003 * i + (i % 2) * 0.001),
      10 + 0.1 * i,
      1 + 0.01 * i,
    ]);
    const b = last(calm)[0] as number;
    const shock = [1.05, 0.94, 1.04, 0.93].map((f, i, fs) => [
      b * fs.slice(0, i + 1).reduce((a, x) => a * x, 1),
      12,
      1.2,
    ]);
    const d = new RegimeDetector(['BTC', 'ETH', 'SOL'], { ...P, confirmBars: 1 });
    const out = [...calm, ...shock].map((c, i) => d.update(i * HOUR_MS, c));
    const s = d.signals;
    expect(s.volRatio).toBeGreaterThanOrEqual(P.stressRatio);
    expect(s.shortReturn).toBeLessThan(0);
    expect(s.lookbackReturn).toBeGreaterThan(-P.downThreshold);
    expect(s.breadth).toBeGreaterThan(P.breadthDown);
    expect(out[out.length - 1]).toBe('down');
    // Without the stress rule the same bars are not down: the shock alone decided.
    const calmer = new RegimeDetector(['BTC', 'ETH', 'SOL'], { ...P, confirmBars: 1, stressRatio: 1e9 });
    const out3 = [...calm, ...shock].map((c, i) => calmer.update(i * HOUR_MS, c));
    expect(out3[out3.length - 1]).not.toBe('down');
  });

  it('counts only listed assets with a full window in the breadth, and holds on a missing benchmark bar', () => {
    const d = new RegimeDetector(['BTC', 'NEW'], P);
    for (let i = 0; i < 15; i++) d.update(i * HOUR_MS, [100 * 1.01 ** i, i < 12 ? NaN : 5 * 0.9 ** i]);
    expect(d.signals.breadth).toBe(1); // NEW has 3 bars: not eligible yet
    expect(d.regime).toBe('trend');
    const before = d.signals;
    expect(d.update(15 * HOUR_MS, [NaN, 1])).toBe('trend');
    expect(d.signals).toBe(before);
  });

  it('rejects bad input', () => {
    expect(() => new RegimeDetector(['ETH'], P)).toThrow(/benchmark BTC/);
    expect(() => new RegimeDetector(['BTC', 'BTC'], P)).toThrow(/twice/);
    expect(() => new RegimeDetector(['BTC'], { ...P, stressBars: 9 })).toThrow(/regime\.stressBars/);
    expect(() => new RegimeDetector(['BTC'], { ...P, breadthDown: 0.6 })).toThrow(/regime\.breadthDown/);
    const d = new RegimeDetector(['BTC', 'ETH'], P);
    d.update(HOUR_MS, [1, 1]);
    expect(() => d.update(HOUR_MS, [1, 1])).toThrow(/not after/);
    expect(() => d.update(2 * HOUR_MS, [1])).toThrow(/expected 2 closes/);
    expect(() => d.update(3 * HOUR_MS, [1, 0])).toThrow(/close of ETH/);
  });

  it('starts over after reset', () => {
    const rows = [...path([100, 10, 1], 0.01, 20), ...path([120, 12, 1.2], -0.01, 20)];
    const d = new RegimeDetector(['BTC', 'ETH', 'SOL'], P);
    const first = rows.map((c, i) => d.update(i * HOUR_MS, c));
    d.reset();
    expect(d.regime).toBeUndefined();
    expect(rows.map((c, i) => d.update(i * HOUR_MS, c))).toEqual(first);
  });
});

describe('detectRegimes', () => {
  it('aligns series on the union of their times and codes regimes as REGIMES indices', () => {
    const mk = (coin: string, from: number, n: number, rate: number) =>
      seriesFromCandles(
        coin,
        '1h',
        HOUR_MS,
        Array.from({ length: n }, (_, i) => {
          const c = 100 * (1 + rate) ** i;
          return { time: (from + i) * HOUR_MS, open: c, high: c, low: c, close: c, volume: 1 };
        }),
      );
    const btc = mk('BTC', 0, 30, 0.01);
    const late = mk('ETH', 5, 25, 0.01);
    expect(Array.from(unionTimes([late, btc]))).toEqual(Array.from(btc.time));
    const r = detectRegimes([btc, late], P);
    expect(r.coins).toEqual(['BTC', 'ETH']);
    expect(Array.from(r.code.subarray(0, 10)).every(Number.isNaN)).toBe(true);
    expect(Array.from(r.code.subarray(10))).toEqual(Array(20).fill(regimeCode('trend')));
    expect(REGIMES[regimeCode('down')]).toBe('down');
    expect(r.breadth[29]).toBe(1);
  });
});
