// What execution decides, as values: an order to place, or a trade it chose not to make and why. Nothing here
// throws for an expected outcome (an order below the exchange minimum is a `skipped`, not an error).
import type { OrderRequest, Side } from '../domain/order.js';
import type { PreparedOrder, RefusalReason } from '../domain/order-sizing.js';

/** Why an order is placed: a portfolio rebalance, an exit from the target set, or a stop (urgent). */
export type IntentReason = 'rebalance' | 'exit' | 'stop';

export interface OrderIntent {
  readonly kind: 'order';
  readonly coin: string;
  readonly reason: IntentReason;
  /** What goes to the exchange port (quantity and price already on the exchange's grid). */
  readonly request: OrderRequest;
  /** The same order as prepareOrder rounded it: exact steps and ticks. */
  readonly prepared: PreparedOrder;
  /** Expected value in the quote currency (quantity × limit or reference price). */
  readonly value: number;
}

export type SkipReason =
  | RefusalReason
  /** |target − current| is within the hysteresis threshold. */
  | 'below-threshold'
  /** Nothing free to sell (the coin is locked by a resting order, or was never held). */
  | 'nothing-to-sell'
  /** No free cash left for this buy after fees and the buys before it. */
  | 'no-cash'
  /** No usable quote (bid/ask missing or not positive). */
  | 'no-quote';

export interface SkippedIntent {
  readonly kind: 'skipped';
  readonly coin: string;
  readonly side: Side;
  readonly reason: SkipReason;
  readonly detail: string;
}

export type ExecutionStep = OrderIntent | SkippedIntent;
