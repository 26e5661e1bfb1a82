// Slippage for backtests: a cost on every fill that takes liquidity, not a wider quote. The quote stays the
// exchange's own (what tickers show, and what decides whether a LIMIT crosses, as on Roostoo); a taker fill is
// priced `bps` worse than the touch, rounded outwards to whole ticks (a buy at ask × (1 + bps), rounded up; a sell
// at bid × (1 − bps), rounded down). The matching engine caps a crossing LIMIT at its limit (engine.ts); a resting
// limit fills at its own price as MAKER, and the range the market travelled is left as it was.
import type { Instrument } from '../../domain/instrument.js';
import type { Side } from '../../domain/order.js';
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
    return this.#inner.quote(pair, t);
  }

  bidRange(pair: string, t0: number, t1: number): BidRange | undefined {
    return this.#inner.bidRange(pair, t0, t1);
  }

  /** The touch of `q` on `side` moved `bps` against the taker, on the tick grid (at least one tick). */
  takerPrice(pair: string, side: Side, q: Quote): number {
    const inner = this.#inner.takerPrice?.(pair, side, q) ?? (side === 'BUY' ? q.ask : q.bid);
    const inst = this.#instruments.get(pair);
    if (inst === undefined || this.#f === 0) return inner;
    const scale = pow10(inst.pricePrecision) ?? 10 ** inst.pricePrecision;
    const ticks =
      side === 'BUY'
        ? Math.max(1, Math.ceil(inner * (1 + this.#f) * scale))
        : Math.max(1, Math.floor(inner * (1 - this.#f) * scale));
    // ticks / 10^p is the double nearest the decimal, exactly what Number(formatSteps(ticks, p)) reads back (IEEE
    // division is correctly rounded and 10^p is exact for p ≤ 22), without building a string per fill.
    return ticks / scale;
  }
}
