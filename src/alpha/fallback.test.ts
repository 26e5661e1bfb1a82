import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_INDEX, type FeatureName } from '../features/feature-set.js';
import { DEFAULT_FALLBACK_PARAMS, fallbackExpectedReturn, fallbackScore } from './fallback.js';

function row(values: Partial<Record<FeatureName, number>>): Float64Array {
  const r = new Float64Array(FEATURE_COUNT).fill(0.123); // unrelated features must not matter
  for (const [k, v] of Object.entries(values)) r[FEATURE_INDEX[k as FeatureName]] = v;
  return r;
}

describe('fallbackScore', () => {
  it('is 0.5·ret_24h/(rvol·√24) + 0.3·ret_6h/(rvol·√6) − 0.2·zscore_ema_24', () => {
    const r = row({ ret_24h: 0.048, ret_6h: -0.012, zscore_ema_24: 1.5, rvol_24: 0.01 });
    // 0.048 / (0.01·√24) = 0.9798, −0.012 / (0.01·√6) = −0.4899
    const want = 0.5 * (0.048 / (0.01 * Math.sqrt(24))) + 0.3 * (-0.012 / (0.01 * Math.sqrt(6))) - 0.2 * 1.5;
    expect(fallbackScore(r)).toBeCloseTo(want, 15);
    expect(fallbackScore(r)).toBeCloseTo(0.4899 - 0.147 - 0.3, 3);
  });

  it('reads the row at an offset (a universe matrix)', () => {
    const a = row({ ret_24h: 0.1, ret_6h: 0.02, zscore_ema_24: 0, rvol_24: 0.02 });
    const b = row({ ret_24h: -0.1, ret_6h: 0, zscore_ema_24: 1, rvol_24: 0.03 });
    const m = new Float64Array([...a, ...b]);
    expect(fallbackScore(m, FEATURE_COUNT)).toBe(fallbackScore(b));
    expect(fallbackScore(m, 0)).toBe(fallbackScore(a));
  });

  it('rises with momentum, falls with the stretch above the EMA, and shrinks with volatility', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.1, noNaN: true }),
        (r24, r6, z, vol) => {
          const s = (v: Partial<Record<FeatureName, number>>) =>
            fallbackScore(row({ ret_24h: r24, ret_6h: r6, zscore_ema_24: z, rvol_24: vol, ...v }));
          const base = s({});
          expect(s({ ret_24h: r24 + 0.01 })).toBeGreaterThan(base);
          expect(s({ ret_6h: r6 + 0.01 })).toBeGreaterThan(base);
          expect(s({ zscore_ema_24: z + 0.5 })).toBeLessThan(base);
          // Doubling volatility halves the momentum part.
          const momentum = base + 0.2 * z;
          expect(s({ rvol_24: vol * 2 }) + 0.2 * z).toBeCloseTo(momentum / 2, 9);
        },
      ),
    );
  });

  it('scores no momentum at zero volatility and nothing while a feature warms up', () => {
    expect(fallbackScore(row({ ret_24h: 0, ret_6h: 0, zscore_ema_24: 0.5, rvol_24: 0 }))).toBe(-0.1);
    expect(fallbackScore(row({ ret_24h: NaN, ret_6h: 0, zscore_ema_24: 0, rvol_24: 0.01 }))).toBeNaN();
    expect(fallbackScore(row({ ret_24h: 0, ret_6h: 0, zscore_ema_24: NaN, rvol_24: 0.01 }))).toBeNaN();
  });
});

describe('fallbackExpectedReturn', () => {
  it('is IC · 24h volatility · score (Grinold)', () => {
    const r = row({ ret_24h: 0.05, ret_6h: 0.01, zscore_ema_24: 0.3, rvol_24: 0.008 });
    const want = DEFAULT_FALLBACK_PARAMS.ic * 0.008 * Math.sqrt(24) * fallbackScore(r);
    expect(fallbackExpectedReturn(r)).toBe(want);
    expect(fallbackExpectedReturn(r, 0, { ...DEFAULT_FALLBACK_PARAMS, ic: 0 })).toBe(0);
  });
});
