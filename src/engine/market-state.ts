// The engine's view of the market after each decision bar: the 13 features of every coin, the regime, and a short
// window of closes per coin (volatility for the portfolio, moving averages for the baseline). Updated once per
// decision bar, from closed bars only, with the streaming calculators that training uses.
import type { Candle } from '../data/candles.js';
import type { Regime } from '../domain/universe.js';
import { FEATURE_COUNT, FEATURE_INDEX } from '../features/feature-set.js';
import { UniverseFeatures, type FeatureAsset } from '../features/universe-features.js';
import { RegimeDetector } from '../regime/detector.js';
import type { RegimeParams } from '../regime/params.js';

export class MarketState {
  readonly assets: readonly FeatureAsset[];
  readonly features: UniverseFeatures;
  readonly #regime: RegimeDetector;
  /** Per coin, the last `window` closes, oldest first; NaN where a bar was missing. */
  readonly closes: Float64Array[];
  readonly window: number;
  /** Per coin, the last `volBars` one-bar log returns, oldest first; NaN where a close was missing. */
  readonly #returns: Float64Array[];
  readonly #closeNow: Float64Array;
  #regimeNow: Regime | undefined;
  #time = -Infinity;

  constructor(assets: readonly FeatureAsset[], regime: RegimeParams, window: number, volBars: number) {
    this.assets = assets;
    this.features = new UniverseFeatures(assets);
    this.#regime = new RegimeDetector(
      assets.map((a) => a.coin),
      regime,
    );
    this.window = window;
    this.closes = assets.map(() => new Float64Array(window).fill(NaN));
    this.#returns = assets.map(() => new Float64Array(volBars).fill(NaN));
    this.#closeNow = new Float64Array(assets.length).fill(NaN);
  }

  get time(): number {
    return this.#time;
  }

  get regime(): Regime | undefined {
    return this.#regimeNow;
  }

  update(time: number, bars: ReadonlyArray<Candle | undefined>): void {
    this.#time = time;
    this.features.update(bars);
    for (let a = 0; a < bars.length; a++) {
      const c = bars[a]?.close ?? NaN;
      this.#closeNow[a] = c;
      const w = this.closes[a] as Float64Array;
      const prev = w[w.length - 1] as number;
      w.copyWithin(0, 1);
      w[w.length - 1] = c;
      const r = this.#returns[a] as Float64Array;
      r.copyWithin(0, 1);
      r[r.length - 1] = prev > 0 && c > 0 ? Math.log(c / prev) : NaN;
    }
    this.#regimeNow = this.#regime.update(time, this.#closeNow);
  }

  /**
   * Sample σ of coin `a`'s last volBars one-bar log returns: trailingVolatility (portfolio) on the close window,
   * the same operations in the same order (so the same double), with each log taken once rather than every hour.
   */
  volatility(a: number): number {
    const r = this.#returns[a] as Float64Array;
    const n = r.length;
    if (n < 2) return NaN;
    let mean = 0;
    for (let k = 0; k < n; k++) mean += r[k] as number;
    if (Number.isNaN(mean)) return NaN;
    mean /= n;
    let ss = 0;
    for (let k = 0; k < n; k++) ss += ((r[k] as number) - mean) ** 2;
    return Math.sqrt(ss / (n - 1));
  }

  /** Latest close of coin `a` (NaN when it had no bar this time). */
  close(a: number): number {
    return this.#closeNow[a] as number;
  }

  /** ATR (price units) of coin `a` from its atr_pct_14 feature; NaN while warming up. */
  atr(a: number): number {
    return (this.features.values[a * FEATURE_COUNT + FEATURE_INDEX.atr_pct_14] as number) * this.close(a);
  }
}
