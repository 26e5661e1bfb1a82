// Slippage for backtests: the quote is widened by `bps` on each side (the bid rounded down, the ask up, to whole
// ticks), so every fill that takes liquidity — a MARKET order, or a limit that crosses — pays it; a resting limit
// fills at its own price as before (the range the market travelled is left as it was).
import type { Instrument } from '../../domain/instrument.js';
import { pow10, type BidRange, type Quote, type QuoteSource } from '../matching/quotes.js';

export class SlippedQuotes implements QuoteSource {
  readonly #inner: QuoteSource;
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #f: number;

  constructor(inner: QuoteSource, instruments: ReadonlyMap<string, Instrument>, bps: number) {
    this.#inner = inner;
    this.#instruments = instruments;
    this.#f = bps / 10_000;
  }

  quote(pair: string, t: number): Quote | undefined {
    const q = this.#inner.quote(pair, t);
    const inst = this.#instruments.get(pair);
    if (q === undefined || inst === undefined || this.#f === 0) return q;
    const scale = pow10(inst.pricePrecision) ?? 10 ** inst.pricePrecision;
    const bidTicks = Math.max(1, Math.floor(q.bid * (1 - this.#f) * scale));
    const askTicks = Math.max(bidTicks + 1, Math.ceil(q.ask * (1 + this.#f) * scale));
    // ticks / 10^p is the double nearest the decimal, exactly what Number(formatSteps(ticks, p)) reads back (IEEE
    // division is correctly rounded and 10^p is exact for p ≤ 22), without building two strings per quote.
    return { bid: bidTicks / scale, ask: askTicks / scale, last: q.last };
  }

  bidRange(pair: string, t0: number, t1: number): BidRange | undefined {
    return this.#inner.bidRange(pair, t0, t1);
  }
}
