import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { Instrument } from '../domain/instrument.js';
import type { Balances, Ticker } from '../domain/market.js';
import type { Order, OrderRequest } from '../domain/order.js';
import type { ExchangePort, PlaceOutcome } from '../exchange/port.js';
import type { ExecutionParams } from '../execution/params.js';
import { planBuys } from '../execution/plan.js';
import { MemoryJournal } from './journal.js';
import { OrderManager } from './order-manager.js';
import { PositionBook } from './positions.js';
import { DEFAULT_RISK_PARAMS } from '../risk/params.js';

const ETH: Instrument = {
  pair: 'ETH/USD',
  coin: 'ETH',
  unit: 'USD',
  canTrade: true,
  pricePrecision: 2,
  amountPrecision: 4,
  minOrder: 1,
};

/** An exchange on which every limit order rests until cancelled (the market never comes to it). */
class RestingExchange implements ExchangePort {
  readonly orders = new Map<number, Order>();
  readonly placed: OrderRequest[] = [];
  #next = 1;
  constructor(private readonly clock: ManualClock) {}
  serverTime(): Promise<number> {
    return Promise.resolve(this.clock.now());
  }
  instruments(): Promise<ReadonlyMap<string, Instrument>> {
    return Promise.resolve(new Map([[ETH.pair, ETH]]));
  }
  tickers(): Promise<ReadonlyMap<string, Ticker>> {
    const t = { pair: ETH.pair, bid: 3000, ask: 3000.01, last: 3000, time: this.clock.now() };
    return Promise.resolve(new Map([[ETH.pair, t]]));
  }
  balances(): Promise<Balances> {
    return Promise.resolve(new Map([['USD', { asset: 'USD', free: 10_000, locked: 0 }]]));
  }
  pendingCount(): Promise<{ total: number; byPair: ReadonlyMap<string, number> }> {
    return Promise.resolve({ total: 0, byPair: new Map() });
  }
  placeOrder(r: OrderRequest): Promise<PlaceOutcome> {
    this.placed.push(r);
    const o: Order = {
      id: this.#next++,
      pair: r.pair,
      side: r.side,
      type: r.type,
      status: 'PENDING',
      role: 'MAKER',
      price: r.price ?? 0,
      quantity: r.quantity,
      filledQuantity: 0,
      averagePrice: 0,
      coinChange: 0,
      unitChange: 0,
      feeAsset: '',
      fee: 0,
      feeRate: 0,
      createdAt: this.clock.now(),
      finishedAt: 0,
    };
    this.orders.set(o.id, o);
    return Promise.resolve({ kind: 'placed', order: o, recovered: false });
  }
  queryOrder(id: number): Promise<Order | undefined> {
    return Promise.resolve(this.orders.get(id));
  }
  queryOrders(): Promise<readonly Order[]> {
    return Promise.resolve([...this.orders.values()]);
  }
  cancelOrder(t: { orderId: number } | { pair: string } | { all: true }): Promise<readonly number[]> {
    if (!('orderId' in t)) return Promise.resolve([]);
    const o = this.orders.get(t.orderId);
    if (o === undefined || o.status !== 'PENDING') return Promise.resolve([]);
    this.orders.set(o.id, { ...o, status: 'CANCELED' });
    return Promise.resolve([o.id]);
  }
}

const P: ExecutionParams = {
  limitOffsetBps: 2,
  orderTimeoutMs: 90_000,
  maxReprices: 2,
  marketForUrgentExits: true,
  minWeightChange: 0.02,
  feeRate: 0.001,
};

describe('OrderManager', () => {
  it('cancels a resting order after the timeout, reprices it max_reprices times, then gives up', async () => {
    const clock = new ManualClock(0);
    const ex = new RestingExchange(clock);
    const journal = new MemoryJournal();
    const m = new OrderManager(
      ex,
      clock,
      journal,
      new PositionBook(DEFAULT_RISK_PARAMS),
      new Map([['ETH', ETH]]),
      P,
      {
        atr: () => 30,
        equity: () => 10_000,
        state: () => {
          throw new Error('an in-memory journal never asks for the state');
        },
      },
      'USD',
    );
    const steps = planBuys(
      {
        equity: 10_000,
        cash: 10_000,
        assets: [
          {
            coin: 'ETH',
            instrument: ETH,
            bid: 3000,
            ask: 3000.01,
            free: 0,
            held: 0,
            target: 0.1,
            urgent: false,
          },
        ],
      },
      P,
    );
    await m.execute(steps, () => 0.1);
    expect(m.nextWakeUp()).toBe(90_000);
    clock.set(89_999);
    await m.poll();
    expect(journal.cancels).toHaveLength(0);
    for (const t of [90_000, 180_000, 270_000]) {
      clock.set(t);
      await m.poll();
    }
    expect(journal.orders.map((o) => [o.time, o.reprice])).toEqual([
      [0, 0],
      [90_000, 1],
      [180_000, 2],
    ]);
    expect(journal.cancels.map((c) => [c.time, c.why])).toEqual([
      [90_000, 'reprice'],
      [180_000, 'reprice'],
      [270_000, 'give-up'],
    ]);
    expect(m.nextWakeUp()).toBeUndefined();
    expect([...ex.orders.values()].every((o) => o.status === 'CANCELED')).toBe(true);
    // Each repricing is sized again from the wallet: the same 10 % of equity at the fresh quote.
    for (const r of ex.placed) expect(r.quantity * (r.price ?? 0)).toBeCloseTo(1000, -1);
  });
});
