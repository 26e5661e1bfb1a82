// What the engine records: every decision, order, fill, closed trade and equity mark, as plain values. A sink
// receives them as they happen; backtests keep them in memory (MemoryJournal) and write files at the end, live
// runs will persist them (the state issue).
import type { Regime } from '../domain/universe.js';
import type { OrderStatus, OrderType, Role, Side } from '../domain/order.js';
import type { DecisionKind } from '../portfolio/decision.js';
import type { IntentReason, SkipReason } from '../execution/intents.js';
import type { PersistedEngine } from './persisted.js';

export interface DecisionRecord {
  readonly time: number;
  /** undefined while the regime detector warms up (nothing is entered then). */
  readonly regime: Regime | undefined;
  readonly exposureScale: number;
  readonly equity: number;
  readonly assets: readonly {
    readonly coin: string;
    readonly kind: DecisionKind;
    readonly alpha: number;
    readonly current: number;
    readonly target: number;
    readonly weight: number;
  }[];
}

/**
 * An order about to be sent, recorded (and, in a live run, committed to disk) before the request leaves: a crash
 * between the two leaves an intent without an outcome, which start-up resolves against the exchange.
 */
export interface IntentRecord {
  readonly id: number;
  readonly time: number;
  readonly coin: string;
  readonly pair: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly reason: IntentReason;
  readonly quantity: number;
  /** Limit price, or the reference price of a MARKET order. */
  readonly price: number;
  readonly reprice: number;
  /** Weight the order trades towards. */
  readonly target: number;
}

/** One order placed (or not) through the port. */
export interface OrderRecord {
  /** The intent it answers. */
  readonly intentId: number;
  readonly time: number;
  readonly coin: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly reason: IntentReason;
  readonly quantity: number;
  /** Limit price, or the reference price of a MARKET order. */
  readonly price: number;
  /** placed → the exchange's status at the answer; the others say why nothing was placed. */
  readonly outcome: 'placed' | 'refused' | 'rejected' | 'not-placed' | 'unknown';
  readonly orderId: number | undefined;
  readonly status: OrderStatus | undefined;
  readonly reprice: number;
  readonly message: string;
}

/** The record of an intent's outcome: what was asked (from the intent) and what came of it. */
export function orderRecordOf(
  i: IntentRecord,
  outcome: Pick<OrderRecord, 'outcome' | 'orderId' | 'status' | 'message'>,
): OrderRecord {
  return {
    intentId: i.id,
    time: i.time,
    coin: i.coin,
    side: i.side,
    type: i.type,
    reason: i.reason,
    quantity: i.quantity,
    price: i.price,
    reprice: i.reprice,
    ...outcome,
  };
}

export interface SkipRecord {
  readonly time: number;
  readonly coin: string;
  readonly side: Side;
  readonly reason: SkipReason;
}

export interface FillRecord {
  readonly time: number;
  readonly orderId: number;
  readonly coin: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly role: Role;
  readonly reason: IntentReason;
  readonly quantity: number;
  readonly price: number;
  /** Fee in the quote currency (a fee paid in the coin is valued at the fill price). */
  readonly feeUsd: number;
}

export interface CancelRecord {
  readonly time: number;
  readonly orderId: number;
  readonly coin: string;
  readonly why: 'superseded' | 'reprice' | 'give-up' | 'stop' | 'shutdown' | 'kill-switch' | 'orphan';
}

/** A round trip: from flat to flat in one coin. */
export interface TradeRecord {
  readonly coin: string;
  readonly entryTime: number;
  readonly exitTime: number;
  /** Quote currency paid for every buy of the trade, fees included. */
  readonly cost: number;
  /** Quote currency received for every sell, fees deducted. */
  readonly proceeds: number;
  readonly pnl: number;
  /** Gross value of the buys (the trade's size). */
  readonly entryValue: number;
  readonly exitReason: IntentReason;
}

export interface EquityRecord {
  readonly time: number;
  readonly equity: number;
  readonly cash: number;
  /** Value of the positions at mid. */
  readonly invested: number;
  readonly drawdown: number;
  readonly regime: Regime | undefined;
}

export interface StopRecord {
  readonly time: number;
  readonly coin: string;
  readonly reason: string;
  readonly level: number;
}

export interface EngineSink {
  intent(r: IntentRecord): void;
  /**
   * The engine's state changed (an intent, an order's outcome, a fill, a stop, a decision): a durable sink writes
   * the records received since the last checkpoint and `state()` in one transaction. Called before and after every
   * exchange call that can change the account. In-memory sinks ignore it (and never call `state`).
   */
  checkpoint(state: () => PersistedEngine): void;
  decision(r: DecisionRecord): void;
  order(r: OrderRecord): void;
  skip(r: SkipRecord): void;
  fill(r: FillRecord): void;
  cancel(r: CancelRecord): void;
  trade(r: TradeRecord): void;
  equity(r: EquityRecord): void;
  stop(r: StopRecord): void;
}

export class MemoryJournal implements EngineSink {
  readonly intents: IntentRecord[] = [];
  readonly decisions: DecisionRecord[] = [];
  readonly orders: OrderRecord[] = [];
  readonly skips: SkipRecord[] = [];
  readonly fills: FillRecord[] = [];
  readonly cancels: CancelRecord[] = [];
  readonly trades: TradeRecord[] = [];
  readonly equities: EquityRecord[] = [];
  readonly stops: StopRecord[] = [];
  intent(r: IntentRecord): void {
    this.intents.push(r);
  }
  checkpoint(): void {
    // In memory: nothing to make durable.
  }
  decision(r: DecisionRecord): void {
    this.decisions.push(r);
  }
  order(r: OrderRecord): void {
    this.orders.push(r);
  }
  skip(r: SkipRecord): void {
    this.skips.push(r);
  }
  fill(r: FillRecord): void {
    this.fills.push(r);
  }
  cancel(r: CancelRecord): void {
    this.cancels.push(r);
  }
  trade(r: TradeRecord): void {
    this.trades.push(r);
  }
  equity(r: EquityRecord): void {
    this.equities.push(r);
  }
  stop(r: StopRecord): void {
    this.stops.push(r);
  }
}
