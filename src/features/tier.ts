// The asset's tier as a feature: lets one model per horizon treat majors and small caps differently.
import type { BarCalculator, Tier } from './types.js';

/** The constant tier (1, 2 or 3) given at construction. Warm-up: 0. */
export class TierFeature implements BarCalculator {
  readonly name = 'tier';
  readonly warmup = 0;
  readonly #tier: Tier;

  constructor(tier: Tier) {
    if (tier !== 1 && tier !== 2 && tier !== 3)
      throw new RangeError(`tier must be 1, 2 or 3, not ${String(tier)}`);
    this.#tier = tier;
  }

  update(): number {
    return this.#tier;
  }

  reset(): void {}
}
