import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { Balances } from '../../domain/market.js';
import type { Order } from '../../domain/order.js';
import type { PreparedOrder } from '../../domain/order-sizing.js';
import { resolveLostOrder, type LostOrder, type LostOrderDeps } from './lost-order.js';

const INST = {
  pair: 'BTC/USD',
  coin: 'BTC',
  unit: 'USD',
  canTrade: true,
  pricePrecision: 2,
  amountPrecision: 5,
  minOrder: 1,
};
const SENT: PreparedOrder = {
  pair: 'BTC/USD',
  side: 'BUY',
  type: 'MARKET',
  qtySteps: 236,
  quantityText: '0.00236',
  quantity: 0.00236,
};
const T = 1_790_777_200_000;
const wallet = (usd: number, btc = 0): Balances =>
  new Map([
    ['USD', { asset: 'USD', free: usd, locked: 0 }],
    ['BTC', { asset: 'BTC', free: btc, locked: 0 }],
  ]);
const order = (id: number, patch: Partial<Order> = {}): Order => ({
  id,
  pair: 'BTC/USD',
  side: 'BUY',
  type: 'MARKET',
  status: 'FILLED',
  role: 'TAKER',
  price: 84596.01,
  quantity: 0.00236,
  filledQuantity: 0.00236,
  averagePrice: 84596.01,
  coinChange: 0.00236,
  unitChange: 199.65,
  feeAsset: 'USD',
  fee: 0.2,
  feeRate: 0.001,
  createdAt: T + 5,
  finishedAt: T + 9,
  ...patch,
});

function deps(
  reads: Array<() => Order[]>,
  after: Balances,
  known: number[] = [],
  offsetErrorMs = 0,
): LostOrderDeps & { clock: ManualClock; calls: string[] } {
  const clock = new ManualClock(T + 100);
  const calls: string[] = [];
  return {
    clock,
    calls,
    recentOrders: () => {
      calls.push(`orders@${clock.now() - T}`);
      const next = reads.shift();
      if (next === undefined) return Promise.reject(new Error('offline'));
      return Promise.resolve(next());
    },
    balances: () => {
      calls.push('balances');
      return Promise.resolve(after);
    },
    serverNow: () => clock.now(),
    sleep: (ms) => {
      clock.advance(ms);
      return Promise.resolve();
    },
    knownIds: new Set(known),
    timestampWindowMs: 60_000,
    settleMs: 1_000,
    skewToleranceMs: 2_000,
    offsetErrorMs,
  };
}

const LOST: LostOrder = {
  inst: INST,
  sent: SENT,
  attemptedAt: T,
  signedTimestamp: T,
  before: wallet(50_000),
  cause: 'timeout',
};

describe('resolveLostOrder', () => {
  it('finds the order at the first look: placed, recovered', async () => {
    const d = deps([() => [order(7)]], wallet(0));
    expect(await resolveLostOrder(d, LOST)).toMatchObject({
      kind: 'placed',
      recovered: true,
      order: { id: 7 },
    });
    expect(d.calls).toEqual(['orders@1100']);
  });

  it('says not placed only after the timestamp window has expired and the balances are unchanged', async () => {
    const d = deps([() => [], () => []], wallet(50_000));
    expect(await resolveLostOrder(d, LOST)).toMatchObject({ kind: 'not-placed' });
    // 60 s window + 1 s settle + 2 s skew tolerance past the signed timestamp (T).
    expect(d.calls).toEqual(['orders@1100', 'orders@63000', 'balances']);
  });

  it('adds half the clock probe round trip and the skew tolerance to the wait past the window', async () => {
    // The offset estimate is within ±offsetErrorMs (RTT/2) of the truth: wait that much longer on our estimate.
    const d = deps([() => [], () => []], wallet(50_000), [], 750);
    expect(await resolveLostOrder(d, LOST)).toMatchObject({ kind: 'not-placed' });
    // Even if the estimate is 750 ms ahead of the exchange, its true clock is then at T + 63 000: past the window.
    expect(d.calls).toEqual(['orders@1100', 'orders@63750', 'balances']);
  });

  it('finds an order the exchange listed late', async () => {
    const d = deps([() => [], () => [order(8)]], wallet(0));
    expect(await resolveLostOrder(d, LOST)).toMatchObject({ kind: 'placed', order: { id: 8 } });
  });

  it('ignores known ids, other sizes, other sides and orders from before the attempt', async () => {
    const others = [
      order(1),
      order(2, { quantity: 0.00237 }),
      order(3, { side: 'SELL' }),
      order(4, { createdAt: T - 5_000 }),
    ];
    const d = deps([() => others, () => others], wallet(50_000), [1]);
    expect(await resolveLostOrder(d, LOST)).toMatchObject({ kind: 'not-placed' });
  });

  it('is unknown when two orders match, when balances moved without an order, or when a read fails', async () => {
    expect(await resolveLostOrder(deps([() => [order(5), order(6)]], wallet(0)), LOST)).toMatchObject({
      kind: 'unknown',
      candidates: [{ id: 5 }, { id: 6 }],
    });
    expect(await resolveLostOrder(deps([() => [], () => []], wallet(49_800, 0.00236)), LOST)).toMatchObject({
      kind: 'unknown',
    });
    const failed = await resolveLostOrder(deps([], wallet(50_000)), LOST);
    expect(failed).toMatchObject({ kind: 'unknown' });
    expect(failed.kind === 'unknown' && failed.cause).toContain('offline');
  });
});

describe('roostooClientFromConfig', () => {
  it('takes the limits and timeouts from the exchange section', async () => {
    const { roostooClientFromConfig } = await import('./from-config.js');
    const { Secret } = await import('../../config/secrets.js');
    const c = roostooClientFromConfig(
      {
        base_url: 'http://127.0.0.1:1/',
        calls_per_minute: 25,
        orders_per_minute: 1,
        request_timeout_ms: 10_000,
        timestamp_window_ms: 60_000,
      },
      { apiKey: new Secret('k'), secretKey: new Secret('s') },
      new ManualClock(T),
    );
    expect(c.serverNow()).toBe(T);
  });
});
