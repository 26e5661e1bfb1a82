// Bars from polled tickers, for paper and live runs: every poll gives one price per coin (the last trade price);
// the samples that fall in [open, open + interval) make that bar's open, high, low and close. A bar is emitted once
// a sample at or after its close time arrives (its close is then the last price seen before the boundary), so the
// engine gets closed bars only, as in a backtest. Tickers carry no per-bar volume: it is NaN (missing), and
// volume_ratio_24 is missing for bars built here. A coin with no sample in a bar gets no bar (undefined), like a
// gap in stored candles.
//
// A bar is complete only when the polls cover it: the first sample within `maxGapMs` of its open and the last
// within `maxGapMs` of its close. Otherwise (the bot started or restarted mid-bar, or was held up for longer than
// that) the bar is dropped, and reported: its open, high or low would be those of part of the hour only. The
// engine then gets no event for that hour, as for a gap in stored candles (features do not advance; no decision).
import type { Candle } from '../data/candles.js';

export interface ClosedBars {
  /** Close time (epoch ms): the event time, as in ReplaySource. */
  readonly time: number;
  /** One bar per coin, in the builder's coin order; undefined where no sample fell in the bar. */
  readonly bars: ReadonlyArray<Candle | undefined>;
}

interface Open {
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface DroppedBar {
  /** Close time of the bar. */
  readonly time: number;
  readonly reason: string;
}

export interface BarUpdate {
  readonly closed: readonly ClosedBars[];
  readonly dropped: readonly DroppedBar[];
}

const NOTHING: BarUpdate = { closed: [], dropped: [] };

export class TickerBarBuilder {
  readonly #coins: readonly string[];
  readonly #intervalMs: number;
  readonly #maxGapMs: number;
  #firstSample = NaN;
  #lastInBar = NaN;
  /** Open time of the bar being built; undefined before the first sample. */
  #barOpen: number | undefined;
  #current: (Open | undefined)[];
  #lastSample = -Infinity;

  constructor(coins: readonly string[], intervalMs: number, maxGapMs: number, after?: number) {
    if (!(intervalMs > 0)) throw new RangeError(`bar interval ${intervalMs} ms is not positive`);
    if (!(maxGapMs > 0)) throw new RangeError(`largest gap between polls ${maxGapMs} ms is not positive`);
    this.#coins = coins;
    this.#intervalMs = intervalMs;
    this.#maxGapMs = maxGapMs;
    this.#current = coins.map(() => undefined);
    // Bars up to `after` (close time) exist already (stored candles): samples before it are not bar material.
    if (after !== undefined) this.#lastSample = after - 1;
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** Open time of the bar that contains `t`. */
  barOpenOf(t: number): number {
    return Math.floor(t / this.#intervalMs) * this.#intervalMs;
  }

  /**
   * Adds one poll's prices (by coin; a coin missing or not positive is skipped) taken at `time`. Returns the bar
   * that closed before this sample (none while a bar is building), or why it was dropped. After a gap of several
   * intervals only the bar that had samples is considered (the empty ones are gaps).
   */
  add(time: number, prices: ReadonlyMap<string, number>): BarUpdate {
    if (time <= this.#lastSample) return NOTHING;
    this.#lastSample = time;
    const open = this.barOpenOf(time);
    let update = NOTHING;
    if (this.#barOpen !== undefined && open > this.#barOpen) {
      const end = this.#barOpen + this.#intervalMs;
      const late = this.#firstSample - this.#barOpen;
      const early = end - this.#lastInBar;
      const bars = this.#close();
      if (late > this.#maxGapMs) {
        update = {
          closed: [],
          dropped: [{ time: end, reason: `first poll ${late / 1000} s after the open` }],
        };
      } else if (early > this.#maxGapMs) {
        update = {
          closed: [],
          dropped: [{ time: end, reason: `last poll ${early / 1000} s before the close` }],
        };
      } else update = { closed: [bars], dropped: [] };
    }
    if (this.#barOpen !== open) this.#firstSample = time;
    this.#barOpen = open;
    this.#lastInBar = time;
    this.#coins.forEach((coin, a) => {
      const p = prices.get(coin);
      if (p === undefined || !(p > 0) || !Number.isFinite(p)) return;
      const b = this.#current[a];
      if (b === undefined) this.#current[a] = { open: p, high: p, low: p, close: p };
      else {
        if (p > b.high) b.high = p;
        if (p < b.low) b.low = p;
        b.close = p;
      }
    });
    return update;
  }

  #close(): ClosedBars {
    const open = this.#barOpen as number;
    const bars = this.#current.map((b) =>
      b === undefined
        ? undefined
        : { time: open, open: b.open, high: b.high, low: b.low, close: b.close, volume: NaN },
    );
    this.#current = this.#coins.map(() => undefined);
    return { time: open + this.#intervalMs, bars };
  }
}
