// Momentum: log returns of the close over a fixed number of bars.
import { RollingWindow } from './rolling.js';
import type { BarCalculator, FeatureBar } from './types.js';

/** ln(close_t / close_{t−bars}). Warm-up: `bars`. Unit: log return (0.01 ≈ +1 %). */
export class LogReturn implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #bars: number;
  readonly #closes: RollingWindow;

  constructor(name: string, bars: number) {
    this.name = name;
    this.#bars = bars;
    this.warmup = bars;
    this.#closes = new RollingWindow(bars + 1);
  }

  update(bar: FeatureBar): number {
    this.#closes.push(bar.close);
    if (!this.#closes.full) return NaN;
    return Math.log(bar.close / this.#closes.ago(this.#bars));
  }

  reset(): void {
    this.#closes.reset();
  }
}
