// Regime parameters. Bars are decision bars (hourly by default). The first five map one-to-one onto the
// config's `regime` section (benchmark, lookback_hours, trend_threshold, down_threshold, confirm_hours); the
// rest are fixed a priori and documented in docs/strategy.md.

import type { Regime } from '../domain/universe.js';

export { REGIMES, type Regime } from '../domain/universe.js';

/** Numeric code of a regime (its index in REGIMES): trend 0, chop 1, down 2. */
export function regimeCode(r: Regime): number {
  return r === 'trend' ? 0 : r === 'chop' ? 1 : 2;
}

export interface RegimeParams {
  /** Coin whose trend stands for the market's. */
  readonly benchmark: string;
  /** Lookback of the benchmark's return, of its long volatility and of every asset's breadth average. */
  readonly lookbackBars: number;
  /** Benchmark lookback return (simple, e.g. 0.03 = +3 %) at or above which a trend may begin. */
  readonly trendThreshold: number;
  /** Benchmark lookback return at or below −downThreshold that makes the market down. */
  readonly downThreshold: number;
  /** Consecutive bars a new regime must be indicated before it is adopted. */
  readonly confirmBars: number;
  /**
   * Hysteresis: while a regime is in force, each of its return thresholds moves in its favour by
   * (1 − exitRatio) × its entry threshold (trend holds down to +1.5 % with the defaults, down up to −2.5 %).
   */
  readonly exitRatio: number;
  /** Share of assets above their own lookback average needed for a trend. */
  readonly breadthTrend: number;
  /** At or below this share, with the benchmark down over the lookback, the market is down. */
  readonly breadthDown: number;
  /** Hysteresis on breadth: once in a regime its breadth condition is relaxed by this much. */
  readonly breadthBand: number;
  /** Window of the benchmark's short volatility and short return (stress test); ≤ lookbackBars − 2. */
  readonly stressBars: number;
  /**
   * Stress: σ of the last stressBars 1-bar returns ≥ stressRatio × σ of the lookbackBars − stressBars returns
   * before them, while the benchmark is down over stressBars.
   */
  readonly stressRatio: number;
}

export const DEFAULT_REGIME_PARAMS: RegimeParams = {
  benchmark: 'BTC',
  lookbackBars: 168,
  trendThreshold: 0.03,
  downThreshold: 0.05,
  confirmBars: 3,
  exitRatio: 0.5,
  breadthTrend: 0.5,
  breadthDown: 0.3,
  breadthBand: 0.1,
  stressBars: 24,
  stressRatio: 2,
};

/** Throws a RangeError naming the first parameter out of range. */
export function checkRegimeParams(p: RegimeParams): void {
  const fail = (key: string, v: number, what: string): never => {
    throw new RangeError(`regime.${key} must be ${what}, not ${v}`);
  };
  const int = (key: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) fail(key, v, `an integer ≥ ${min}`);
  };
  const share = (key: string, v: number): void => {
    if (!(v >= 0 && v <= 1)) fail(key, v, 'in [0, 1]');
  };
  int('lookbackBars', p.lookbackBars, 2);
  int('confirmBars', p.confirmBars, 1);
  int('stressBars', p.stressBars, 2);
  // The baseline window (lookback − stress returns) needs two returns for a sample σ.
  if (p.stressBars > p.lookbackBars - 2)
    fail('stressBars', p.stressBars, `≤ lookbackBars − 2 (${p.lookbackBars - 2})`);
  if (!(p.trendThreshold > 0 && p.trendThreshold <= 1)) fail('trendThreshold', p.trendThreshold, 'in (0, 1]');
  if (!(p.downThreshold > 0 && p.downThreshold <= 1)) fail('downThreshold', p.downThreshold, 'in (0, 1]');
  share('exitRatio', p.exitRatio);
  share('breadthTrend', p.breadthTrend);
  share('breadthDown', p.breadthDown);
  share('breadthBand', p.breadthBand);
  if (!(p.breadthDown < p.breadthTrend))
    fail('breadthDown', p.breadthDown, `< breadthTrend (${p.breadthTrend})`);
  if (!(p.stressRatio > 1)) fail('stressRatio', p.stressRatio, '> 1');
}
