// Hysteresis on weights: small rebalances cost fees and buy nothing, so a held coin that stays in the target set
// is traded only when |target − current| > minWeightChange, and a coin is entered only when its target is above
// the same threshold (a 0.5 % position is fees over edge). Leaving the target set always trades: an exit goes to
// 0 whatever its size, because the reason to hold (edge, budget) is gone.
//
// Consequence, by construction: after hysteresis a held weight may differ from its ideal target by up to the
// threshold, so Σ weight may exceed Σ target by up to (held coins × threshold). Execution buys only with the
// cash it has, so this cannot overdraw the account.
import type { AssetDecision, Exclusion } from './decision.js';

/** The decision for one coin. `why` is undefined exactly when the coin is in the target set (target > 0). */
export function decide(
  asset: string,
  current: number,
  target: number,
  why: Exclusion | undefined,
  threshold: number,
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
  return Math.abs(target - current) > threshold
    ? { kind: 'resize', asset, current, target, weight: target }
    : { kind: 'hold', asset, current, target, weight: current };
}
