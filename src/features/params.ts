// Feature parameters. Windows are counted in bars; the defaults (and the feature names, which are the models'
// column names) assume hourly bars. A model is only valid for the parameters it was trained with: changing a
// window means retraining.

export interface FeatureParams {
  /** Log-return lookbacks of ret_1h, ret_3h, ret_6h, ret_24h. */
  readonly returnBars: readonly [number, number, number, number];
  /** EMA spans of zscore_ema_24 and zscore_ema_72 (α = 2 / (span + 1)); also their volatility windows. */
  readonly emaSpans: readonly [number, number];
  /** Wilder RSI period (rsi_14). */
  readonly rsiPeriod: number;
  /** Bollinger window (bb_pos_20). */
  readonly bollingerBars: number;
  /** Realized-volatility window in 1-bar log returns (rvol_24). */
  readonly rvolBars: number;
  /** Wilder ATR period (atr_pct_14). */
  readonly atrPeriod: number;
  /** Rolling-peak window of drawdown_168. */
  readonly drawdownBars: number;
  /** Volume-average window of volume_ratio_24. */
  readonly volumeBars: number;
  /**
   * Recursive smoothers (EMA, Wilder) declare their warm-up as the bars needed for the seed's weight to fall
   * below this share, so that a value no longer depends on where the history began.
   */
  readonly seedWeight: number;
}

export const DEFAULT_FEATURE_PARAMS: FeatureParams = {
  returnBars: [1, 3, 6, 24],
  emaSpans: [24, 72],
  rsiPeriod: 14,
  bollingerBars: 20,
  rvolBars: 24,
  atrPeriod: 14,
  drawdownBars: 168,
  volumeBars: 24,
  seedWeight: 1e-3,
};

/** Throws a RangeError naming the first parameter out of range. */
export function checkFeatureParams(p: FeatureParams): void {
  const atLeast = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`features.${name} must be an integer ≥ ${min}, not ${v}`);
  };
  p.returnBars.forEach((v, i) => atLeast(`returnBars[${i}]`, v, 1));
  p.emaSpans.forEach((v, i) => atLeast(`emaSpans[${i}]`, v, 2));
  atLeast('rsiPeriod', p.rsiPeriod, 2);
  atLeast('bollingerBars', p.bollingerBars, 2);
  atLeast('rvolBars', p.rvolBars, 2);
  atLeast('atrPeriod', p.atrPeriod, 2);
  atLeast('drawdownBars', p.drawdownBars, 1);
  atLeast('volumeBars', p.volumeBars, 1);
  if (!(p.seedWeight > 0 && p.seedWeight < 1)) {
    throw new RangeError(`features.seedWeight must be in (0, 1), not ${p.seedWeight}`);
  }
}
