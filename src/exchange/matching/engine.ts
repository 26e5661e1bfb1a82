// The one matching engine, shared by the in-process simulated exchange (backtests) and the local Roostoo-compatible
// server, so that both fill, charge and lock exactly alike. It speaks in validated text parameters (as the server
// receives them) and answers with domain orders or the exchange's ErrMsg texts. Time is passed in, never read.
//
// Rules (Roostoo, live 2026): MARKET fills at once, in full, at the ask (buy) or bid (sell), as TAKER. A LIMIT
// priced through the market fills at once at the quote as TAKER; otherwise it rests as MAKER, locking its USD
// (buy, price × quantity) or its coin (sell), and fills in full at its limit price once the bid path crosses it
// (buy: ask ≤ limit; sell: bid ≥ limit), checked over every instant since the last match (see quotes.ts).
// A quote source with slippage (backtests: QuoteSource.takerPrice) makes taker fills pay worse than the touch, a
// crossing LIMIT never beyond its limit; it does not change which orders cross, nor what a resting order gets.
import type { Instrument } from '../../domain/instrument.js';
import type { Balance } from '../../domain/market.js';
import type { Order, OrderType, Side } from '../../domain/order.js';
import { parseSteps, stepsToNumber, toSteps, valueExceeds } from '../../domain/ticks.js';
import * as msg from '../wire/err-msg.js';
import { fillEffect, type FeeRates } from './fees.js';
import type { Quote, QuoteSource } from './quotes.js';
import { emptyState, type EngineState, type StoredOrder } from './state.js';

export interface PlaceParams {
  readonly pair: string;
  readonly side: string;
  readonly type: string;
  readonly quantity: string;
  readonly price?: string | undefined;
}

export interface QueryParams {
  readonly orderId?: number | undefined;
  readonly pair?: string | undefined;
  readonly pendingOnly?: boolean | undefined;
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
}

export type EngineResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errMsg: string };

export interface MatchingEngineOptions {
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly quotes: QuoteSource;
  readonly fees: FeeRates;
  /** Exchange time the engine starts at (ignored when `state` is given). */
  readonly now: number;
  /** State to resume from (a restart of the local exchange). */
  readonly state?: EngineState | undefined;
  /** Called after every change, with the state to persist. */
  readonly onChange?: ((state: EngineState) => void) | undefined;
}

const fail = (errMsg: string): { ok: false; errMsg: string } => ({ ok: false, errMsg });

export class MatchingEngine {
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly #quotes: QuoteSource;
  readonly #fees: FeeRates;
  readonly #state: EngineState;
  readonly #onChange: ((state: EngineState) => void) | undefined;
  // Indexes over #state.orders, which keeps every order ever placed (a year's backtest: thousands), so that the
  // calls made on every event do not scan them all. Both follow the array's order (ids ascending), so anything
  // iterated through them happens in the same order as over the array.
  /** The PENDING orders. */
  readonly #pending = new Map<number, StoredOrder>();
  /** Every order by id. */
  readonly #byId = new Map<number, StoredOrder>();
  /** Changes so far: #changed() counts them. */
  #version = 0;

  constructor(opts: MatchingEngineOptions) {
    this.instruments = opts.instruments;
    this.#quotes = opts.quotes;
    this.#fees = opts.fees;
    this.#state = opts.state === undefined ? emptyState(opts.now) : structuredClone(opts.state);
    this.#onChange = opts.onChange;
    for (const o of this.#state.orders) {
      this.#byId.set(o.id, o);
      if (o.status === 'PENDING') this.#pending.set(o.id, o);
    }
  }

  /** Changes so far (orders placed, filled or cancelled, accounts opened): what was read is current while it stays. */
  get version(): number {
    return this.#version;
  }

  /** A copy of the whole state (what the server persists). */
  snapshot(): EngineState {
    return structuredClone(this.#state);
  }

  hasAccount(account: string): boolean {
    return this.#state.free[account] !== undefined;
  }

  /** Creates the account with its starting wallet; an existing account (after a restart) is left as it is. */
  openAccount(account: string, wallet: Readonly<Record<string, number>>): void {
    if (this.hasAccount(account)) return;
    this.#state.free[account] = { ...wallet };
    this.#changed();
  }

  quote(pair: string, now: number): Quote | undefined {
    return this.instruments.has(pair) ? this.#quotes.quote(pair, now) : undefined;
  }

  /** Fills every resting order the market reached since the last call. */
  advance(now: number): void {
    const from = this.#state.matchedUntil;
    if (now <= from) return;
    let filled = false;
    // (A Map iterator tolerates the deletion of the entry it is on: #fill removes the order from #pending.)
    for (const o of this.#pending.values()) {
      const inst = this.instruments.get(o.pair);
      const range = this.#quotes.bidRange(o.pair, from, now);
      if (inst === undefined || range === undefined) continue;
      const limitTicks = toSteps(o.price, inst.pricePrecision, 'nearest');
      const reached =
        o.side === 'BUY'
          ? toSteps(range.low, inst.pricePrecision, 'nearest') + 1 <= limitTicks
          : toSteps(range.high, inst.pricePrecision, 'nearest') >= limitTicks;
      if (!reached) continue;
      this.#fill(o, inst, 'MAKER', o.price, now);
      filled = true;
    }
    this.#state.matchedUntil = now;
    if (filled) this.#changed();
  }

  place(account: string, p: PlaceParams, now: number): EngineResult<Order> {
    const wallet = this.#state.free[account];
    if (wallet === undefined) return fail(msg.BAD_API_KEY);
    this.advance(now);
    const inst = this.instruments.get(p.pair);
    if (inst === undefined || !inst.canTrade) return fail(msg.UNKNOWN_PAIR);
    if ((p.side !== 'BUY' && p.side !== 'SELL') || (p.type !== 'MARKET' && p.type !== 'LIMIT')) {
      return fail(msg.BAD_PARAMETER);
    }
    const side: Side = p.side;
    const type: OrderType = p.type;
    const qtySteps = parseSteps(p.quantity, inst.amountPrecision);
    if (qtySteps === undefined || qtySteps <= 0) return fail(msg.QUANTITY_ERROR);
    const quantity = stepsToNumber(qtySteps, inst.amountPrecision);
    const q = this.#quotes.quote(p.pair, now);
    if (q === undefined) return fail(msg.UNKNOWN_PAIR);
    const pp = inst.pricePrecision;
    let limitTicks: number | undefined;
    if (type === 'LIMIT') {
      limitTicks = p.price === undefined ? undefined : parseSteps(p.price, pp);
      if (limitTicks === undefined || limitTicks <= 0) return fail(msg.PRICE_ERROR);
    }
    // Whether a LIMIT crosses is decided on the quote itself; what a taker fill pays (the touch, or worse by the
    // source's slippage) is priced apart, and a crossing LIMIT never fills beyond its limit.
    const touchTicks = toSteps(side === 'BUY' ? q.ask : q.bid, pp, 'nearest');
    const crosses =
      limitTicks === undefined || (side === 'BUY' ? limitTicks >= touchTicks : limitTicks <= touchTicks);
    let priceTicks: number;
    if (crosses) {
      const slipped = this.#quotes.takerPrice?.(p.pair, side, q);
      const takerTicks = slipped === undefined ? touchTicks : toSteps(slipped, pp, 'nearest');
      if (limitTicks === undefined) priceTicks = takerTicks;
      else priceTicks = side === 'BUY' ? Math.min(takerTicks, limitTicks) : Math.max(takerTicks, limitTicks);
    } else priceTicks = limitTicks as number;
    const valueTicks = limitTicks ?? priceTicks;
    if (!valueExceeds(valueTicks, pp, qtySteps, inst.amountPrecision, inst.minOrder)) {
      return fail(msg.QUANTITY_ERROR);
    }
    const price = stepsToNumber(priceTicks, pp);
    const role = crosses ? 'TAKER' : 'MAKER';
    const effect = fillEffect(
      this.#fees,
      { side, type, quantity, coin: inst.coin, unit: inst.unit },
      role,
      price,
    );
    const lockAsset = side === 'BUY' ? inst.unit : inst.coin;
    const lockAmount = side === 'BUY' ? price * quantity : quantity;
    // What the order needs free: a buy its USD (and a USD fee), a sell its coin.
    const need = crosses ? (side === 'BUY' ? -effect.unitDelta : quantity) : lockAmount;
    if ((wallet[lockAsset] ?? 0) < need) return fail(msg.INSUFFICIENT_BALANCE);

    const order: StoredOrder = {
      account,
      id: this.#state.nextOrderId++,
      pair: inst.pair,
      side,
      type,
      status: 'PENDING',
      role: 'MAKER',
      price,
      quantity,
      filledQuantity: 0,
      averagePrice: 0,
      coinChange: 0,
      unitChange: 0,
      feeAsset: effect.feeAsset,
      fee: 0,
      feeRate: role === 'MAKER' ? this.#fees.maker : this.#fees.taker,
      createdAt: now,
      finishedAt: 0,
      lockAsset,
      lockAmount: crosses ? 0 : lockAmount,
    };
    this.#state.orders.push(order);
    this.#byId.set(order.id, order);
    if (!crosses) this.#pending.set(order.id, order);
    if (crosses) this.#fill(order, inst, 'TAKER', price, now);
    else wallet[lockAsset] = (wallet[lockAsset] ?? 0) - lockAmount;
    this.#changed();
    return { ok: true, value: publicOrder(order) };
  }

  query(account: string, p: QueryParams): Order[] {
    // The same filters as over every order, on fewer candidates: the order asked for, or the pending ones.
    let candidates: readonly StoredOrder[];
    if (p.orderId !== undefined) {
      const o = this.#byId.get(p.orderId);
      candidates = o === undefined ? [] : [o];
    } else candidates = p.pendingOnly === true ? [...this.#pending.values()] : this.#state.orders;
    let list = candidates.filter((o) => o.account === account);
    if (p.pair !== undefined) list = list.filter((o) => o.pair === p.pair);
    if (p.pendingOnly === true) list = list.filter((o) => o.status === 'PENDING');
    list.sort((a, b) => b.id - a.id);
    const offset = p.offset ?? 0;
    return list.slice(offset, offset + (p.limit ?? 100)).map(publicOrder);
  }

  /** Cancels one order, a pair's pending orders, or all of them; returns the ids canceled. */
  cancel(
    account: string,
    target: { orderId?: number | undefined; pair?: string | undefined },
    now: number,
  ): number[] {
    this.advance(now);
    const wallet = this.#state.free[account];
    if (wallet === undefined) return [];
    const ids: number[] = [];
    for (const o of this.#pending.values()) {
      if (o.account !== account) continue;
      if (target.orderId !== undefined && o.id !== target.orderId) continue;
      if (target.pair !== undefined && o.pair !== target.pair) continue;
      wallet[o.lockAsset] = (wallet[o.lockAsset] ?? 0) + o.lockAmount;
      o.status = 'CANCELED';
      o.finishedAt = now;
      o.lockAmount = 0;
      this.#pending.delete(o.id);
      ids.push(o.id);
    }
    if (ids.length > 0) this.#changed();
    return ids;
  }

  balances(account: string): Map<string, Balance> {
    const free = this.#state.free[account] ?? {};
    const locked = new Map<string, number>();
    for (const o of this.#pending.values()) {
      if (o.account === account) locked.set(o.lockAsset, (locked.get(o.lockAsset) ?? 0) + o.lockAmount);
    }
    const assets = new Set([...Object.keys(free), ...locked.keys()]);
    return new Map(
      [...assets].sort().map((a) => [a, { asset: a, free: free[a] ?? 0, locked: locked.get(a) ?? 0 }]),
    );
  }

  pendingCount(account: string): Map<string, number> {
    const byPair = new Map<string, number>();
    for (const o of this.#pending.values()) {
      if (o.account === account) byPair.set(o.pair, (byPair.get(o.pair) ?? 0) + 1);
    }
    return byPair;
  }

  #fill(o: StoredOrder, inst: Instrument, role: 'MAKER' | 'TAKER', price: number, now: number): void {
    const wallet = this.#state.free[o.account] ?? {};
    this.#state.free[o.account] = wallet;
    const e = fillEffect(this.#fees, { ...o, coin: inst.coin, unit: inst.unit }, role, price);
    // A resting order's lock comes back first; the fill then moves the gross amounts and the fee.
    wallet[o.lockAsset] = (wallet[o.lockAsset] ?? 0) + o.lockAmount;
    wallet[inst.coin] = (wallet[inst.coin] ?? 0) + e.coinDelta;
    wallet[inst.unit] = (wallet[inst.unit] ?? 0) + e.unitDelta;
    this.#pending.delete(o.id);
    Object.assign(o, {
      status: 'FILLED',
      role,
      price: o.type === 'MARKET' ? price : o.price,
      filledQuantity: o.quantity,
      averagePrice: price,
      coinChange: e.coinChange,
      unitChange: e.unitChange,
      feeAsset: e.feeAsset,
      fee: e.fee,
      feeRate: e.feeRate,
      finishedAt: now,
      lockAmount: 0,
    });
  }

  #changed(): void {
    this.#version++;
    this.#onChange?.(this.#state);
  }
}

function publicOrder(o: StoredOrder): Order {
  const { account: _a, lockAsset: _l, lockAmount: _m, ...order } = o;
  return order;
}
