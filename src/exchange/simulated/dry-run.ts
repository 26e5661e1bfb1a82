// Dry run (`dry_run: true`): the bot trades against the exchange's real prices, but no order is ever sent. Time,
// instruments and tickers come from the real exchange; the wallet and the orders live in an in-process
// SimulatedExchange whose matching engine is priced by the tickers the real exchange answered (TickerQuotes). The
// real port's placeOrder and cancelOrder are never called.
//
// A resting LIMIT order fills once a later tickers() answer reaches its price: the simulation only sees the prices
// the bot asked for, so it fills nothing between two ticker reads.
import type { Clock } from '../../core/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Balances, Ticker } from '../../domain/market.js';
import type { Order, OrderRequest } from '../../domain/order.js';
import { stepsToNumber, toSteps } from '../../domain/ticks.js';
import { MatchingEngine } from '../matching/engine.js';
import { ROOSTOO_FEES, type FeeRates } from '../matching/fees.js';
import type { BidRange, Quote, QuoteSource } from '../matching/quotes.js';
import type { CancelTarget, ExchangePort, OrderQuery, PendingCount, PlaceOutcome } from '../port.js';
import { SimulatedExchange } from './simulated-exchange.js';

/** What the caller logs with every order of a dry run, so that no one mistakes it for a real one. */
export const DRY_RUN_NOTE = 'dry run: simulated, not sent';

interface Seen {
  /** Clock time the ticker was read at. */
  readonly t: number;
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
}

export interface TickerQuotesOptions {
  /** Tickers kept per pair, newest last (default 500). */
  readonly maxEntries?: number | undefined;
  /** Tickers older than this before the newest are dropped (default 24 h). */
  readonly maxAgeMs?: number | undefined;
}

/**
 * Quotes from the tickers a real exchange answered, as the matching engine reads them. `quote` is the latest
 * ticker, whatever the time asked; `bidRange` spans the tickers seen over [t0, t1] (the one in force at t0
 * included), or the latest one when none was seen then.
 *
 * The engine assumes the ask is one tick above the bid (as on Roostoo): a resting buy fills when the range's
 * low + 1 tick ≤ its limit, a resting sell when the range's high ≥ its limit. So that a buy fills only when the
 * real ask reached its limit, whatever the spread, `low` is the lowest ask − 1 tick (the lowest bid when the
 * spread is one tick; the lowest bid itself for a pair whose instrument is unknown); `high` is the highest bid.
 */
export class TickerQuotes implements QuoteSource {
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  readonly #seen = new Map<string, Seen[]>();

  constructor(instruments: ReadonlyMap<string, Instrument> = new Map(), opts: TickerQuotesOptions = {}) {
    this.#instruments = instruments;
    this.#maxEntries = Math.max(1, opts.maxEntries ?? 500);
    this.#maxAgeMs = opts.maxAgeMs ?? 24 * 3_600_000;
  }

  /** Remembers tickers read at clock time `t` (times must not go back; an older one is stored at the newest time). */
  record(tickers: Iterable<Ticker>, t: number): void {
    for (const tk of tickers) {
      if (![tk.bid, tk.ask, tk.last].every(Number.isFinite)) continue;
      const list = this.#seen.get(tk.pair) ?? [];
      const newest = list.at(-1)?.t ?? t;
      const at = Math.max(t, newest);
      list.push({ t: at, bid: tk.bid, ask: tk.ask, last: tk.last });
      const cutoff = at - this.#maxAgeMs;
      let drop = Math.max(0, list.length - this.#maxEntries);
      while (drop < list.length - 1 && (list[drop]?.t ?? at) < cutoff) drop++;
      if (drop > 0) list.splice(0, drop);
      this.#seen.set(tk.pair, list);
    }
  }

  /** The latest ticker seen for a pair, with the clock time it was read at. */
  latest(pair: string): Seen | undefined {
    return this.#seen.get(pair)?.at(-1);
  }

  quote(pair: string, _t: number): Quote | undefined {
    const s = this.latest(pair);
    return s === undefined ? undefined : { bid: s.bid, ask: s.ask, last: s.last };
  }

  bidRange(pair: string, t0: number, t1: number): BidRange | undefined {
    const list = this.#seen.get(pair);
    if (list === undefined || list.length === 0) return undefined;
    const span: Seen[] = [];
    let atStart: Seen | undefined;
    for (const s of list) {
      if (s.t <= t0) atStart = s;
      else if (s.t <= t1) span.push(s);
    }
    if (atStart !== undefined) span.unshift(atStart);
    if (span.length === 0) span.push(list[list.length - 1] as Seen);
    const inst = this.#instruments.get(pair);
    const lowOf = (s: Seen): number =>
      inst === undefined
        ? s.bid
        : stepsToNumber(toSteps(s.ask, inst.pricePrecision, 'nearest') - 1, inst.pricePrecision);
    return { low: Math.min(...span.map(lowOf)), high: Math.max(...span.map((s) => s.bid)) };
  }
}

export interface DryRunOptions {
  /**
   * The simulated wallet's start, free amounts by asset. When given, the real wallet is not read (for a real
   * exchange that cannot give balances, e.g. without API keys).
   */
  readonly startingWallet?: Readonly<Record<string, number>> | undefined;
  /**
   * Before an order, the pair's ticker is read again from the real exchange if the last one is older than this,
   * or if there is none (default 60 s; 0 = always).
   */
  readonly maxQuoteAgeMs?: number | undefined;
  readonly tickerHistory?: TickerQuotesOptions | undefined;
}

export interface DryRunExchangeOptions extends DryRunOptions {
  readonly real: ExchangePort;
  readonly clock: Clock;
  /** The real exchange's instruments (the simulation trades these). */
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** Start of the simulated wallet, free amounts by asset. */
  readonly startingWallet: Readonly<Record<string, number>>;
  readonly fees?: FeeRates | undefined;
}

/** The real wallet as a starting wallet: free + locked of each asset (the simulation has no resting orders). */
export function walletOf(balances: Balances): Record<string, number> {
  const wallet: Record<string, number> = {};
  for (const b of balances.values()) wallet[b.asset] = b.free + b.locked;
  return wallet;
}

export class DryRunExchange implements ExchangePort {
  /** Always true: the orders of this port are simulated. */
  readonly dryRun = true;
  readonly quotes: TickerQuotes;
  readonly #real: ExchangePort;
  readonly #clock: Clock;
  readonly #sim: SimulatedExchange;
  readonly #maxQuoteAgeMs: number;
  /** The last time handed to the simulation, and the time the last tickers were recorded at. */
  #simLast = -Infinity;
  #recordedAt = -Infinity;

  /**
   * Over a real exchange: reads its instruments, and its wallet once (unless `options.startingWallet` is given)
   * as the simulated wallet's start. Fees are Roostoo's unless given.
   */
  static async create(
    real: ExchangePort,
    clock: Clock,
    fees: FeeRates = ROOSTOO_FEES,
    options: DryRunOptions = {},
  ): Promise<DryRunExchange> {
    const instruments = await real.instruments();
    const startingWallet = options.startingWallet ?? walletOf(await real.balances());
    return new DryRunExchange({ ...options, real, clock, instruments, startingWallet, fees });
  }

  constructor(opts: DryRunExchangeOptions) {
    this.#real = opts.real;
    this.#clock = opts.clock;
    this.#maxQuoteAgeMs = opts.maxQuoteAgeMs ?? 60_000;
    this.quotes = new TickerQuotes(opts.instruments, opts.tickerHistory);
    const engine = new MatchingEngine({
      instruments: opts.instruments,
      quotes: this.quotes,
      fees: opts.fees ?? ROOSTOO_FEES,
      now: opts.clock.now(),
    });
    this.#sim = new SimulatedExchange({
      engine,
      clock: { now: () => this.#simNow() },
      account: 'dry-run',
      startingWallet: { ...opts.startingWallet },
    });
  }

  /**
   * The simulation's time: the clock, never going back, and 1 ms past tickers recorded at the very instant the
   * engine last matched (the engine matches each instant once; it would otherwise miss them until the clock moves).
   */
  #simNow(): number {
    let t = Math.max(this.#clock.now(), this.#simLast);
    if (this.#recordedAt >= t) t = this.#recordedAt + 1;
    this.#simLast = t;
    return t;
  }

  serverTime(): Promise<number> {
    return this.#real.serverTime();
  }

  instruments(): Promise<ReadonlyMap<string, Instrument>> {
    return this.#real.instruments();
  }

  async tickers(pair?: string): Promise<ReadonlyMap<string, Ticker>> {
    const tickers = await this.#real.tickers(pair);
    const at = Math.max(this.#clock.now(), this.#simLast);
    this.quotes.record(tickers.values(), at);
    this.#recordedAt = at;
    return tickers;
  }

  balances(): Promise<Balances> {
    return this.#sim.balances();
  }

  pendingCount(): Promise<PendingCount> {
    return this.#sim.pendingCount();
  }

  /** Simulated, never sent: fills against the latest real ticker (read again first when missing or stale). */
  async placeOrder(request: OrderRequest): Promise<PlaceOutcome> {
    const seen = this.quotes.latest(request.pair);
    if (seen === undefined || this.#clock.now() - seen.t >= this.#maxQuoteAgeMs) {
      try {
        await this.tickers(request.pair);
      } catch {
        // No fresh ticker: the simulation uses the last one, or rejects the order when it has none.
      }
    }
    return this.#sim.placeOrder(request);
  }

  queryOrder(orderId: number): Promise<Order | undefined> {
    return this.#sim.queryOrder(orderId);
  }

  queryOrders(query?: OrderQuery): Promise<readonly Order[]> {
    return this.#sim.queryOrders(query);
  }

  cancelOrder(target: CancelTarget): Promise<readonly number[]> {
    return this.#sim.cancelOrder(target);
  }
}
