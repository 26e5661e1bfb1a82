// Features of a whole universe, one FeatureSet per asset, updated together once per decision bar.
import { FEATURE_COUNT, FeatureSet } from './feature-set.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from './params.js';
import type { FeatureBar, Tier } from './types.js';

export interface FeatureAsset {
  readonly coin: string;
  readonly tier: Tier;
}

export class UniverseFeatures {
  readonly assets: readonly FeatureAsset[];
  readonly warmup: number;
  /** assets × 13 latest values, row-major in `assets` order. */
  readonly values: Float64Array;
  readonly #sets: FeatureSet[];

  constructor(assets: readonly FeatureAsset[], params: FeatureParams = DEFAULT_FEATURE_PARAMS) {
    const seen = new Set<string>();
    for (const a of assets) {
      if (seen.has(a.coin)) throw new RangeError(`${a.coin} is listed twice`);
      seen.add(a.coin);
    }
    this.assets = assets;
    this.#sets = assets.map((a) => new FeatureSet(a.tier, params));
    this.warmup = Math.max(0, ...this.#sets.map((s) => s.warmup));
    this.values = new Float64Array(assets.length * FEATURE_COUNT).fill(NaN);
  }

  /**
   * Feeds one closed bar per asset (in `assets` order). `undefined` means the asset has no bar this time (not
   * listed yet, or a missing bar): its state does not advance and its row becomes NaN, so a stale value is never
   * mistaken for a fresh one.
   */
  update(bars: ReadonlyArray<FeatureBar | undefined>): Float64Array {
    if (bars.length !== this.#sets.length) {
      throw new RangeError(`expected ${this.#sets.length} bars (one per asset), got ${bars.length}`);
    }
    for (let a = 0; a < this.#sets.length; a++) {
      const bar = bars[a];
      if (bar === undefined) this.values.fill(NaN, a * FEATURE_COUNT, (a + 1) * FEATURE_COUNT);
      else (this.#sets[a] as FeatureSet).update(bar, this.values, a * FEATURE_COUNT);
    }
    return this.values;
  }

  /** The latest row of one asset (a view on `values`). */
  row(asset: number): Float64Array {
    return this.values.subarray(asset * FEATURE_COUNT, (asset + 1) * FEATURE_COUNT);
  }

  reset(): void {
    for (const s of this.#sets) s.reset();
    this.values.fill(NaN);
  }
}
