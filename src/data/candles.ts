// Candles in columnar form: one Float64Array per field, indexed by bar. Epoch-ms times are exact in a double.
// A bar is stored by its open time and is known only at its close (time + intervalMs).

export interface CandleSeries {
  /** Base coin, e.g. `BTC` (the quote is USDT in the files, USD on Roostoo). */
  readonly coin: string;
  /** Interval as written in file names: `5m`, `1h`. */
  readonly interval: string;
  readonly intervalMs: number;
  readonly length: number;
  /** Open time of each bar, UTC epoch ms, strictly increasing. */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Volume in the base coin. */
  readonly volume: Float64Array;
}

/** One bar as a plain object, for streaming consumers and tests. */
export interface Candle {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export function emptySeries(coin: string, interval: string, intervalMs: number, capacity: number) {
  return {
    coin,
    interval,
    intervalMs,
    length: 0,
    time: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
}

export function candleAt(s: CandleSeries, i: number): Candle {
  if (i < 0 || i >= s.length) throw new RangeError(`bar ${i} outside 0..${s.length - 1} of ${s.coin}`);
  return {
    time: s.time[i] as number,
    open: s.open[i] as number,
    high: s.high[i] as number,
    low: s.low[i] as number,
    close: s.close[i] as number,
    volume: s.volume[i] as number,
  };
}

/** Close time of bar i: the moment it becomes known. */
export function closeTime(s: CandleSeries, i: number): number {
  return (s.time[i] as number) + s.intervalMs;
}

/** Builds a series from bar objects (tests, downloads). */
export function seriesFromCandles(
  coin: string,
  interval: string,
  intervalMs: number,
  candles: readonly Candle[],
): CandleSeries {
  const s = emptySeries(coin, interval, intervalMs, candles.length);
  candles.forEach((c, i) => {
    s.time[i] = c.time;
    s.open[i] = c.open;
    s.high[i] = c.high;
    s.low[i] = c.low;
    s.close[i] = c.close;
    s.volume[i] = c.volume;
  });
  return { ...s, length: candles.length };
}

/** The bars with open time in [from, to), as views on the same memory. */
export function sliceByTime(s: CandleSeries, from: number, to: number): CandleSeries {
  const lo = lowerBound(s.time, s.length, from);
  const hi = lowerBound(s.time, s.length, to);
  return {
    ...s,
    length: hi - lo,
    time: s.time.subarray(lo, hi),
    open: s.open.subarray(lo, hi),
    high: s.high.subarray(lo, hi),
    low: s.low.subarray(lo, hi),
    close: s.close.subarray(lo, hi),
    volume: s.volume.subarray(lo, hi),
  };
}

/** First index whose value is ≥ x in a sorted array's first n entries. */
export function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
