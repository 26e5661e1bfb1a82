// Volatility and damage: realized volatility, true range and distance from the recent peak.
import { RollingMax, RollingWindow, smootherWarmup } from './rolling.js';
import type { BarCalculator, FeatureBar } from './types.js';

/**
 * Sample standard deviation of the last `bars` 1-bar log returns (not annualised). Warm-up: bars (bars + 1 closes).
 * Unit: log return per bar (0.01 ≈ 1 % per hour on 1h bars).
 */
export class RealizedVol implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #returns: RollingWindow;
  #prev = NaN;
  #bars = 0;

  constructor(name: string, bars: number) {
    this.name = name;
    this.warmup = bars;
    this.#returns = new RollingWindow(bars);
  }

  update(bar: FeatureBar): number {
    if (this.#bars++ > 0) this.#returns.push(Math.log(bar.close / this.#prev));
    this.#prev = bar.close;
    return this.#returns.full ? this.#returns.std(1) : NaN;
  }

  reset(): void {
    this.#returns.reset();
    this.#prev = NaN;
    this.#bars = 0;
  }
}

/**
 * Wilder's average true range over `period` bars as a fraction of the close. True range from the second bar on:
 * max(high − low, |high − prev close|, |low − prev close|); the average is seeded with the mean of the first
 * `period` true ranges, then atr ← (atr·(period − 1) + tr) / period. Warm-up: period + the bars until the seed's
 * weight is below `seedWeight`. Unit: fraction of price (0.01 = 1 %).
 */
export class AtrPct implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #period: number;
  #prev = NaN;
  #bars = 0;
  #atr = 0;

  constructor(name: string, period: number, seedWeight: number) {
    this.name = name;
    this.#period = period;
    this.warmup = period + smootherWarmup((period - 1) / period, seedWeight);
  }

  update(bar: FeatureBar): number {
    const n = this.#period;
    const ranges = this.#bars; // true ranges including this bar's
    if (ranges > 0) {
      const pc = this.#prev;
      const tr = Math.max(bar.high - bar.low, Math.abs(bar.high - pc), Math.abs(bar.low - pc));
      if (ranges < n) this.#atr += tr;
      else if (ranges === n) this.#atr = (this.#atr + tr) / n;
      else this.#atr = (this.#atr * (n - 1) + tr) / n;
    }
    this.#prev = bar.close;
    if (this.#bars++ < this.warmup) return NaN;
    return this.#atr / bar.close;
  }

  reset(): void {
    this.#prev = NaN;
    this.#bars = 0;
    this.#atr = 0;
  }
}

/**
 * close / max(close over the last `bars` bars, this one included) − 1. Warm-up: bars − 1. Unit: fraction, ≤ 0
 * (−0.2 = 20 % below the peak; 0 at a new peak).
 */
export class Drawdown implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #peak: RollingMax;

  constructor(name: string, bars: number) {
    this.name = name;
    this.warmup = bars - 1;
    this.#peak = new RollingMax(bars);
  }

  update(bar: FeatureBar): number {
    this.#peak.push(bar.close);
    return this.#peak.full ? bar.close / this.#peak.max() - 1 : NaN;
  }

  reset(): void {
    this.#peak.reset();
  }
}
