// Hysteresis on weights: small rebalances cost fees and buy nothing, so a held coin that stays in the target set
// is traded only when |target − current| > minWeightChange, and a coin is entered only when its target is above
// the same threshold (a 0.5 % position is fees over edge). Leaving the target set always trades: an exit goes to
// 0 whatever its size, because the reason to hold (edge, budget) is gone.
//
// The caps are risk limits, and hysteresis never lets a holding drift far past them: a held coin whose current
// weight is above its tier cap by more than CAP_BAND × threshold is resized down to its target, however small the
// change (`forced: 'cap'`; execution trades it regardless of the threshold), and when the tier-3 coins' weights
// after hysteresis pass the tier-3 sleeve by more than the same band, the tier-3 holds above their targets are
// resized down to them, largest excess first, until the sleeve holds (`forced: 'sleeve'`). The band (a quarter of
// the rebalance threshold: 0.5 % of equity by default) keeps price drift of a few basis points from being trimmed
// every hour; a coin bought at its cap can drift at most that far above it. The caps are the configured ones,
// before drawdown scaling (the scaled targets are ideals; the caps are limits).
//
// Consequence, by construction: after hysteresis a held weight may differ from its ideal target by up to the
// threshold (never above its cap), so Σ weight may exceed Σ target by up to (held coins × threshold).
// Execution buys only with the cash it has, so this cannot overdraw the account.
import type { AssetDecision, Exclusion } from './decision.js';

/**
 * The decision for one coin. `why` is undefined exactly when the coin is in the target set (target > 0); `cap`
 * is the coin's largest weight (its tier cap): a hold above it is a forced resize.
 */
export function decide(
  asset: string,
  current: number,
  target: number,
  why: Exclusion | undefined,
  threshold: number,
  cap = Infinity,
): AssetDecision {
  const held = current > 0;
  if (why !== undefined) {
    return held
      ? { kind: 'exit', asset, current, target: 0, weight: 0, why }
      : { kind: 'out', asset, current, target: 0, weight: 0, why };
  }
  if (!held) {
    return target > threshold
      ? { kind: 'enter', asset, current, target, weight: target }
      : { kind: 'skipped-below-threshold', asset, current, target, weight: current };
  }
  if (Math.abs(target - current) > threshold)
    return { kind: 'resize', asset, current, target, weight: target };
  if (current > cap + CAP_BAND * threshold) {
    return { kind: 'resize', asset, current, target, weight: target, forced: 'cap' };
  }
  return { kind: 'hold', asset, current, target, weight: current };
}

/** How far (in units of the rebalance threshold) a held weight may drift above its cap or the sleeve. */
export const CAP_BAND = 0.25;

/** Tolerance on the sleeve for the rounding of the water-filled targets (which sum to the sleeve in exact terms). */
const SLEEVE_TOLERANCE = 1e-12;

/**
 * Enforces a group cap (the tier-3 sleeve) on the weights after hysteresis: when the members' weights sum above
 * `sleeve` + `band`, and then while they sum above `sleeve`, the member holds above their targets are resized down to them, largest excess first (ties by asset).
 * The targets keep the sleeve, so once every such hold is resized the weights do too. Returns a new array.
 */
export function enforceSleeve(
  decisions: readonly AssetDecision[],
  inSleeve: readonly boolean[],
  sleeve: number,
  band = 0,
): AssetDecision[] {
  const out = [...decisions];
  let total = 0;
  out.forEach((d, i) => {
    if (inSleeve[i] === true) total += d.weight;
  });
  // Act only past the band; once acting, trim back to the sleeve itself.
  if (!(total > sleeve + band + SLEEVE_TOLERANCE)) return out;
  const over = out
    .map((d, i) => ({ d, i }))
    .filter(({ d, i }) => inSleeve[i] === true && d.kind === 'hold' && d.current > d.target)
    .sort(
      (x, y) =>
        y.d.current - y.d.target - (x.d.current - x.d.target) ||
        (x.d.asset < y.d.asset ? -1 : x.d.asset > y.d.asset ? 1 : 0),
    );
  for (const { d, i } of over) {
    if (!(total > sleeve + SLEEVE_TOLERANCE)) break;
    total -= d.current - d.target;
    out[i] = {
      kind: 'resize',
      asset: d.asset,
      current: d.current,
      target: d.target,
      weight: d.target,
      forced: 'sleeve',
    };
  }
  return out;
}
