// Where the matching engine gets prices. The local exchange and backtests replay candles (candle-quotes.ts); a
// test can plug in fixed quotes. Bid and ask are one price tick apart, as on Roostoo.
import type { Instrument } from '../../domain/instrument.js';
import type { Side } from '../../domain/order.js';
import { MAX_PRECISION, stepsToNumber } from '../../domain/ticks.js';

export interface Quote {
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
}

export interface BidRange {
  readonly low: number;
  readonly high: number;
}

export interface QuoteSource {
  /** The quote at exchange time `t`, or undefined when the pair has no price then. */
  quote(pair: string, t: number): Quote | undefined;
  /** Lowest and highest bid over [t0, t1]: a resting order fills if the market touched it in between. */
  bidRange(pair: string, t0: number, t1: number): BidRange | undefined;
  /**
   * The price a fill that takes liquidity gets on `side` when the quote is `q` (from `quote`): a cost on the fill
   * (backtest slippage, simulated/slippage.ts), never a wider quote, so it plays no part in whether a LIMIT crosses.
   * Absent: the touch itself (the ask for a buy, the bid for a sell), as on the exchange.
   */
  takerPrice?(pair: string, side: Side, q: Quote): number;
}

/**
 * 10^p for every precision ticks.ts accepts, computed as it computes them (`10 ** p`; exact doubles for p ≤ 22):
 * a quote is priced for every coin at every event, and a table read is much cheaper than the power.
 */
const POW10: readonly number[] = Array.from({ length: MAX_PRECISION + 1 }, (_, p) => 10 ** p);

/** 10^precision (undefined for a precision ticks.ts would refuse). */
export function pow10(precision: number): number | undefined {
  return POW10[precision];
}

/** stepsToNumber(steps, precision), the same double; what it refuses still goes through it, for its error. */
function ticksToNumber(steps: number, precision: number): number {
  const scale = POW10[precision];
  if (scale === undefined || !Number.isSafeInteger(steps)) return stepsToNumber(steps, precision);
  return steps / scale;
}

/** A quote from a mid price: the bid on the tick grid (at least one tick), the ask one tick above. */
export function quoteFromPrice(inst: Instrument, price: number): Quote {
  const bidTicks = bidTicksOf(inst, price);
  const bid = ticksToNumber(bidTicks, inst.pricePrecision);
  const ask = ticksToNumber(bidTicks + 1, inst.pricePrecision);
  return { bid, ask, last: bid };
}

export function bidTicksOf(inst: Instrument, price: number): number {
  const p = inst.pricePrecision;
  return Math.max(1, Math.round(price * (POW10[p] ?? 10 ** p)));
}

export function bidOf(inst: Instrument, price: number): number {
  return stepsToNumber(bidTicksOf(inst, price), inst.pricePrecision);
}

/** Fixed prices that a test moves by hand: `set('BTC/USD', 65000)`. */
export class ManualQuotes implements QuoteSource {
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #prices = new Map<string, Array<{ t: number; price: number }>>();

  constructor(instruments: ReadonlyMap<string, Instrument>) {
    this.#instruments = instruments;
  }

  /** From exchange time `t` on, the pair trades at `price`. */
  set(pair: string, price: number, t = 0): void {
    const list = this.#prices.get(pair) ?? [];
    list.push({ t, price });
    list.sort((a, b) => a.t - b.t);
    this.#prices.set(pair, list);
  }

  #priceAt(pair: string, t: number): number | undefined {
    let p: number | undefined;
    for (const e of this.#prices.get(pair) ?? []) if (e.t <= t) p = e.price;
    return p;
  }

  quote(pair: string, t: number): Quote | undefined {
    const inst = this.#instruments.get(pair);
    const p = this.#priceAt(pair, t);
    return inst === undefined || p === undefined ? undefined : quoteFromPrice(inst, p);
  }

  bidRange(pair: string, t0: number, t1: number): BidRange | undefined {
    const inst = this.#instruments.get(pair);
    const first = this.#priceAt(pair, t0);
    if (inst === undefined || first === undefined) return undefined;
    const bids = [bidOf(inst, first)];
    for (const e of this.#prices.get(pair) ?? []) if (e.t > t0 && e.t <= t1) bids.push(bidOf(inst, e.price));
    return { low: Math.min(...bids), high: Math.max(...bids) };
  }
}
