// The client against a faulty local exchange: 20 % of requests answered 500, 10 % swallowed (client timeout),
// 5 % of accepted orders with their answer dropped. 200 scripted orders must end with the exchange's balances and
// the client's own view (built only from what the client was told) agreeing after every step, and no order placed
// twice. Each step orders a distinct quantity, so every order on the exchange names the step that sent it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/random.js';
import type { Order, Side } from '../src/domain/order.js';
import { stepsToNumber } from '../src/domain/ticks.js';
import type { PlaceOutcome } from '../src/exchange/port.js';
import { serverHarness, type ServerHarness } from './helpers/exchange-harness.js';

const PAIRS = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD'] as const;
/** Base quantity in steps (about 100-200 USD each at the sample's prices). */
const BASE_STEPS: Record<string, number> = { 'BTC/USD': 150, 'ETH/USD': 700, 'SOL/USD': 900, 'XRP/USD': 500 };

interface View {
  readonly orders: Map<number, Order>;
}

/** What the client believes the wallet is, from the orders it was told about. */
function walletOf(view: View): Map<string, { free: number; locked: number }> {
  const w = new Map<string, { free: number; locked: number }>([['USD', { free: 50_000, locked: 0 }]]);
  const add = (asset: string, free: number, locked = 0): void => {
    const b = w.get(asset) ?? { free: 0, locked: 0 };
    w.set(asset, { free: b.free + free, locked: b.locked + locked });
  };
  for (const o of view.orders.values()) {
    const coin = o.pair.split('/')[0] ?? '';
    if (o.status === 'PENDING') {
      if (o.side === 'BUY') add('USD', -o.price * o.quantity, o.price * o.quantity);
      else add(coin, -o.quantity, o.quantity);
      continue;
    }
    if (o.status !== 'FILLED') continue;
    const feeUsd = o.feeAsset === 'USD' ? o.fee : 0;
    const feeCoin = o.feeAsset === 'USD' ? 0 : o.fee;
    if (o.side === 'BUY') {
      add(coin, o.coinChange - feeCoin);
      add('USD', -o.unitChange - feeUsd);
    } else {
      add(coin, -o.coinChange);
      add('USD', o.unitChange - feeUsd);
    }
  }
  return w;
}

describe('the client against a faulty local exchange', () => {
  let h: ServerHarness;
  beforeAll(async () => {
    h = await serverHarness({
      faults: { error500: 0.2, timeout: 0.1, dropAcceptedOrder: 0.05, seed: 2026 },
      client: { timeoutMs: 60, retry: { attempts: 10, baseDelayMs: 500, maxDelayMs: 8_000 } },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('200 orders: balances agree at every step, no order is placed twice', async () => {
    const started = Date.now();
    const view: View = { orders: new Map() };
    const tally: Record<string, number> = {};
    const pick = seededRandom(99);
    const inst = await retrying(() => h.client.instruments());

    for (let i = 0; i < 200; i++) {
      const pair = PAIRS[Math.floor(pick() * PAIRS.length)] ?? 'BTC/USD';
      const ap = inst.get(pair)?.amountPrecision ?? 0;
      const quantity = stepsToNumber((BASE_STEPS[pair] ?? 100) + i, ap);
      const coin = pair.split('/')[0] ?? '';
      const held = walletOf(view).get(coin)?.free ?? 0;
      const side: Side = held > quantity * 1.01 && pick() < 0.5 ? 'SELL' : 'BUY';
      const resting = i % 7 === 6;
      const bid = resting ? ((await retrying(() => h.client.tickers(pair))).get(pair)?.bid ?? 0) : 0;
      const outcome: PlaceOutcome = await h.client.placeOrder(
        resting
          ? { pair, side: 'BUY', type: 'LIMIT', quantity, price: bid * 0.6 }
          : { pair, side, type: 'MARKET', quantity },
      );
      tally[outcome.kind === 'placed' && outcome.recovered ? 'recovered' : outcome.kind] =
        (tally[outcome.kind === 'placed' && outcome.recovered ? 'recovered' : outcome.kind] ?? 0) + 1;
      if (outcome.kind === 'placed') view.orders.set(outcome.order.id, outcome.order);
      else if (outcome.kind === 'unknown') {
        // The caller's duty: reconcile before going on. The step's quantity is unique, so a match is ours.
        const recent = await retrying(() => h.client.queryOrders({ pair, limit: 50 }));
        const ours = recent.find((o) => o.quantity === quantity);
        if (ours !== undefined) view.orders.set(ours.id, ours);
      } else expect(['not-placed'], `step ${i}: ${JSON.stringify(outcome)}`).toContain(outcome.kind);

      // The exchange's own books (read in-process, no faults) against the client's view, after every step.
      const onExchange = h.engine.query(h.account, { limit: 10_000 });
      const keys = onExchange.map((o) => `${o.pair} ${o.side} ${o.quantity}`);
      expect(new Set(keys).size, `step ${i}: an order was placed twice`).toBe(keys.length);
      expect(onExchange.map((o) => o.id).sort(), `step ${i}`).toEqual([...view.orders.keys()].sort());
      const mine = walletOf(view);
      for (const [asset, b] of h.engine.balances(h.account)) {
        expect(mine.get(asset)?.free ?? 0, `step ${i} ${asset} free`).toBeCloseTo(b.free, 6);
        expect(mine.get(asset)?.locked ?? 0, `step ${i} ${asset} locked`).toBeCloseTo(b.locked, 6);
      }
    }

    // And through the faulty API itself, the client reads the same wallet.
    const remote = await retrying(() => h.client.balances());
    for (const [asset, b] of h.engine.balances(h.account)) expect(remote.get(asset)).toEqual(b);
    const f = h.local.server.faults.counts;
    expect(f.error500).toBeGreaterThan(50);
    expect(f.timeout).toBeGreaterThan(25);
    expect(f.dropAcceptedOrder).toBeGreaterThan(3);
    expect(tally.recovered ?? 0).toBeGreaterThan(3);
    expect(view.orders.size).toBeGreaterThan(120);
    console.log(
      `fault run: ${Date.now() - started} ms wall, outcomes ${JSON.stringify(tally)}, faults ${JSON.stringify(f)}`,
    );
  }, 120_000);
});

/** A read that the test itself insists on (the client already retried; the faults are relentless). */
async function retrying<T>(read: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await read();
    } catch (err) {
      if (i >= 5) throw err;
    }
  }
}
