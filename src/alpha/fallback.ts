// Fallback scorer: stands in for the LightGBM models when no model file is present (or none passed its
// out-of-sample check). A volatility-adjusted momentum blend with a short-term reversal term, read off the
// feature row:
//
//   m_long  = ret_24h / (rvol_24 · √24)      24h momentum in units of its own 24h noise (a t-statistic)
//   m_short = ret_6h  / (rvol_24 · √6)       6h momentum, likewise
//   score   = 0.5 · m_long + 0.3 · m_short − 0.2 · zscore_ema_24
//
// Time-series momentum over a day is the most persistent simple effect in crypto returns; scaling by the asset's
// own volatility makes a +5 % day on a quiet major count more than on a meme coin. The reversal term (price
// stretched above its 24-bar EMA, in z units) tempers buying what has just spiked. Zero volatility gives no
// momentum (0); a missing input (warm-up) gives NaN: the asset is not scored.
//
// For an expected return, Grinold's rule  E[r] = IC · σ · score  (IC: assumed information coefficient of the
// score, σ: the asset's 24h volatility) turns the score into a 24h log return that costs can be subtracted from.
import { FEATURE_INDEX } from '../features/feature-set.js';

export interface FallbackParams {
  /** Weight of the 24h volatility-adjusted momentum. */
  readonly longWeight: number;
  /** Weight of the 6h volatility-adjusted momentum. */
  readonly shortWeight: number;
  /** Weight of the reversal term (subtracted). */
  readonly reversalWeight: number;
  /** Bars behind ret_24h and ret_6h: they scale 1-bar volatility to the return's horizon. */
  readonly longBars: number;
  readonly shortBars: number;
  /** Assumed information coefficient of the score, for the expected return. */
  readonly ic: number;
}

export const DEFAULT_FALLBACK_PARAMS: FallbackParams = {
  longWeight: 0.5,
  shortWeight: 0.3,
  reversalWeight: 0.2,
  longBars: 24,
  shortBars: 6,
  ic: 0.03,
};

const RET_6H = FEATURE_INDEX.ret_6h;
const RET_24H = FEATURE_INDEX.ret_24h;
const ZSCORE_24 = FEATURE_INDEX.zscore_ema_24;
const RVOL_24 = FEATURE_INDEX.rvol_24;

/** The score of one feature row (FEATURE_NAMES order, starting at `offset`); dimensionless, about unit scale. */
export function fallbackScore(
  row: ArrayLike<number>,
  offset = 0,
  p: FallbackParams = DEFAULT_FALLBACK_PARAMS,
): number {
  const r24 = row[offset + RET_24H] as number;
  const r6 = row[offset + RET_6H] as number;
  const z = row[offset + ZSCORE_24] as number;
  const vol = row[offset + RVOL_24] as number;
  if (Number.isNaN(r24) || Number.isNaN(r6) || Number.isNaN(z) || Number.isNaN(vol)) return NaN;
  const mLong = vol === 0 ? 0 : r24 / (vol * Math.sqrt(p.longBars));
  const mShort = vol === 0 ? 0 : r6 / (vol * Math.sqrt(p.shortBars));
  return p.longWeight * mLong + p.shortWeight * mShort - p.reversalWeight * z;
}

/** Expected log return over `longBars` bars: IC · rvol_24 · √longBars · score. NaN when the score is. */
export function fallbackExpectedReturn(
  row: ArrayLike<number>,
  offset = 0,
  p: FallbackParams = DEFAULT_FALLBACK_PARAMS,
): number {
  const vol = row[offset + RVOL_24] as number;
  return p.ic * vol * Math.sqrt(p.longBars) * fallbackScore(row, offset, p);
}
