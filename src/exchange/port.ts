// The exchange as the engine sees it. Backtests plug in the in-process simulated exchange, paper and live trading
// the Roostoo client (talking to Roostoo or to the local exchange); the engine depends on this file only.
import type { Instrument } from '../domain/instrument.js';
import type { Balances, Ticker } from '../domain/market.js';
import type { Order, OrderRequest } from '../domain/order.js';
import type { PreparedOrder, RefusalReason } from '../domain/order-sizing.js';

export interface OrderQuery {
  readonly pair?: string | undefined;
  readonly pendingOnly?: boolean | undefined;
  readonly offset?: number | undefined;
  /** At most this many orders, newest first (the exchange's default is 100). */
  readonly limit?: number | undefined;
}

/** Cancel one order, every pending order of a pair, or every pending order. Never an id and a pair together. */
export type CancelTarget = { readonly orderId: number } | { readonly pair: string } | { readonly all: true };

export interface PendingCount {
  readonly total: number;
  readonly byPair: ReadonlyMap<string, number>;
}

/**
 * The outcome of placing an order. Every case but `unknown` is definite:
 * - `placed`: the exchange holds the order (`recovered` when its answer was lost and it was found afterwards);
 * - `refused`: not sent at all, it could not be valid (below the minimum value, less than one step);
 * - `rejected`: the exchange said no (`errMsg` is its reason, e.g. "quantity error"); nothing was placed;
 * - `not-placed`: the answer was lost, and the checks prove the order does not exist and can no longer arrive;
 * - `unknown`: the answer was lost and the checks could not decide. The caller must reconcile (read orders and
 *   balances) before sending anything for this pair again.
 */
export type PlaceOutcome =
  | { readonly kind: 'placed'; readonly order: Order; readonly recovered: boolean }
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly message: string }
  | { readonly kind: 'rejected'; readonly errMsg: string; readonly sent: PreparedOrder }
  | { readonly kind: 'not-placed'; readonly cause: string; readonly sent: PreparedOrder }
  | {
      readonly kind: 'unknown';
      readonly cause: string;
      readonly sent: PreparedOrder;
      /** Exchange time just before the POST: an order of this request created after it is probably ours. */
      readonly attemptedAt: number;
      /** Orders that might be this one (more than one matched, or the check was cut short). */
      readonly candidates: readonly Order[];
    };

export interface ExchangePort {
  /** Exchange time, epoch ms. */
  serverTime(): Promise<number>;
  /** Tradable pairs and their rules, by pair (`BTC/USD`). */
  instruments(): Promise<ReadonlyMap<string, Instrument>>;
  /** Every pair's ticker in one call, or just one pair's. */
  tickers(pair?: string): Promise<ReadonlyMap<string, Ticker>>;
  /** The spot wallet, by asset. */
  balances(): Promise<Balances>;
  pendingCount(): Promise<PendingCount>;
  placeOrder(request: OrderRequest): Promise<PlaceOutcome>;
  /** One order by id, or undefined when the exchange does not know it. */
  queryOrder(orderId: number): Promise<Order | undefined>;
  /** Orders newest first; an empty list when none match. */
  queryOrders(query?: OrderQuery): Promise<readonly Order[]>;
  /** Ids of the orders canceled; empty when none were (already filled, say). */
  cancelOrder(target: CancelTarget): Promise<readonly number[]>;
}
