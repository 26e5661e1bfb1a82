// Where the per-coin score that the portfolio ranks comes from. `ml`: the LightGBM models (or the fallback) →
// alpha by regime, net of costs. `ma_crossover`: the baseline, 1 while the fast moving average of closes is above
// the slow one, else 0, with equal volatility so that the same portfolio construction (caps, sleeve, cash
// buffer, drawdown scaling, hysteresis) gives equal weights. Both run inside the one engine.
import { scoreAlpha, type AlphaParams, type AlphaSource } from '../alpha/alpha.js';
import type { Regime } from '../domain/universe.js';
import type { MarketState } from './market-state.js';

export interface Scores {
  /** Net score per coin (NaN: not scorable). */
  readonly alpha: Float64Array;
  /** Volatility per coin for the inverse-volatility weights (NaN: unknown). */
  readonly volatility: Float64Array;
  readonly source: AlphaSource | 'ma-crossover';
}

/** One model as the engine needs it: predictions from assets × 13 feature rows. */
export interface Predictor {
  readonly name: string;
  predict(features: Float64Array): Float64Array;
}

export interface TargetSource {
  score(m: MarketState, regime: Regime): Scores;
}

/**
 * Volatility of the coins whose score could win a position (`need[a]`), NaN for the rest: the portfolio rules a
 * coin out on its score before it looks at volatility, so the others' σ would never be read, and computing σ of
 * 168 returns for every coin every hour is most of a decision's work.
 */
/**
 * Volatility of the coins whose score could win a position, NaN for the rest: the portfolio rules a coin out on
 * its score before it looks at volatility, so the others' σ would never be read.
 */
function volatilities(m: MarketState, need: (a: number) => boolean): Float64Array {
  const v = new Float64Array(m.assets.length).fill(NaN);
  for (let a = 0; a < v.length; a++) if (need(a)) v[a] = m.volatility(a);
  return v;
}

export class MlTargets implements TargetSource {
  readonly #params: AlphaParams;
  readonly #m6: Predictor | undefined;
  readonly #m24: Predictor | undefined;

  constructor(params: AlphaParams, m6?: Predictor, m24?: Predictor) {
    this.#params = params;
    this.#m6 = m6;
    this.#m24 = m24;
  }

  score(m: MarketState, regime: Regime): Scores {
    const features = m.features.values;
    const out = scoreAlpha(
      {
        features,
        regime,
        pred6h: this.#m6?.predict(features),
        pred24h: this.#m24?.predict(features),
      },
      this.#params,
    );
    const min = this.#params.minNetReturn;
    const volatility = volatilities(m, (a) => (out.net[a] as number) > min);
    return { alpha: out.net, volatility, source: out.source };
  }
}

export class MaCrossoverTargets implements TargetSource {
  readonly #fast: number;
  readonly #slow: number;

  constructor(fast: number, slow: number) {
    if (!(Number.isInteger(fast) && Number.isInteger(slow) && fast >= 1 && slow > fast)) {
      throw new RangeError(`ma_crossover needs integers 1 ≤ fast < slow, got ${fast} and ${slow}`);
    }
    this.#fast = fast;
    this.#slow = slow;
  }

  score(m: MarketState): Scores {
    const n = m.assets.length;
    const alpha = new Float64Array(n);
    const volatility = new Float64Array(n).fill(1);
    for (let a = 0; a < n; a++) {
      const w = m.closes[a] as Float64Array;
      const fast = meanOfLast(w, this.#fast);
      const slow = meanOfLast(w, this.#slow);
      alpha[a] = Number.isNaN(fast) || Number.isNaN(slow) ? NaN : fast > slow ? 1 : 0;
    }
    return { alpha, volatility, source: 'ma-crossover' };
  }
}

function meanOfLast(w: Float64Array, k: number): number {
  if (k > w.length) return NaN;
  let s = 0;
  for (let i = w.length - k; i < w.length; i++) s += w[i] as number;
  return s / k;
}
