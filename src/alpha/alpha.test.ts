import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { FEATURE_COUNT, FEATURE_INDEX } from '../features/feature-set.js';
import { DEFAULT_COST_PARAMS, perBarReturn, roundTripCost, scoreAlpha, type AlphaParams } from './alpha.js';
import { DEFAULT_FALLBACK_PARAMS, fallbackExpectedReturn } from './fallback.js';
import { alphaParamsFromConfig } from './from-config.js';

const PARAMS: AlphaParams = {
  weight6h: { trend: 0.4, chop: 0.6, down: 0.5 },
  holdingBars: 24,
  cost: DEFAULT_COST_PARAMS,
  minNetReturn: 0,
  fallback: DEFAULT_FALLBACK_PARAMS,
};

/** Feature rows for n assets with the given 24h volatility per bar and a mild momentum profile. */
function rows(vols: readonly number[]): Float64Array {
  const f = new Float64Array(vols.length * FEATURE_COUNT);
  vols.forEach((v, a) => {
    const o = a * FEATURE_COUNT;
    f[o + FEATURE_INDEX.rvol_24] = v;
    f[o + FEATURE_INDEX.ret_24h] = 0.05 * (a + 1);
    f[o + FEATURE_INDEX.ret_6h] = 0.01;
    f[o + FEATURE_INDEX.zscore_ema_24] = 0.5;
  });
  return f;
}

describe('roundTripCost', () => {
  it('pays fee, half-spread and slippage on the way in and out', () => {
    // fee = 0.5·0.0005 + 0.5·0.001 = 0.00075; (1 + 5) bp = 0.0006; × 2 = 0.0027
    expect(roundTripCost(DEFAULT_COST_PARAMS)).toBeCloseTo(0.0027, 15);
    expect(roundTripCost({ ...DEFAULT_COST_PARAMS, makerShare: 0 }, 0)).toBeCloseTo(2 * (0.001 + 0.0005), 15);
  });
});

describe('scoreAlpha with models', () => {
  it('converts predictions to per-bar returns and blends them with the regime weight', () => {
    const f = rows([0.01, 0.02]);
    const pred6h = Float64Array.of(0.2, -0.1);
    const pred24h = Float64Array.of(0.3, 0.4);
    const out = scoreAlpha({ features: f, regime: 'chop', pred6h, pred24h }, PARAMS);
    expect(out.source).toBe('models');
    // asset 0: e6 = 0.2·0.01·√6, e24 = 0.3·0.01·√24; rate = 0.6·e6/6 + 0.4·e24/24; gross = 24·rate
    const e6 = 0.2 * 0.01 * Math.sqrt(6);
    const e24 = 0.3 * 0.01 * Math.sqrt(24);
    const gross0 = 24 * (0.6 * (e6 / 6) + 0.4 * (e24 / 24));
    expect(out.gross[0]).toBeCloseTo(gross0, 15);
    expect(out.net[0]).toBeCloseTo(gross0 - roundTripCost(DEFAULT_COST_PARAMS), 15);
    expect(perBarReturn(0.3, 0.01, 24)).toBeCloseTo(e24 / 24, 16);
  });

  it('uses the regime: the same predictions score differently in trend and chop', () => {
    const f = rows([0.01]);
    const pred6h = Float64Array.of(1);
    const pred24h = Float64Array.of(-1);
    const trend = scoreAlpha({ features: f, regime: 'trend', pred6h, pred24h }, PARAMS).gross[0] as number;
    const chop = scoreAlpha({ features: f, regime: 'chop', pred6h, pred24h }, PARAMS).gross[0] as number;
    expect(chop).toBeGreaterThan(trend);
  });

  it('trades only when the edge exceeds the round-trip cost plus the minimum', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 0.01 }),
        (p, minNet) => {
          const out = scoreAlpha(
            {
              features: rows([0.01]),
              regime: 'trend',
              pred6h: Float64Array.of(p),
              pred24h: Float64Array.of(p),
            },
            { ...PARAMS, minNetReturn: minNet },
          );
          const g = out.gross[0] as number;
          expect(out.tradable[0]).toBe(g - roundTripCost(DEFAULT_COST_PARAMS) > minNet ? 1 : 0);
        },
      ),
    );
  });

  it('uses a per-asset half-spread when the quote is known (a wide tick costs more)', () => {
    const f = rows([0.01, 0.01]);
    const pred = Float64Array.of(1, 1);
    const out = scoreAlpha(
      { features: f, regime: 'trend', pred6h: pred, pred24h: pred, halfSpreadBps: Float64Array.of(0, 50) },
      PARAMS,
    );
    expect((out.net[0] as number) - (out.net[1] as number)).toBeCloseTo(2 * 50e-4, 15);
  });

  it('does not score an asset whose prediction or volatility is missing', () => {
    const f = rows([0.01, Number.NaN]);
    const out = scoreAlpha(
      { features: f, regime: 'down', pred6h: Float64Array.of(NaN, 1), pred24h: Float64Array.of(1, 1) },
      PARAMS,
    );
    expect(Number.isNaN(out.net[0])).toBe(true);
    expect(Number.isNaN(out.net[1])).toBe(true);
    expect(Array.from(out.tradable)).toEqual([0, 0]);
  });

  it('falls back to one model when the other is missing, and says so', () => {
    const f = rows([0.01]);
    const only24 = scoreAlpha({ features: f, regime: 'chop', pred24h: Float64Array.of(0.5) }, PARAMS);
    expect(only24.source).toBe('model-24h');
    expect(only24.gross[0]).toBeCloseTo(24 * perBarReturn(0.5, 0.01, 24), 15);
  });
});

describe('scoreAlpha without models', () => {
  it('uses the fallback scorer on the same scale (its 24h expected return per bar, over the holding period)', () => {
    const f = rows([0.01, 0.02, 0.03]);
    const out = scoreAlpha({ features: f, regime: 'trend' }, PARAMS);
    expect(out.source).toBe('fallback');
    for (let a = 0; a < 3; a++) {
      const e24 = fallbackExpectedReturn(f, a * FEATURE_COUNT, DEFAULT_FALLBACK_PARAMS);
      expect(out.gross[a]).toBeCloseTo((e24 / 24) * 24, 15);
    }
  });
});

describe('alphaParamsFromConfig', () => {
  it('maps the shipped config', async () => {
    const { config } = await loadConfig('config/config.yaml', { env: {}, cwd: process.cwd() });
    const p = alphaParamsFromConfig(config.alpha);
    expect(p.cost).toEqual(DEFAULT_COST_PARAMS);
    expect(p.holdingBars).toBe(24);
    expect(p.weight6h).toEqual({ trend: 0.4, chop: 0.6, down: 0.5 });
  });
});
