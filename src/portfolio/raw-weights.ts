// Raw (uncapped, unnormalised) weights of the selected coins: inverse volatility tilted by the net alpha,
//
//   raw_i = (α_i / α_max)^tilt / σ_i        α_i > 0 the net expected return, σ_i > 0 its volatility
//
// Strictly increasing in α (tilt > 0) and in 1/σ; tilt = 0 is pure inverse volatility, tilt = 1 gives w ∝ α/σ,
// which for a Grinold-style alpha (α = IC·σ·score) is w ∝ score: the signal's own strength, free of the
// volatility already in α. A power of the alpha (rather than a z-score of it) keeps every selected coin's
// weight positive and does not depend on the alpha's unit. Dividing by α_max first keeps α^tilt from
// underflowing for tilts up to 10 on alphas of 1e-3.
export interface RawWeightInput {
  readonly alpha: number;
  readonly volatility: number;
}

/** Raw weights in input order; every input must have alpha > 0 and volatility > 0 (finite). */
export function rawWeights(assets: readonly RawWeightInput[], tilt: number): number[] {
  let alphaMax = 0;
  for (const a of assets) alphaMax = Math.max(alphaMax, a.alpha);
  return assets.map((a) => (tilt === 0 ? 1 : (a.alpha / alphaMax) ** tilt) / a.volatility);
}

/**
 * Sample σ of the last `bars` one-bar log returns of `closes` ending at index `end` (inclusive): the σ of the
 * inverse-volatility weights. NaN without enough closes or with a non-positive close (an unusable series).
 */
export function trailingVolatility(closes: ArrayLike<number>, end: number, bars: number): number {
  const start = end - bars;
  if (bars < 2 || start < 0 || end >= closes.length) return NaN;
  const r = new Float64Array(bars);
  let mean = 0;
  for (let k = 0; k < bars; k++) {
    const a = closes[start + k] as number;
    const b = closes[start + k + 1] as number;
    if (!(a > 0 && b > 0)) return NaN;
    r[k] = Math.log(b / a);
    mean += r[k] as number;
  }
  mean /= bars;
  let ss = 0;
  for (const x of r) ss += (x - mean) ** 2;
  return Math.sqrt(ss / (bars - 1));
}
