// Participation: the bar's volume against its recent average.
import { RollingWindow } from './rolling.js';
import type { BarCalculator, FeatureBar } from './types.js';

/**
 * volume_t / mean(volume over the last `bars` bars, this one included). Warm-up: bars − 1. Unit: ratio in
 * [0, bars]; 1 = an ordinary bar. A window with no volume at all (a quiet market) counts as ordinary: 1.
 */
export class VolumeRatio implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #volumes: RollingWindow;

  constructor(name: string, bars: number) {
    this.name = name;
    this.warmup = bars - 1;
    this.#volumes = new RollingWindow(bars);
  }

  update(bar: FeatureBar): number {
    const w = this.#volumes;
    w.push(bar.volume);
    if (!w.full) return NaN;
    const mean = w.sum() / w.size;
    return mean === 0 ? 1 : bar.volume / mean;
  }

  reset(): void {
    this.#volumes.reset();
  }
}
