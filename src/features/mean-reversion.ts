// Mean reversion: how far the close has run from its recent level, in units of its own noise.
import { RollingWindow, smootherWarmup } from './rolling.js';
import type { BarCalculator, FeatureBar } from './types.js';

/**
 * ln(close / EMA_span(close)) / (σ · (span − 1) / (2·√span)), where σ is the sample standard deviation of the
 * last `span` 1-bar log returns. For a random walk with step σ the gap x − EMA(x) is stationary with standard
 * deviation σ·(span − 1)/(2·√span), so the value is a z-score: about N(0, 1) when there is nothing to revert.
 * Zero return volatility gives 0. The EMA is seeded with the first close; warm-up: the bars until the seed's
 * weight (1 − α)^k is below `seedWeight` (and at least `span`, for σ). Unit: standard deviations.
 */
export class EmaZScore implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #alpha: number;
  readonly #norm: number;
  readonly #returns: RollingWindow;
  #ema = NaN;
  #prev = NaN;
  #bars = 0;

  constructor(name: string, span: number, seedWeight: number) {
    this.name = name;
    this.#alpha = 2 / (span + 1);
    this.#norm = (span - 1) / (2 * Math.sqrt(span));
    this.#returns = new RollingWindow(span);
    this.warmup = Math.max(span, smootherWarmup(1 - this.#alpha, seedWeight));
  }

  update(bar: FeatureBar): number {
    const c = bar.close;
    if (this.#bars === 0) this.#ema = c;
    else {
      this.#ema += this.#alpha * (c - this.#ema);
      this.#returns.push(Math.log(c / this.#prev));
    }
    this.#prev = c;
    if (this.#bars++ < this.warmup) return NaN;
    const sigma = this.#returns.std(1);
    return sigma === 0 ? 0 : Math.log(c / this.#ema) / (sigma * this.#norm);
  }

  reset(): void {
    this.#returns.reset();
    this.#ema = NaN;
    this.#prev = NaN;
    this.#bars = 0;
  }
}

/**
 * Wilder's RSI: average gain and loss of close-to-close changes over `period`, seeded with their simple means
 * over the first `period` changes, then avg ← (avg·(period − 1) + x) / period. Value 100·G / (G + L) (the same as
 * 100 − 100/(1 + G/L)); no movement at all gives 50. Warm-up: period + the bars until the seed's weight
 * ((period − 1)/period)^k is below `seedWeight`. Unit: 0–100.
 */
export class Rsi implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #period: number;
  #prev = NaN;
  #bars = 0;
  #gain = 0;
  #loss = 0;

  constructor(name: string, period: number, seedWeight: number) {
    this.name = name;
    this.#period = period;
    this.warmup = period + smootherWarmup((period - 1) / period, seedWeight);
  }

  update(bar: FeatureBar): number {
    const c = bar.close;
    const n = this.#period;
    const changes = this.#bars; // close-to-close changes including this bar's
    if (changes > 0) {
      const d = c - this.#prev;
      const g = d > 0 ? d : 0;
      const l = d < 0 ? -d : 0;
      if (changes < n) {
        this.#gain += g;
        this.#loss += l;
      } else if (changes === n) {
        this.#gain = (this.#gain + g) / n;
        this.#loss = (this.#loss + l) / n;
      } else {
        this.#gain = (this.#gain * (n - 1) + g) / n;
        this.#loss = (this.#loss * (n - 1) + l) / n;
      }
    }
    this.#prev = c;
    if (this.#bars++ < this.warmup) return NaN;
    const total = this.#gain + this.#loss;
    return total === 0 ? 50 : (100 * this.#gain) / total;
  }

  reset(): void {
    this.#prev = NaN;
    this.#bars = 0;
    this.#gain = 0;
    this.#loss = 0;
  }
}

/**
 * Position in the Bollinger band: (close − SMA) / (2·σ) over the last `bars` closes, σ the population standard
 * deviation (as in Bollinger's definition). 0 on the middle band, ±1 on the ±2σ bands; a flat window gives 0.
 * Warm-up: bars − 1. Unit: half band widths.
 */
export class BollingerPosition implements BarCalculator {
  readonly name: string;
  readonly warmup: number;
  readonly #closes: RollingWindow;

  constructor(name: string, bars: number) {
    this.name = name;
    this.warmup = bars - 1;
    this.#closes = new RollingWindow(bars);
  }

  update(bar: FeatureBar): number {
    const w = this.#closes;
    w.push(bar.close);
    if (!w.full) return NaN;
    const mean = w.mean();
    const sigma = w.std(0);
    return sigma === 0 ? 0 : (bar.close - mean) / (2 * sigma);
  }

  reset(): void {
    this.#closes.reset();
  }
}
