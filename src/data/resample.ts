// Resampling to a coarser interval (5m → 1h), aligned to UTC epoch boundaries: the bucket of a bar opening at t
// opens at floor(t / target) * target. A coarse bar is the first open, highest high, lowest low, last close and
// summed volume of the fine bars in its bucket.
//
// A coarse bar is never emitted before it has closed: only when the bucket's last fine bar arrives (it closes at
// the bucket's close), or when a bar of a later bucket arrives. The batch `resample` is the streaming Resampler
// folded over history, so the two cannot drift apart; a partial trailing bucket is dropped.
//
// The leading bucket (the first one the stream or the series touches) is emitted only when it is complete (all
// target/source fine bars): data that start inside a bucket (a 5m file from 00:35) would otherwise give a "00:00"
// bar with the 00:35 open and a partial range and volume. Missing bars there cannot be told from a late start, so
// a leading bucket with any bar missing is dropped, not emitted as incomplete; it is not counted in
// `incompleteBuckets`.
//
// Missing fine bars after that: a bucket is built from the bars present (its open is the first present bar's open)
// and is emitted when a later bucket starts; `incompleteBuckets` counts such bars. A bucket with no fine bar at
// all produces no coarse bar: a gap stays a gap.
//
// This file does no I/O, so the pure modules (features, regime) and the engine may use it.
import { InputError } from '../core/errors.js';
import { DAY_MS, floorTo, intervalMs, isoUtc } from '../core/time.js';
import type { Candle, CandleSeries } from './candles.js';

type Emit = (time: number, open: number, high: number, low: number, close: number, volume: number) => void;

export class Resampler {
  readonly source: string;
  readonly target: string;
  readonly sourceMs: number;
  readonly targetMs: number;
  #bucket = 0;
  #bars = 0; // fine bars in the open bucket; 0 when none is open
  #open = 0;
  #high = 0;
  #low = 0;
  #close = 0;
  #volume = 0;
  #last = -Infinity;
  #incomplete = 0;
  /** No bucket has closed yet: the open one is the leading bucket (emitted only when complete). */
  #leading = true;

  /** `source` and `target` are intervals such as `5m` and `1h`; target must be a whole multiple of source. */
  constructor(source: string, target: string) {
    const sourceMs = intervalMs(source);
    const targetMs = intervalMs(target);
    if (sourceMs === undefined) throw new InputError(`"${source}" is not an interval such as 5m or 1h`);
    if (targetMs === undefined) throw new InputError(`"${target}" is not an interval such as 1h or 1d`);
    if (targetMs % sourceMs !== 0) {
      throw new InputError(`cannot resample ${source} to ${target}: ${target} is not a whole multiple of ${source}`);
    }
    // Epoch-aligned weeks would start on Thursdays (1970-01-01 was one), while exchanges start them on Mondays:
    // refuse rather than produce bars that silently disagree with every chart.
    if (targetMs > DAY_MS && targetMs % (7 * DAY_MS) === 0) {
      throw new InputError(`cannot resample to ${target}: weekly bars are not supported (epoch weeks start on Thursday)`);
    }
    this.source = source;
    this.target = target;
    this.sourceMs = sourceMs;
    this.targetMs = targetMs;
  }

  /** Coarse bars emitted so far with fewer fine bars than their bucket holds. */
  get incompleteBuckets(): number {
    return this.#incomplete;
  }

  /**
   * Adds the next fine bar; returns the coarse bars it completes, oldest first: none, one, or two (an unfinished
   * bucket closed by this bar's arrival, then this bar's own bucket when the bar is its last).
   */
  push(bar: Candle): Candle[] {
    const out: Candle[] = [];
    this.update(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume, (time, open, high, low, close, volume) =>
      out.push({ time, open, high, low, close, volume }),
    );
    return out;
  }

  /** `push` in columnar form, for folding over a series without an object per bar. */
  update(time: number, open: number, high: number, low: number, close: number, volume: number, emit: Emit): void {
    if (!(time > this.#last)) {
      throw new InputError(`${this.source} bar at ${iso(time)} is not after the previous bar at ${iso(this.#last)}`);
    }
    if (time % this.sourceMs !== 0) {
      throw new InputError(`${this.source} bar at ${iso(time)} is not on the ${this.source} grid`);
    }
    this.#last = time;
    const bucket = floorTo(time, this.targetMs);
    if (this.#bars > 0 && bucket !== this.#bucket) this.#emit(emit); // its last fine bar never came
    if (this.#bars === 0) {
      this.#bucket = bucket;
      this.#open = open;
      this.#high = high;
      this.#low = low;
      this.#volume = volume;
    } else {
      if (high > this.#high) this.#high = high;
      if (low < this.#low) this.#low = low;
      this.#volume += volume;
    }
    this.#close = close;
    this.#bars++;
    // This bar closes exactly when its bucket does: the coarse bar is complete and known now.
    if (time + this.sourceMs === bucket + this.targetMs) this.#emit(emit);
  }

  #emit(emit: Emit): void {
    const complete = this.#bars === this.targetMs / this.sourceMs;
    const leading = this.#leading;
    this.#leading = false;
    this.#bars = 0;
    if (complete) emit(this.#bucket, this.#open, this.#high, this.#low, this.#close, this.#volume);
    else if (!leading) {
      this.#incomplete++;
      emit(this.#bucket, this.#open, this.#high, this.#low, this.#close, this.#volume);
    }
  }
}

/**
 * Resamples a whole series: the Resampler folded over it. Only buckets that have closed by the close of the last
 * input bar are returned; an unfinished trailing bucket is dropped, as a live run would not have it yet, and so is
 * an incomplete leading one (the series starts inside it, or lacks one of its bars).
 */
export function resample(series: CandleSeries, target: string): CandleSeries {
  const r = new Resampler(series.interval, target);
  const n = series.length;
  // Each fine bar completes at most one bucket on average; the span bounds the count more tightly.
  const span = n === 0 ? 0 : ((series.time[n - 1] as number) - (series.time[0] as number)) / r.targetMs + 2;
  const capacity = Math.min(n, Math.ceil(span));
  const out = {
    time: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
  let k = 0;
  const emit: Emit = (time, open, high, low, close, volume) => {
    out.time[k] = time;
    out.open[k] = open;
    out.high[k] = high;
    out.low[k] = low;
    out.close[k] = close;
    out.volume[k] = volume;
    k++;
  };
  const { time, open, high, low, close, volume } = series;
  for (let i = 0; i < n; i++) {
    r.update(
      time[i] as number,
      open[i] as number,
      high[i] as number,
      low[i] as number,
      close[i] as number,
      volume[i] as number,
      emit,
    );
  }
  return {
    coin: series.coin,
    interval: r.target,
    intervalMs: r.targetMs,
    length: k,
    time: out.time.slice(0, k),
    open: out.open.slice(0, k),
    high: out.high.slice(0, k),
    low: out.low.slice(0, k),
    close: out.close.slice(0, k),
    volume: out.volume.slice(0, k),
  };
}

function iso(t: number): string {
  return Number.isFinite(t) ? isoUtc(t) : String(t);
}
