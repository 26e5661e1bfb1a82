import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, parseUtc } from '../core/time.js';
import { drawdownSeries, maxDrawdown } from './drawdown.js';
import { cagr, performance, sharpeRatio, sortinoRatio } from './performance.js';
import { dailyEquity, periodsPerYear, simpleReturns } from './series.js';

const T0 = parseUtc('2025-01-01') as number;
const days = (n: number) => Array.from({ length: n }, (_, k) => T0 + k * DAY_MS);

function equityOf(returns: readonly number[], start = 100): number[] {
  const e = [start];
  for (const r of returns) e.push((e[e.length - 1] as number) * (1 + r));
  return e;
}

describe('ratios of a known series', () => {
  // r = 0.01, −0.01, 0.02, 0: mean 0.005; Σ(r − mean)² = 5e-4.
  const r = [0.01, -0.01, 0.02, 0];
  it('Sharpe = mean / std: √0.15 with the sample std, 1/√5 with the population std', () => {
    expect(sharpeRatio(r)).toBeCloseTo(Math.sqrt(0.15), 12);
    expect(sharpeRatio(r, 0)).toBeCloseTo(1 / Math.sqrt(5), 12);
  });
  it('Sortino = mean / sqrt(mean(min(r, 0)²)) = 0.005 / sqrt(1e-4 / 4) = 1', () => {
    expect(sortinoRatio(r)).toBeCloseTo(1, 12);
  });
  it('annualises with √P from the spacing of the series', () => {
    const s = { time: days(5), equity: equityOf(r) };
    const p = performance(s);
    expect(p.periodsPerYear).toBe(365);
    expect(p.sharpe).toBeCloseTo(Math.sqrt(0.15) * Math.sqrt(365), 10);
    expect(p.sortino).toBeCloseTo(Math.sqrt(365), 10);
    expect(p.volatility).toBeCloseTo(Math.sqrt(5e-4 / 3) * Math.sqrt(365), 12);
    expect(periodsPerYear([0, HOUR_MS, 2 * HOUR_MS, 5 * HOUR_MS])).toBe(8760);
  });
});

describe('max drawdown and Calmar', () => {
  it('finds the deepest fall with its peak, trough and recovery dates', () => {
    // 110 → 99 is −10 %; 121 is the first value back above 110; 121 → 115 is only −4.96 %.
    const time = days(6);
    const dd = maxDrawdown({ time, equity: [100, 110, 99, 104.5, 121, 115] });
    expect(dd.depth).toBeCloseTo(0.1, 15);
    expect(dd).toMatchObject({ peakTime: time[1], troughTime: time[2], recoveryTime: time[4] });
    expect(Array.from(drawdownSeries([100, 110, 99, 121]))).toEqual([0, 0, 1 - 99 / 110, 0]);
  });

  it('has no recovery date while under water, and no dates at all without a fall', () => {
    const time = days(3);
    expect(maxDrawdown({ time, equity: [100, 90, 95] })).toMatchObject({
      peakTime: time[0],
      troughTime: time[1],
      recoveryTime: undefined,
    });
    expect(maxDrawdown({ time, equity: [100, 100, 101] })).toEqual({
      depth: 0,
      peakTime: undefined,
      troughTime: undefined,
      recoveryTime: undefined,
    });
  });

  it('CAGR over a 365-day year; Calmar = CAGR / max drawdown', () => {
    // 100 → 121 in two years is 10 % a year; the dip to 88 from 110 is a 20 % drawdown: Calmar 0.5.
    const s = {
      time: [T0, T0 + 365 * DAY_MS, T0 + 500 * DAY_MS, T0 + 730 * DAY_MS],
      equity: [100, 110, 88, 121],
    };
    expect(cagr(s)).toBeCloseTo(0.1, 12);
    const p = performance(s);
    expect(p.totalReturn).toBeCloseTo(0.21, 12);
    expect(p.maxDrawdown.depth).toBeCloseTo(0.2, 12);
    expect(p.calmar).toBeCloseTo(0.5, 10);
  });
});

describe('cross-check against a straightforward two-pass reference', () => {
  it('Sharpe, Sortino and volatility agree on random return series', () => {
    fc.assert(
      fc.property(
        // Whole basis points: returns that the equity series can represent exactly enough to be recovered.
        fc.array(
          fc.integer({ min: -2000, max: 2000 }).map((bp) => bp / 10_000),
          { minLength: 3, maxLength: 200 },
        ),
        (rs) => {
          fc.pre(rs.some((x) => x < 0) && rs.some((x) => x !== rs[0]));
          const equity = equityOf(rs);
          const got = performance({ time: days(equity.length), equity });
          // The reference, written the obvious way from the returns the series implies.
          const r = simpleReturns(equity);
          let sum = 0;
          for (const x of r) sum += x;
          const m = sum / r.length;
          let ss = 0;
          let down = 0;
          for (const x of r) {
            ss += (x - m) * (x - m);
            if (x < 0) down += x * x;
          }
          const sd = Math.sqrt(ss / (r.length - 1));
          const dd = Math.sqrt(down / r.length);
          const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
          expect(rel(got.sharpe, (m / sd) * Math.sqrt(365))).toBeLessThan(1e-9);
          expect(rel(got.sortino, (m / dd) * Math.sqrt(365))).toBeLessThan(1e-9);
          expect(rel(got.volatility, sd * Math.sqrt(365))).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe('dailyEquity', () => {
  it('takes the last mark at or before each 00:00 UTC, carrying it over gaps', () => {
    const t = (d: string) => parseUtc(d) as number;
    const s = {
      time: [
        t('2025-01-01T13:00'),
        t('2025-01-01T23:00'),
        t('2025-01-02T00:00'),
        t('2025-01-02T05:00'),
        t('2025-01-04T01:00'),
      ],
      equity: [1, 2, 3, 4, 5],
    };
    expect(dailyEquity(s)).toEqual({
      time: [t('2025-01-02'), t('2025-01-03'), t('2025-01-04')],
      equity: [3, 4, 4],
    });
    expect(dailyEquity({ time: [], equity: [] })).toEqual({ time: [], equity: [] });
  });
});
