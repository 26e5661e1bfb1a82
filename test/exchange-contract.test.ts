// One contract, two implementations: the in-process simulated exchange (what backtests trade on) and the Roostoo
// client talking HTTP to the local exchange (what paper trading uses, and what mirrors live Roostoo). Both run on
// the shared matching engine; this suite makes sure nothing between the engine and the port changes the answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { balanceTotal } from '../src/domain/market.js';
import { sellableQuantity } from '../src/domain/order-sizing.js';
import type { Order } from '../src/domain/order.js';
import type { PlaceOutcome } from '../src/exchange/port.js';
import { INSUFFICIENT_BALANCE } from '../src/exchange/wire/err-msg.js';
import { serverHarness, simulatedHarness, T0, type Harness } from './helpers/exchange-harness.js';

const implementations: Array<[string, () => Promise<Harness>]> = [
  ['simulated exchange (in-process)', () => simulatedHarness()],
  ['Roostoo client → local server', () => serverHarness({ client: { callsPerMinute: 100_000 } })],
];

function placed(o: PlaceOutcome): Order {
  if (o.kind !== 'placed') throw new Error(`expected placed, got ${JSON.stringify(o)}`);
  return o.order;
}

describe.each(implementations)('exchange contract: %s', (_name, make) => {
  let h: Harness;
  beforeEach(async () => {
    h = await make();
  });
  afterEach(async () => {
    await h.close();
  });

  it('lists the real precisions for coins with candles, and derives them for unlisted INJ', async () => {
    const inst = await h.port.instruments();
    expect(inst.get('BTC/USD')).toEqual({
      pair: 'BTC/USD',
      coin: 'BTC',
      unit: 'USD',
      canTrade: true,
      pricePrecision: 2,
      amountPrecision: 5,
      minOrder: 1,
    });
    expect(inst.get('DOGE/USD')).toMatchObject({ pricePrecision: 5, amountPrecision: 0 });
    expect(inst.get('INJ/USD')).toMatchObject({ canTrade: true, minOrder: 1 });
    expect(inst.has('TAO/USD')).toBe(false); // no candles, no quotes
    expect(inst.size).toBe(12);
  });

  it('quotes every pair in one call, one price tick apart, from the candle replay', async () => {
    const tickers = await h.port.tickers();
    expect(tickers.size).toBe(12);
    const btc = tickers.get('BTC/USD');
    const q = h.quotes.quote('BTC/USD', h.clock.now());
    expect(btc).toMatchObject({ bid: q?.bid, ask: q?.ask });
    expect(Math.round(((btc?.ask ?? 0) - (btc?.bid ?? 0)) * 100)).toBe(1);
    const pepe = tickers.get('PEPE/USD');
    expect(Math.round(((pepe?.ask ?? 0) - (pepe?.bid ?? 0)) * 1e8)).toBe(1);
    // Six hours into 2025-04-01 BTC traded near 83-85k (the sample's candles).
    expect(btc?.bid).toBeGreaterThan(80_000);
    expect(btc?.bid).toBeLessThan(90_000);
    expect((await h.port.tickers('ETH/USD')).size).toBe(1);
  });

  it('starts with 50,000 USD and nothing pending', async () => {
    const b = await h.port.balances();
    expect(b.get('USD')).toEqual({ asset: 'USD', free: 50_000, locked: 0 });
    expect(await h.port.pendingCount()).toEqual({ total: 0, byPair: new Map() });
    expect(await h.port.queryOrders()).toEqual([]);
    expect(await h.port.queryOrder(123)).toBeUndefined();
    expect(await h.port.cancelOrder({ all: true })).toEqual([]);
  });

  it('fills a MARKET buy at the ask and a MARKET sell at the bid, taker fee 0.10 % in USD', async () => {
    const buy = placed(
      await h.port.placeOrder({ pair: 'BTC/USD', side: 'BUY', type: 'MARKET', quantity: 0.01 }),
    );
    const q = h.quotes.quote('BTC/USD', buy.createdAt);
    expect(buy).toMatchObject({ status: 'FILLED', role: 'TAKER', quantity: 0.01, filledQuantity: 0.01 });
    expect(buy.averagePrice).toBe(q?.ask);
    expect(buy.feeAsset).toBe('USD');
    expect(buy.feeRate).toBe(0.001);
    expect(buy.fee).toBeCloseTo(buy.unitChange * 0.001, 10);
    let b = await h.port.balances();
    expect(b.get('BTC')?.free).toBe(0.01);
    expect(b.get('USD')?.free).toBeCloseTo(50_000 - buy.unitChange - buy.fee, 8);

    const sell = placed(
      await h.port.placeOrder({ pair: 'BTC/USD', side: 'SELL', type: 'MARKET', quantity: 0.01 }),
    );
    expect(sell.averagePrice).toBe(h.quotes.quote('BTC/USD', sell.createdAt)?.bid);
    b = await h.port.balances();
    expect(b.get('BTC')?.free).toBeCloseTo(0, 12);
    expect(b.get('USD')?.free).toBeCloseTo(50_000 - buy.unitChange - buy.fee + sell.unitChange - sell.fee, 8);
    const orders = await h.port.queryOrders({ pair: 'BTC/USD' });
    expect(orders.map((o) => o.id)).toEqual([sell.id, buy.id]); // newest first
    expect(await h.port.queryOrder(buy.id)).toEqual(buy);
  });

  it('rests a LIMIT buy below the market as MAKER, locks its USD, and cancels it', async () => {
    const bid = (await h.port.tickers('ETH/USD')).get('ETH/USD')?.bid ?? 0;
    const order = placed(
      await h.port.placeOrder({
        pair: 'ETH/USD',
        side: 'BUY',
        type: 'LIMIT',
        quantity: 0.5,
        price: bid * 0.8,
      }),
    );
    expect(order).toMatchObject({ status: 'PENDING', role: 'MAKER', filledQuantity: 0, finishedAt: 0 });
    const price = order.price;
    expect(Math.round(price * 100) / 100).toBe(price); // on the tick grid
    let usd = (await h.port.balances()).get('USD');
    expect(usd?.locked).toBeCloseTo(price * 0.5, 8);
    expect(usd?.free).toBeCloseTo(50_000 - price * 0.5, 8);
    expect((await h.port.pendingCount()).byPair.get('ETH/USD')).toBe(1);
    expect((await h.port.queryOrders({ pendingOnly: true })).map((o) => o.id)).toEqual([order.id]);
    expect(await h.port.cancelOrder({ orderId: order.id })).toEqual([order.id]);
    expect(await h.port.cancelOrder({ orderId: order.id })).toEqual([]); // already canceled: empty, not an error
    usd = (await h.port.balances()).get('USD');
    expect(usd).toEqual({ asset: 'USD', free: 50_000, locked: 0 });
    expect((await h.port.queryOrder(order.id))?.status).toBe('CANCELED');
  });

  it('fills a resting LIMIT buy when the market falls to it, maker fee 0.05 % charged in the coin', async () => {
    // Pick a price the replay reaches within 24 hours: just above the lowest bid of that span.
    const range = h.quotes.bidRange('SOL/USD', h.clock.now(), h.clock.now() + 24 * 3_600_000);
    const now = h.quotes.quote('SOL/USD', h.clock.now());
    const limit = (range?.low ?? 0) + 0.05;
    expect(limit).toBeLessThan(now?.bid ?? 0);
    const order = placed(
      await h.port.placeOrder({ pair: 'SOL/USD', side: 'BUY', type: 'LIMIT', quantity: 2, price: limit }),
    );
    expect(order.status).toBe('PENDING');
    h.clock.advance(24 * 3_600_000);
    const filled = await h.port.queryOrder(order.id);
    expect(filled).toMatchObject({ status: 'FILLED', role: 'MAKER', feeAsset: 'SOL', feeRate: 0.0005 });
    expect(filled?.averagePrice).toBe(order.price);
    expect(filled?.fee).toBeCloseTo(2 * 0.0005, 12);
    const b = await h.port.balances();
    expect(b.get('SOL')?.free).toBeCloseTo(2 - 0.001, 12);
    expect(balanceTotal(b.get('USD'))).toBeCloseTo(50_000 - order.price * 2, 8);
    // Selling what was ordered fails; selling what the wallet holds works.
    const tooMuch = await h.port.placeOrder({ pair: 'SOL/USD', side: 'SELL', type: 'MARKET', quantity: 2 });
    expect(tooMuch).toMatchObject({ kind: 'rejected', errMsg: INSUFFICIENT_BALANCE });
    const inst = (await h.port.instruments()).get('SOL/USD');
    if (inst === undefined) throw new Error('no SOL/USD');
    const qty = sellableQuantity(inst, b.get('SOL'));
    expect(qty).toBe(1.999);
    expect(
      placed(await h.port.placeOrder({ pair: 'SOL/USD', side: 'SELL', type: 'MARKET', quantity: qty }))
        .status,
    ).toBe('FILLED');
  });

  it('fills a LIMIT priced through the market at once, as TAKER at the quote', async () => {
    const ask = (await h.port.tickers('XRP/USD')).get('XRP/USD')?.ask ?? 0;
    const o = placed(
      await h.port.placeOrder({
        pair: 'XRP/USD',
        side: 'BUY',
        type: 'LIMIT',
        quantity: 100,
        price: ask * 1.05,
      }),
    );
    expect(o).toMatchObject({ status: 'FILLED', role: 'TAKER', feeRate: 0.001 });
    expect(o.averagePrice).toBe(h.quotes.quote('XRP/USD', o.createdAt)?.ask);
  });

  it('refuses an order not worth more than the minimum before sending it, and rounds sizes to the step', async () => {
    const ask = (await h.port.tickers('DOGE/USD')).get('DOGE/USD')?.ask ?? 0;
    const oneDollar = Math.floor(1 / ask); // whole DOGE (precision 0) worth at most 1 USD
    const r = await h.port.placeOrder({ pair: 'DOGE/USD', side: 'BUY', type: 'MARKET', quantity: oneDollar });
    expect(r).toMatchObject({ kind: 'refused', reason: 'below-minimum' });
    expect(await h.port.queryOrders()).toEqual([]);
    const o = placed(
      await h.port.placeOrder({ pair: 'DOGE/USD', side: 'BUY', type: 'MARKET', quantity: 20.9 }),
    );
    expect(o.quantity).toBe(20);
  });

  it('rejects a buy the wallet cannot pay for, and places nothing', async () => {
    const r = await h.port.placeOrder({ pair: 'BTC/USD', side: 'BUY', type: 'MARKET', quantity: 1 });
    expect(r).toMatchObject({ kind: 'rejected', errMsg: INSUFFICIENT_BALANCE });
    expect(await h.port.queryOrders()).toEqual([]);
    expect((await h.port.balances()).get('USD')?.free).toBe(50_000);
  });

  it('cancels by pair and cancels everything', async () => {
    const t = await h.port.tickers();
    const limit = (pair: string): Promise<PlaceOutcome> =>
      h.port.placeOrder({
        pair,
        side: 'BUY',
        type: 'LIMIT',
        quantity: 100,
        price: (t.get(pair)?.bid ?? 0) * 0.5,
      });
    const a = placed(await limit('ADA/USD'));
    const b = placed(await limit('ADA/USD'));
    const c = placed(await limit('XRP/USD'));
    expect((await h.port.pendingCount()).total).toBe(3);
    expect([...(await h.port.cancelOrder({ pair: 'ADA/USD' }))].sort()).toEqual([a.id, b.id].sort());
    expect(await h.port.cancelOrder({ all: true })).toEqual([c.id]);
    expect((await h.port.pendingCount()).total).toBe(0);
    expect(h.clock.now()).toBeGreaterThanOrEqual(T0);
  });
});
