// The life of an order in the engine: intent → placed through the port → filled at once, or resting → polled on
// every event → filled, or cancelled once older than order_timeout_seconds and decided again at a fresh price (up
// to max_reprices), or given up until the next decision. Fills become FillRecords and update the position book.
// Every order is recorded as an intent, and the sink checkpointed, before its request leaves; the outcome, fills
// and the new state are checkpointed after. A crash in between leaves an intent without an outcome, which start-up
// resolves against the exchange (src/live/recovery.ts); the resting orders are part of the persisted state.
import type { Clock } from '../core/clock.js';
import type { Instrument } from '../domain/instrument.js';
import { balanceTotal } from '../domain/market.js';
import type { Order } from '../domain/order.js';
import type { ExchangePort } from '../exchange/port.js';
import type { ExecutionStep, IntentReason, OrderIntent } from '../execution/intents.js';
import type { ExecutionParams } from '../execution/params.js';
import { planBuys, planSells } from '../execution/plan.js';
import { onOrderAge } from '../execution/timeout.js';
import { orderRecordOf, type CancelRecord, type EngineSink, type IntentRecord } from './journal.js';
import type { PersistedEngine, PersistedResting } from './persisted.js';
import type { PositionBook } from './positions.js';
import { isDust } from './snapshot.js';

/** A resting order: `target` is the weight it was trading towards, for the repricing decision. */
type Resting = PersistedResting;

/** An intent's order, resting on the exchange under `id` since `placedAt`. */
export function restingOf(i: IntentRecord, id: number, placedAt: number): PersistedResting {
  return {
    id,
    coin: i.coin,
    pair: i.pair,
    side: i.side,
    type: i.type,
    reason: i.reason,
    quantity: i.quantity,
    price: i.price,
    placedAt,
    reprices: i.reprice,
    target: i.target,
  };
}

export interface OrderContext {
  /** ATR of a coin now (sizes a new stop). */
  atr(coin: string): number;
  /** Last equity mark (the loss limit's base). */
  equity(): number;
  /** The whole engine's state, for checkpoints. */
  state(): PersistedEngine;
}

export class OrderManager {
  readonly #exchange: ExchangePort;
  readonly #clock: Clock;
  readonly #sink: EngineSink;
  readonly #book: PositionBook;
  readonly #byCoin: ReadonlyMap<string, Instrument>;
  readonly #params: ExecutionParams;
  readonly #ctx: OrderContext;
  readonly #unit: string;
  readonly #resting = new Map<number, Resting>();
  /** Orders sent so far (placed or not): a caller can tell whether anything reached the exchange. */
  #sent = 0;
  /** Intents numbered so far (persisted: ids stay unique across restarts). */
  #intentSeq = 0;

  constructor(
    exchange: ExchangePort,
    clock: Clock,
    sink: EngineSink,
    book: PositionBook,
    byCoin: ReadonlyMap<string, Instrument>,
    params: ExecutionParams,
    ctx: OrderContext,
    unit: string,
  ) {
    this.#exchange = exchange;
    this.#clock = clock;
    this.#sink = sink;
    this.#book = book;
    this.#byCoin = byCoin;
    this.#params = params;
    this.#ctx = ctx;
    this.#unit = unit;
  }

  /** When a resting order next needs attention (its timeout), or undefined when none rests. */
  nextWakeUp(): number | undefined {
    let t: number | undefined;
    for (const r of this.#resting.values()) {
      const due = r.placedAt + this.#params.orderTimeoutMs;
      if (t === undefined || due < t) t = due;
    }
    return t;
  }

  get sent(): number {
    return this.#sent;
  }

  get restingCount(): number {
    return this.#resting.size;
  }

  get intentSeq(): number {
    return this.#intentSeq;
  }

  /** Resting orders, by id, for checkpoints. */
  resting(): PersistedResting[] {
    return [...this.#resting.values()].sort((a, b) => a.id - b.id);
  }

  /** Restores the persisted resting orders and intent numbering (start-up, before reconciliation). */
  restore(resting: readonly PersistedResting[], intentSeq: number): void {
    this.#resting.clear();
    for (const r of resting) this.#resting.set(r.id, r);
    this.#intentSeq = intentSeq;
  }

  /** Recovery: an order found on the exchange that is ours (a lost answer, a crash before its outcome). */
  adopt(r: PersistedResting): void {
    this.#resting.set(r.id, r);
  }

  /** Recovery: the engine no longer manages this order (the exchange does not know it, or it was cancelled). */
  forget(id: number): void {
    this.#resting.delete(id);
  }

  /** Recovery: a fill that happened while the bot was down (or whose answer was lost) is booked now. */
  bookFill(o: Order, reason: IntentReason): void {
    this.#filled(o, reason);
  }

  #checkpoint(): void {
    this.#sink.checkpoint(() => this.#ctx.state());
  }

  /** Places the steps in order (skips are recorded); `target` per coin is remembered for repricing. */
  async execute(
    steps: readonly ExecutionStep[],
    target: (coin: string) => number,
    reprices = 0,
  ): Promise<void> {
    const now = this.#clock.now();
    for (const s of steps) {
      if (s.kind === 'skipped') {
        this.#sink.skip({ time: now, coin: s.coin, side: s.side, reason: s.reason });
        continue;
      }
      await this.#place(s, target(s.coin), reprices);
    }
  }

  async #place(intent: OrderIntent, target: number, reprices: number): Promise<void> {
    const now = this.#clock.now();
    const req = intent.request;
    const id = ++this.#intentSeq;
    const price = req.price ?? req.referencePrice ?? NaN;
    const record: IntentRecord = {
      id,
      time: now,
      coin: intent.coin,
      pair: req.pair,
      side: req.side,
      type: req.type,
      reason: intent.reason,
      quantity: req.quantity,
      price,
      reprice: reprices,
      target,
    };
    this.#sink.intent(record);
    this.#checkpoint();
    this.#sent++;
    const out = await this.#exchange.placeOrder(req);
    if (out.kind !== 'placed') {
      const message = out.kind === 'refused' ? out.message : out.kind === 'rejected' ? out.errMsg : out.cause;
      this.#sink.order(
        orderRecordOf(record, { outcome: out.kind, orderId: undefined, status: undefined, message }),
      );
      this.#checkpoint();
      return;
    }
    const o = out.order;
    this.#sink.order(
      orderRecordOf(record, { outcome: 'placed', orderId: o.id, status: o.status, message: '' }),
    );
    if (o.status === 'FILLED') this.#filled(o, intent.reason);
    else if (o.status === 'PENDING') this.#resting.set(o.id, restingOf(record, o.id, now));
    this.#checkpoint();
  }

  #filled(o: Order, reason: IntentReason): void {
    const inst = this.#byCoin.get(o.pair.split('/')[0] ?? '');
    if (inst === undefined) return;
    const coin = inst.coin;
    const feeInCoin = o.feeAsset === coin;
    const feeUsd = feeInCoin ? o.fee * o.averagePrice : o.fee;
    const buy = o.side === 'BUY';
    this.#sink.fill({
      time: this.#clock.now(),
      orderId: o.id,
      coin,
      side: o.side,
      type: o.type,
      role: o.role,
      reason,
      quantity: o.filledQuantity,
      price: o.averagePrice,
      feeUsd,
    });
    const trade = this.#book.onFill(
      {
        time: this.#clock.now(),
        coin,
        side: o.side,
        price: o.averagePrice,
        coinDelta: buy && feeInCoin ? o.coinChange - o.fee : o.coinChange,
        cash: buy ? o.unitChange + (feeInCoin ? 0 : o.fee) : o.unitChange - (feeInCoin ? 0 : o.fee),
        grossValue: o.unitChange,
        reason,
      },
      this.#ctx.atr(coin),
      this.#ctx.equity(),
      (remaining) => isDust(inst, remaining, o.averagePrice),
    );
    if (trade !== undefined) this.#sink.trade(trade);
  }

  /** Looks at every resting order: fills, external cancels, timeouts (reprice or give up). Ids in order. */
  async poll(): Promise<void> {
    for (const id of [...this.#resting.keys()].sort((a, b) => a - b)) {
      const r = this.#resting.get(id);
      if (r === undefined) continue;
      const o = await this.#exchange.queryOrder(id);
      if (o === undefined || o.status === 'CANCELED') {
        this.#resting.delete(id);
        this.#checkpoint();
        continue;
      }
      if (o.status === 'FILLED') {
        this.#resting.delete(id);
        this.#filled(o, r.reason);
        this.#checkpoint();
        continue;
      }
      const action = onOrderAge(r.placedAt, this.#clock.now(), r.reprices, this.#params);
      if (action.kind === 'wait') continue;
      const gone = await this.#cancel(r, action.kind === 'reprice' ? 'reprice' : 'give-up');
      if (gone && action.kind === 'reprice') await this.#reprice(r);
    }
  }

  /** Cancels every resting order (a new decision supersedes them, or a stop needs the coin). */
  async cancelAll(why: CancelRecord['why'], coin?: string): Promise<void> {
    for (const id of [...this.#resting.keys()].sort((a, b) => a - b)) {
      const r = this.#resting.get(id);
      if (r !== undefined && (coin === undefined || r.coin === coin)) await this.#cancel(r, why);
    }
  }

  /** True when the order is gone without a fill; a fill that raced the cancel is booked. */
  async #cancel(r: Resting, why: CancelRecord['why']): Promise<boolean> {
    const ids = await this.#exchange.cancelOrder({ orderId: r.id });
    this.#resting.delete(r.id);
    if (ids.includes(r.id)) {
      this.#sink.cancel({ time: this.#clock.now(), orderId: r.id, coin: r.coin, why });
      this.#checkpoint();
      return true;
    }
    const o = await this.#exchange.queryOrder(r.id);
    if (o?.status === 'FILLED') this.#filled(o, r.reason);
    this.#checkpoint();
    return false;
  }

  /** Decides the cancelled order's coin again from a fresh wallet and quote, one reprice further. */
  async #reprice(r: Resting): Promise<void> {
    const inst = this.#byCoin.get(r.coin);
    if (inst === undefined) return;
    const balances = await this.#exchange.balances();
    const tickers = await this.#exchange.tickers(inst.pair);
    const t = tickers.get(inst.pair);
    if (t === undefined) return;
    const b = balances.get(r.coin);
    const input = {
      equity: this.#ctx.equity(),
      cash: balances.get(this.#unit)?.free ?? 0,
      assets: [
        {
          coin: r.coin,
          instrument: inst,
          bid: t.bid,
          ask: t.ask,
          free: b?.free ?? 0,
          held: balanceTotal(b),
          target: r.target,
          urgent: r.reason === 'stop',
        },
      ],
    };
    const steps = r.side === 'SELL' ? planSells(input, this.#params) : planBuys(input, this.#params);
    await this.execute(steps, () => r.target, r.reprices + 1);
  }
}
