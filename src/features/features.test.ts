import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/time.js';
import { candleAt, seriesFromCandles, type Candle } from '../data/candles.js';
import { walkSeries, walkSteps } from '../../test/helpers/ohlcv-walk.js';
import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  FeatureSet,
  computeFeatures,
  createFeatureCalculators,
  featureColumn,
  foldSeries,
} from './feature-set.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from './params.js';
import { RollingMax, RollingWindow, smootherWarmup } from './rolling.js';
import { UniverseFeatures } from './universe-features.js';

function twoPassStd(xs: number[], ddof: number): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - ddof));
}

describe('RollingWindow', () => {
  it('keeps the last `size` values and their mean and std, to 1e-9 of a two-pass reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 80 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom(1e-10, 1e-6, 1e-3, 1, 1e3),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 200 }),
        (size, level, scale, noise) => {
          // Prices and returns span 1e-10 … 1e6; a large level with small noise is where running sums lose
          // their digits. (Values near 1e-160, whose squares underflow, are no market's.)
          const xs = noise.map((k) => level + k * scale);
          const w = new RollingWindow(size);
          xs.forEach((x, i) => {
            w.push(x);
            const held = xs.slice(Math.max(0, i + 1 - size), i + 1);
            expect(w.count).toBe(held.length);
            expect(w.ago(0)).toBe(x);
            expect(w.ago(held.length - 1)).toBe(held[0]);
            expect(w.ago(held.length)).toBeNaN();
            const ref = twoPassStd(held, 0);
            // Any mean-deviation formula rounds at a few ulps of the level; beyond that, 1e-9 relative.
            const floor = 8 * Number.EPSILON * Math.max(...held.map(Math.abs));
            expect(Math.abs(w.std(0) - ref)).toBeLessThanOrEqual(1e-9 * ref + floor);
            const m = held.reduce((a, b) => a + b, 0) / held.length;
            expect(Math.abs(w.mean() - m)).toBeLessThanOrEqual(1e-12 * Math.abs(m) + 1e-12);
          });
        },
      ),
    );
  });

  it('gives exactly the value and exactly zero spread for a window of equal values', () => {
    // 0.1 summed 7 times and divided by 7 is not 0.1 in binary floating point.
    const w = new RollingWindow(7);
    for (let i = 0; i < 10; i++) w.push(0.1);
    expect(w.mean()).toBe(0.1);
    expect(w.std(0)).toBe(0);
    expect(w.std(1)).toBe(0);
  });

  it('has no sample std for fewer than two values, and rejects a bad size', () => {
    const w = new RollingWindow(3);
    expect(w.mean()).toBeNaN();
    w.push(1);
    expect(w.std(1)).toBeNaN();
    expect(w.std(0)).toBe(0);
    expect(() => new RollingWindow(0)).toThrow(RangeError);
    expect(() => new RollingWindow(2.5)).toThrow(RangeError);
  });
});

describe('RollingMax', () => {
  it('equals the naive max of the last `size` values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }),
        (size, xs) => {
          const m = new RollingMax(size);
          xs.forEach((x, i) => {
            m.push(x);
            expect(m.max()).toBe(Math.max(...xs.slice(Math.max(0, i + 1 - size), i + 1)));
            expect(m.full).toBe(i + 1 >= size);
          });
        },
      ),
    );
  });
});

describe('smootherWarmup', () => {
  it('is the first k with decay^k ≤ seedWeight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 500 }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (n, w) => {
          const decay = (n - 1) / (n + 1);
          const k = smootherWarmup(decay, w);
          expect(decay ** k).toBeLessThanOrEqual(w * (1 + 1e-12));
          expect(decay ** (k - 1)).toBeGreaterThan(w * (1 - 1e-12));
        },
      ),
    );
    expect(() => smootherWarmup(1, 1e-3)).toThrow(RangeError);
    expect(() => smootherWarmup(0.5, 0)).toThrow(RangeError);
  });
});

describe('quiet markets', () => {
  it('give defined neutral values, never NaN or Infinity, on flat zero-volume bars', () => {
    const flat: Candle[] = Array.from({ length: 400 }, (_, i) => ({
      time: i * HOUR_MS,
      open: 0.1,
      high: 0.1,
      low: 0.1,
      close: 0.1,
      volume: 0,
    }));
    const row = featureColumnsAt(computeFeatures(seriesFromCandles('Q', '1h', HOUR_MS, flat), 3), 399);
    expect(row).toEqual({
      ret_1h: 0,
      ret_3h: 0,
      ret_6h: 0,
      ret_24h: 0,
      zscore_ema_24: 0,
      zscore_ema_72: 0,
      rsi_14: 50,
      bb_pos_20: 0,
      rvol_24: 0,
      atr_pct_14: 0,
      drawdown_168: 0,
      volume_ratio_24: 1,
      tier: 3,
    });
  });

  it('give a z-score of 0 (not ±Infinity) when prices stop moving after a move', () => {
    const bars: Candle[] = Array.from({ length: 300 }, (_, i) => {
      const c = i < 150 ? 100 + i : 249;
      return { time: i * HOUR_MS, open: c, high: c, low: c, close: c, volume: i < 150 ? 5 : 0 };
    });
    const m = computeFeatures(seriesFromCandles('Q', '1h', HOUR_MS, bars), 2);
    const row = featureColumnsAt(m, 299);
    expect(row.zscore_ema_24).toBe(0); // σ of the last 24 returns is 0 though the EMA still lags
    expect(row.zscore_ema_72).toBe(0);
    // Wilder's average gain decays but never reaches 0, and no loss was ever seen: RSI stays 100.
    expect(row.rsi_14).toBe(100);
    expect(row.bb_pos_20).toBe(0);
    expect(row.rvol_24).toBe(0);
    expect(row.volume_ratio_24).toBe(1);
    expect(Object.values(row).every(Number.isFinite)).toBe(true);
  });
});

function featureColumnsAt(m: ReturnType<typeof computeFeatures>, i: number): Record<string, number> {
  return Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, m.data[i * m.cols + j] as number]));
}

describe('FeatureSet and computeFeatures', () => {
  it('lays the 13 calculators out in FEATURE_NAMES order, each column its calculator folded alone', () => {
    fc.assert(
      fc.property(walkSteps(1, 300), (steps) => {
        const s = walkSeries('X', steps);
        const m = computeFeatures(s, 1);
        expect(m.cols).toBe(FEATURE_COUNT);
        expect(m.rows).toBe(s.length);
        createFeatureCalculators(1).forEach((calc, j) => {
          expect(calc.name).toBe(FEATURE_NAMES[j]);
          const alone = foldSeries(calc, s);
          const col = featureColumn(m, calc.name as (typeof FEATURE_NAMES)[number]);
          expect(alone.every((v, i) => Object.is(v, col[i]))).toBe(true);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('starts over after reset', () => {
    const s = walkSeries('X', fc.sample(walkSteps(300, 300), { numRuns: 1, seed: 7 })[0] ?? []);
    const set = new FeatureSet(2);
    const first = Array.from({ length: s.length }, (_, i) => Array.from(set.update(candleAt(s, i))));
    set.reset();
    expect(Array.from(set.values).every(Number.isNaN)).toBe(true);
    const again = Array.from({ length: s.length }, (_, i) => Array.from(set.update(candleAt(s, i))));
    expect(again).toEqual(first);
  });

  it('rejects parameters out of range, naming them', () => {
    const bad = (p: Partial<FeatureParams>) => () => new FeatureSet(1, { ...DEFAULT_FEATURE_PARAMS, ...p });
    expect(bad({ rsiPeriod: 1 })).toThrow(/features\.rsiPeriod/);
    expect(bad({ emaSpans: [24, 1.5] })).toThrow(/features\.emaSpans\[1\]/);
    expect(bad({ seedWeight: 0 })).toThrow(/features\.seedWeight/);
    expect(() => new FeatureSet(4 as 1)).toThrow(/tier/);
  });

  it('indexes features by name', () => {
    expect(FEATURE_INDEX.ret_1h).toBe(0);
    expect(FEATURE_INDEX.tier).toBe(12);
    expect(FEATURE_COUNT).toBe(13);
  });
});

describe('UniverseFeatures', () => {
  it('equals each asset computed alone; a missing bar gives a NaN row and does not advance the asset', () => {
    const steps = fc.sample(walkSteps(300, 320), { numRuns: 2, seed: 11 });
    const a = walkSeries('A', steps[0] ?? []);
    const b = walkSeries('B', steps[1] ?? []);
    const u = new UniverseFeatures([
      { coin: 'A', tier: 1 },
      { coin: 'B', tier: 3 },
    ]);
    const n = Math.min(a.length, b.length);
    const skip = 40; // B has no bar at step 40: it sees one bar fewer
    const ma = computeFeatures(a, 1);
    const bBars = Array.from({ length: n }, (_, i) => candleAt(b, i)).filter((_, i) => i !== skip);
    const mb = computeFeatures(seriesFromCandles('B', '1h', HOUR_MS, bBars), 3);
    for (let i = 0; i < n; i++) {
      const out = u.update([candleAt(a, i), i === skip ? undefined : candleAt(b, i)]);
      expect(Array.from(u.row(0))).toEqual(Array.from(ma.data.subarray(i * 13, i * 13 + 13)));
      const bRow =
        i === skip
          ? new Float64Array(13).fill(NaN)
          : mb.data.subarray((i - (i > skip ? 1 : 0)) * 13).subarray(0, 13);
      expect(Array.from(out.subarray(13, 26))).toEqual(Array.from(bRow));
    }
    expect(u.warmup).toBe(249);
    expect(() => u.update([undefined])).toThrow(/expected 2 bars/);
    expect(
      () =>
        new UniverseFeatures([
          { coin: 'A', tier: 1 },
          { coin: 'A', tier: 2 },
        ]),
    ).toThrow(/twice/);
  });
});
