// Tickers replayed from real candles. Market time runs at `speed` × exchange time from `start`:
//   market = start + (exchangeTime − origin) × speed.
// Two ways to price a moment inside a bar (`mode`):
// - 'interpolate' (default): a straight line from the bar's open to its close. Deterministic and continuous, so a
//   resting order is reached the way it would be live. The price inside a bar leans towards that bar's close, so
//   a bot polling mid-bar sees part of the bar's future; at every bar boundary the price is the new bar's open.
// - 'last-close': the close of the last bar closed at that moment; nothing of an unfinished bar is ever visible
//   (for look-ahead-free replays), at the price of a step function.
// Before the first bar the first open holds; after the last bar its close holds. Highs and lows are not used.
import type { CandleSeries } from '../../data/candles.js';
import type { Instrument } from '../../domain/instrument.js';
import type { BidRange, Quote, QuoteSource } from './quotes.js';
import { bidOf, quoteFromPrice } from './quotes.js';

export interface ReplayTime {
  /** Market time (candle time) at exchange time `origin`. */
  readonly start: number;
  /** Exchange time at which the replay started. */
  readonly origin: number;
  /** Market milliseconds per exchange millisecond. */
  readonly speed: number;
}

export type IntrabarMode = 'interpolate' | 'last-close';

interface PairSeries {
  readonly inst: Instrument;
  readonly series: CandleSeries;
  /** The bar the last quote of this pair was in: a replay asks for ever later times, mostly the same or next bar. */
  hint: number;
}

export class CandleQuotes implements QuoteSource {
  readonly #byPair: ReadonlyMap<string, PairSeries>;
  readonly #time: ReplayTime;
  readonly #mode: IntrabarMode;

  /** `series` by coin; pairs are `<coin>/<unit>` of the instruments given. */
  constructor(
    series: ReadonlyMap<string, CandleSeries>,
    instruments: ReadonlyMap<string, Instrument>,
    time: ReplayTime,
    mode: IntrabarMode = 'interpolate',
  ) {
    this.#mode = mode;
    const byPair = new Map<string, PairSeries>();
    for (const inst of instruments.values()) {
      const s = series.get(inst.coin);
      if (s !== undefined && s.length > 0) byPair.set(inst.pair, { inst, series: s, hint: 0 });
    }
    this.#byPair = byPair;
    this.#time = time;
  }

  marketTime(t: number): number {
    return this.#time.start + (t - this.#time.origin) * this.#time.speed;
  }

  quote(pair: string, t: number): Quote | undefined {
    const e = this.#byPair.get(pair);
    if (e === undefined) return undefined;
    const m = this.marketTime(t);
    const i = barIndexNear(e.series, m, e.hint);
    if (i >= 0) e.hint = i;
    return quoteFromPrice(e.inst, priceOfBar(e.series, i, m, this.#mode));
  }

  bidRange(pair: string, t0: number, t1: number): BidRange | undefined {
    const e = this.#byPair.get(pair);
    if (e === undefined) return undefined;
    const m0 = this.marketTime(Math.min(t0, t1));
    const m1 = this.marketTime(Math.max(t0, t1));
    let low = priceAt(e.series, m0, this.#mode);
    let high = low;
    const take = (p: number): void => {
      if (p < low) low = p;
      if (p > high) high = p;
    };
    take(priceAt(e.series, m1, this.#mode));
    // The path is linear inside each bar, so its extremes over [m0, m1] are at the ends or at bar boundaries.
    const s = e.series;
    for (let i = Math.max(0, barIndex(s, m0)); i < s.length && (s.time[i] as number) <= m1; i++) {
      const open = s.time[i] as number;
      const end = open + s.intervalMs;
      if (open > m0 && this.#mode === 'interpolate') take(s.open[i] as number);
      if (end > m0 && end <= m1) take(s.close[i] as number);
    }
    return { low: bidOf(e.inst, low), high: bidOf(e.inst, high) };
  }
}

/**
 * barIndex, trying bar `hint` and the one after it first (a replay's next quote is mostly in the same bar or the
 * next): the last bar opened at or before m is the one opened at or before m whose successor opens after m.
 */
function barIndexNear(s: CandleSeries, m: number, hint: number): number {
  const t = s.time;
  for (let i = hint; i <= hint + 1 && i < s.length; i++) {
    if ((t[i] as number) <= m && (i + 1 === s.length || (t[i + 1] as number) > m)) return i;
  }
  return barIndex(s, m);
}

/** Index of the bar containing market time m: the last bar opened at or before m; −1 before the first. */
function barIndex(s: CandleSeries, m: number): number {
  let lo = 0;
  let hi = s.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((s.time[mid] as number) <= m) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function priceAt(s: CandleSeries, m: number, mode: IntrabarMode = 'interpolate'): number {
  return priceOfBar(s, barIndex(s, m), m, mode);
}

/** priceAt, given i = barIndex(s, m). */
function priceOfBar(s: CandleSeries, i: number, m: number, mode: IntrabarMode): number {
  if (i < 0) return s.open[0] as number;
  if (mode === 'last-close') {
    // Bar i closes at time[i] + interval; before that, the previous bar's close is the last one known.
    if (m >= (s.time[i] as number) + s.intervalMs) return s.close[i] as number;
    return i === 0 ? (s.open[0] as number) : (s.close[i - 1] as number);
  }
  const open = s.time[i] as number;
  const frac = (m - open) / s.intervalMs;
  // Past the bar's end (a gap, or after the last bar) its close holds.
  if (frac >= 1) return s.close[i] as number;
  const o = s.open[i] as number;
  return o + ((s.close[i] as number) - o) * frac;
}
