// The contract every streaming feature calculator keeps. Its batch form is the same object folded over a
// series (see `foldSeries`), so training features and live features are one computation.
import type { Candle } from '../data/candles.js';

/** The fields of a closed bar that the features read. A `Candle` is one. */
export type FeatureBar = Pick<Candle, 'high' | 'low' | 'close' | 'volume'>;

export type { Tier } from '../domain/universe.js';

export interface BarCalculator {
  /** snake_case feature name; the models' column name. */
  readonly name: string;
  /**
   * Bars consumed before the first value: updates 0 … warmup−1 return NaN, every later update returns a finite
   * number (given finite, positive prices and non-negative volume).
   */
  readonly warmup: number;
  /** Feeds the next closed bar and returns the feature's value at its close. */
  update(bar: FeatureBar): number;
  /** Back to the freshly constructed state. */
  reset(): void;
}
