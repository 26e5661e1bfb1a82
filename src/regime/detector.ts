// Market regime — trend, chop or down — from the benchmark's trend and volatility and the universe's breadth.
//
// Per bar (the rule, in full, is in docs/strategy.md):
//   r      benchmark return over `lookbackBars` (simple)
//   b      breadth: share of assets with a bar now whose close is above the mean of their last lookbackBars closes
//   stress benchmark σ of 1-bar log returns over the last `stressBars` ≥ stressRatio × their σ over the
//          lookbackBars − stressBars bars before those, and the benchmark down over stressBars: a volatility
//          shock on the way down. (Against a long window that contained the short one the ratio could never
//          exceed √((lookback − 1)/(stress − 1)) — 2.7 with the defaults — so the baseline excludes it.)
//   down   if stress, or r ≤ −downThreshold, or (r < 0 and b ≤ breadthDown)
//   trend  else if r ≥ trendThreshold and b ≥ breadthTrend
//   chop   otherwise
// Hysteresis: while a regime is in force its own thresholds are relaxed — every return threshold by
// (1 − exitRatio) × its entry threshold (down: −5 % → −2.5 % and 0 → +2.5 %; trend: +3 % → +1.5 %), every
// breadth threshold by breadthBand — and a different indication must repeat for confirmBars consecutive bars
// before it is adopted.
import { RollingWindow } from '../features/rolling.js';
import { DEFAULT_REGIME_PARAMS, checkRegimeParams, type Regime, type RegimeParams } from './params.js';

/** The signals behind the latest decision (NaN before warm-up), for logs and reports. */
export interface RegimeSignals {
  readonly lookbackReturn: number;
  readonly breadth: number;
  readonly volRatio: number;
  readonly shortReturn: number;
}

export class RegimeDetector {
  readonly coins: readonly string[];
  readonly params: RegimeParams;
  /**
   * Benchmark bars consumed before the first regime: updates in which the benchmark has a close, 0 … warmup−1,
   * return undefined; every later one returns a regime.
   */
  readonly warmup: number;
  readonly #bench: number;
  readonly #assetCloses: RollingWindow[];
  readonly #benchCloses: RollingWindow;
  /** 1-bar log returns of the benchmark: the last stressBars, and the lookbackBars − stressBars before them. */
  readonly #shortReturns: RollingWindow;
  readonly #baseReturns: RollingWindow;
  #benchBars = 0;
  #lastTime = -Infinity;
  #regime: Regime | undefined;
  #pending: Regime | undefined;
  #pendingBars = 0;
  #signals: RegimeSignals = { lookbackReturn: NaN, breadth: NaN, volRatio: NaN, shortReturn: NaN };

  constructor(coins: readonly string[], params: RegimeParams = DEFAULT_REGIME_PARAMS) {
    checkRegimeParams(params);
    const bench = coins.indexOf(params.benchmark);
    if (bench < 0) throw new RangeError(`regime benchmark ${params.benchmark} is not among the coins`);
    if (new Set(coins).size !== coins.length) throw new RangeError('a coin is listed twice');
    this.coins = coins;
    this.params = params;
    this.#bench = bench;
    const n = params.lookbackBars;
    this.warmup = n;
    this.#assetCloses = coins.map(() => new RollingWindow(n));
    this.#benchCloses = new RollingWindow(n + 1);
    this.#shortReturns = new RollingWindow(params.stressBars);
    this.#baseReturns = new RollingWindow(n - params.stressBars);
  }

  get regime(): Regime | undefined {
    return this.#regime;
  }

  get signals(): RegimeSignals {
    return this.#signals;
  }

  /**
   * Feeds the closes of one decision bar, in `coins` order; NaN where an asset has no bar (not listed yet).
   * `time` must increase. Returns the regime in force after this bar, or undefined while warming up.
   */
  update(time: number, closes: ArrayLike<number>): Regime | undefined {
    if (!(time > this.#lastTime))
      throw new RangeError(`regime update at ${time} is not after ${this.#lastTime}`);
    if (closes.length !== this.coins.length) {
      throw new RangeError(`expected ${this.coins.length} closes (one per coin), got ${closes.length}`);
    }
    this.#lastTime = time;
    for (let a = 0; a < closes.length; a++) {
      const c = closes[a] as number;
      if (Number.isNaN(c)) continue;
      if (!(c > 0 && c < Infinity)) throw new RangeError(`close of ${this.coins[a]} at ${time} is ${c}`);
      (this.#assetCloses[a] as RollingWindow).push(c);
    }
    const bc = closes[this.#bench] as number;
    if (Number.isNaN(bc)) return this.#regime;
    const p = this.params;
    if (this.#benchBars > 0) {
      const lr = Math.log(bc / this.#benchCloses.ago(0));
      // The return leaving the short window moves into the baseline window.
      if (this.#shortReturns.full) this.#baseReturns.push(this.#shortReturns.ago(p.stressBars - 1));
      this.#shortReturns.push(lr);
    }
    this.#benchCloses.push(bc);
    if (this.#benchBars++ < this.warmup) return undefined;

    const r = bc / this.#benchCloses.ago(p.lookbackBars) - 1;
    const s = bc / this.#benchCloses.ago(p.stressBars) - 1;
    const baseVol = this.#baseReturns.std(1);
    const shortVol = this.#shortReturns.std(1);
    // After a perfectly flat baseline any movement is a shock (Infinity); no movement at all is no change (1).
    const volRatio = baseVol === 0 ? (shortVol === 0 ? 1 : Infinity) : shortVol / baseVol;
    const b = this.#breadth(closes);
    this.#signals = { lookbackReturn: r, breadth: b, volRatio, shortReturn: s };

    const raw = this.#indicated(r, b, volRatio >= p.stressRatio && s < 0);
    this.#confirm(raw);
    return this.#regime;
  }

  #breadth(closes: ArrayLike<number>): number {
    let eligible = 0;
    let above = 0;
    for (let a = 0; a < closes.length; a++) {
      const c = closes[a] as number;
      const w = this.#assetCloses[a] as RollingWindow;
      if (Number.isNaN(c) || !w.full) continue;
      eligible++;
      if (c > w.mean()) above++;
    }
    // The benchmark itself is always eligible here (it has a close and a full window), so eligible ≥ 1.
    return above / eligible;
  }

  #indicated(r: number, b: number, stress: boolean): Regime {
    const p = this.params;
    const current = this.#regime;
    // Hysteresis bands: the regime in force moves each of its return thresholds by (1 − exitRatio) × its entry
    // threshold and each breadth threshold by breadthBand, in its own favour.
    const dr = current === 'down' ? (1 - p.exitRatio) * p.downThreshold : 0;
    const db = current === 'down' ? p.breadthBand : 0;
    if (stress || r <= -p.downThreshold + dr || (r < dr && b <= p.breadthDown + db)) return 'down';
    const tr = current === 'trend' ? (1 - p.exitRatio) * p.trendThreshold : 0;
    const tb = current === 'trend' ? p.breadthBand : 0;
    return r >= p.trendThreshold - tr && b >= p.breadthTrend - tb ? 'trend' : 'chop';
  }

  #confirm(raw: Regime): void {
    if (this.#regime === undefined || raw === this.#regime) {
      // The first regime after warm-up is adopted at once: there is nothing to be hysteretic about yet.
      this.#regime = raw;
      this.#pending = undefined;
      this.#pendingBars = 0;
      return;
    }
    if (raw === this.#pending) this.#pendingBars++;
    else {
      this.#pending = raw;
      this.#pendingBars = 1;
    }
    if (this.#pendingBars >= this.params.confirmBars) {
      this.#regime = raw;
      this.#pending = undefined;
      this.#pendingBars = 0;
    }
  }

  reset(): void {
    for (const w of this.#assetCloses) w.reset();
    this.#benchCloses.reset();
    this.#shortReturns.reset();
    this.#baseReturns.reset();
    this.#benchBars = 0;
    this.#lastTime = -Infinity;
    this.#regime = undefined;
    this.#pending = undefined;
    this.#pendingBars = 0;
    this.#signals = { lookbackReturn: NaN, breadth: NaN, volRatio: NaN, shortReturn: NaN };
  }
}
