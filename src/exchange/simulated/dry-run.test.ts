import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Order, OrderRequest } from '../../domain/order.js';
import { MatchingEngine } from '../matching/engine.js';
import { ROOSTOO_FEES } from '../matching/fees.js';
import { ManualQuotes } from '../matching/quotes.js';
import type { CancelTarget, ExchangePort, PlaceOutcome } from '../port.js';
import { DRY_RUN_NOTE, DryRunExchange, TickerQuotes } from './dry-run.js';
import { SimulatedExchange } from './simulated-exchange.js';

const T0 = Date.UTC(2026, 11, 6, 8);

const BTC: Instrument = {
  pair: 'BTC/USD',
  coin: 'BTC',
  unit: 'USD',
  canTrade: true,
  pricePrecision: 2,
  amountPrecision: 5,
  minOrder: 1,
};
const ETH: Instrument = { ...BTC, pair: 'ETH/USD', coin: 'ETH', amountPrecision: 4 };

/** The "real" exchange: prices a test moves by hand, and order methods that must never be called. */
class RealFake extends SimulatedExchange {
  orderCalls = 0;
  override placeOrder(_request: OrderRequest): Promise<PlaceOutcome> {
    this.orderCalls++;
    return Promise.reject(new Error('dry run sent an order to the real exchange'));
  }
  override cancelOrder(_target: CancelTarget): Promise<readonly number[]> {
    this.orderCalls++;
    return Promise.reject(new Error('dry run canceled on the real exchange'));
  }
}

function setup(): { real: RealFake; prices: ManualQuotes; clock: ManualClock } {
  const instruments = new Map([
    [BTC.pair, BTC],
    [ETH.pair, ETH],
  ]);
  const prices = new ManualQuotes(instruments);
  prices.set('BTC/USD', 60_000, T0);
  prices.set('ETH/USD', 3_000, T0);
  const clock = new ManualClock(T0);
  const engine = new MatchingEngine({ instruments, quotes: prices, fees: ROOSTOO_FEES, now: T0 });
  const real = new RealFake({ engine, clock, account: 'real', startingWallet: { USD: 10_000, ETH: 2 } });
  return { real, prices, clock };
}

function placed(o: PlaceOutcome): Order {
  if (o.kind !== 'placed') throw new Error(`expected placed, got ${JSON.stringify(o)}`);
  return o.order;
}

describe('DryRunExchange', () => {
  it('passes time, instruments and tickers through from the real exchange', async () => {
    const { real, prices, clock } = setup();
    const dry = await DryRunExchange.create(real, clock);
    expect(dry.dryRun).toBe(true);
    expect(DRY_RUN_NOTE).toMatch(/dry run.*not sent/);
    expect(await dry.serverTime()).toBe(await real.serverTime());
    expect(await dry.instruments()).toEqual(await real.instruments());
    expect(await dry.tickers()).toEqual(await real.tickers());
    clock.advance(1_000);
    prices.set('BTC/USD', 61_000, clock.now());
    const one = await dry.tickers('BTC/USD');
    expect([...one.keys()]).toEqual(['BTC/USD']);
    expect(one).toEqual(await real.tickers('BTC/USD'));
    expect(dry.quotes.quote('BTC/USD', clock.now())).toEqual({ bid: 61_000, ask: 61_000.01, last: 61_000 });
  });

  it('starts the simulated wallet equal to the real one, or from a given wallet without reading it', async () => {
    const { real, clock } = setup();
    const dry = await DryRunExchange.create(real, clock);
    expect(await dry.balances()).toEqual(await real.balances());
    expect(await dry.pendingCount()).toEqual({ total: 0, byPair: new Map() });
    expect(await dry.queryOrders()).toEqual([]);

    const noWallet: ExchangePort = {
      serverTime: () => real.serverTime(),
      instruments: () => real.instruments(),
      tickers: (pair) => real.tickers(pair),
      balances: () => Promise.reject(new Error('no API key')),
      pendingCount: () => real.pendingCount(),
      placeOrder: (r) => real.placeOrder(r),
      queryOrder: (id) => real.queryOrder(id),
      queryOrders: (q) => real.queryOrders(q),
      cancelOrder: (t) => real.cancelOrder(t),
    };
    const given = await DryRunExchange.create(noWallet, clock, undefined, { startingWallet: { USD: 500 } });
    expect(await given.balances()).toEqual(new Map([['USD', { asset: 'USD', free: 500, locked: 0 }]]));
  });

  it('fills a MARKET buy at the real ask with the taker fee, in the simulated wallet only', async () => {
    const { real, clock } = setup();
    const realBefore = await real.balances();
    const dry = await DryRunExchange.create(real, clock);
    const ask = (await dry.tickers()).get('BTC/USD')?.ask;
    expect(ask).toBe(60_000.01);
    const buy = placed(
      await dry.placeOrder({ pair: 'BTC/USD', side: 'BUY', type: 'MARKET', quantity: 0.01 }),
    );
    expect(buy).toMatchObject({ status: 'FILLED', role: 'TAKER', averagePrice: ask, feeAsset: 'USD' });
    expect(buy.feeRate).toBe(ROOSTOO_FEES.taker);
    expect(buy.fee).toBeCloseTo(600.0001 * 0.001, 9);
    const b = await dry.balances();
    expect(b.get('BTC')).toEqual({ asset: 'BTC', free: 0.01, locked: 0 });
    expect(b.get('USD')?.free).toBeCloseTo(10_000 - 600.0001 - 0.6000001, 8);
    expect(b.get('ETH')?.free).toBe(2);
    expect(await real.balances()).toEqual(realBefore);
    expect(await real.queryOrders()).toEqual([]);
    expect(await dry.queryOrder(buy.id)).toEqual(buy);
    expect(real.orderCalls).toBe(0);
  });

  it('reads the ticker before an order when it has none, or an old one', async () => {
    const { real, prices, clock } = setup();
    const dry = await DryRunExchange.create(real, clock);
    const first = placed(
      await dry.placeOrder({ pair: 'ETH/USD', side: 'SELL', type: 'MARKET', quantity: 1 }),
    );
    expect(first.averagePrice).toBe(3_000);
    clock.advance(120_000);
    prices.set('ETH/USD', 3_100, clock.now());
    const second = placed(
      await dry.placeOrder({ pair: 'ETH/USD', side: 'SELL', type: 'MARKET', quantity: 1 }),
    );
    expect(second.averagePrice).toBe(3_100);
    expect((await dry.balances()).get('ETH')?.free).toBe(0);
    expect((await real.balances()).get('ETH')?.free).toBe(2);
    expect(real.orderCalls).toBe(0);
  });

  it('rests a LIMIT buy below the market and fills it once a later ticker crosses it', async () => {
    const { real, prices, clock } = setup();
    const dry = await DryRunExchange.create(real, clock);
    await dry.tickers();
    const order = placed(
      await dry.placeOrder({ pair: 'BTC/USD', side: 'BUY', type: 'LIMIT', quantity: 0.1, price: 59_000 }),
    );
    expect(order).toMatchObject({ status: 'PENDING', role: 'MAKER', price: 59_000 });
    let usd = (await dry.balances()).get('USD');
    expect(usd?.locked).toBeCloseTo(5_900, 8);
    expect((await dry.pendingCount()).byPair.get('BTC/USD')).toBe(1);

    // The market drops, but the simulation sees no price until tickers() is read.
    clock.advance(60_000);
    prices.set('BTC/USD', 58_990, clock.now());
    expect((await dry.queryOrder(order.id))?.status).toBe('PENDING');
    // A ticker above the limit does not fill it...
    prices.set('BTC/USD', 59_000, clock.now());
    await dry.tickers('BTC/USD'); // ask 59,000.01 > 59,000
    expect((await dry.queryOrder(order.id))?.status).toBe('PENDING');
    // ...the next one, read at the same instant, does.
    prices.set('BTC/USD', 58_990, clock.now());
    await dry.tickers();
    const filled = await dry.queryOrder(order.id);
    expect(filled).toMatchObject({ status: 'FILLED', role: 'MAKER', averagePrice: 59_000, feeAsset: 'BTC' });
    expect(filled?.fee).toBeCloseTo(0.1 * ROOSTOO_FEES.maker, 12);
    const b = await dry.balances();
    usd = b.get('USD');
    expect(usd?.locked).toBe(0);
    expect(usd?.free).toBeCloseTo(10_000 - 5_900, 8);
    expect(b.get('BTC')?.free).toBeCloseTo(0.1 - 0.00005, 12);
    expect((await real.balances()).get('USD')).toEqual({ asset: 'USD', free: 10_000, locked: 0 });
    expect(real.orderCalls).toBe(0);
  });

  it('fills a resting LIMIT sell when a later ticker bid reaches it, even if the price came back', async () => {
    const { real, prices, clock } = setup();
    const dry = await DryRunExchange.create(real, clock);
    await dry.tickers();
    const order = placed(
      await dry.placeOrder({ pair: 'ETH/USD', side: 'SELL', type: 'LIMIT', quantity: 1, price: 3_050 }),
    );
    expect(order.status).toBe('PENDING');
    clock.advance(10_000);
    prices.set('ETH/USD', 3_060, clock.now());
    await dry.tickers();
    clock.advance(10_000);
    prices.set('ETH/USD', 3_000, clock.now());
    await dry.tickers();
    clock.advance(10_000);
    expect(await dry.queryOrder(order.id)).toMatchObject({ status: 'FILLED', averagePrice: 3_050 });
  });

  it('cancels a resting order and gives its USD back, never calling the real exchange', async () => {
    const { real, clock } = setup();
    const dry = await DryRunExchange.create(real, clock);
    await dry.tickers();
    const limit = (pair: string, price: number): Promise<PlaceOutcome> =>
      dry.placeOrder({ pair, side: 'BUY', type: 'LIMIT', quantity: 0.01, price });
    const a = placed(await limit('BTC/USD', 50_000));
    const b = placed(await limit('BTC/USD', 51_000));
    const c = placed(await limit('ETH/USD', 2_000));
    expect(await dry.cancelOrder({ orderId: a.id })).toEqual([a.id]);
    expect(await dry.cancelOrder({ orderId: a.id })).toEqual([]);
    expect((await dry.queryOrder(a.id))?.status).toBe('CANCELED');
    expect(await dry.cancelOrder({ pair: 'BTC/USD' })).toEqual([b.id]);
    expect(await dry.cancelOrder({ all: true })).toEqual([c.id]);
    expect(await dry.pendingCount()).toEqual({ total: 0, byPair: new Map() });
    expect((await dry.balances()).get('USD')).toEqual({ asset: 'USD', free: 10_000, locked: 0 });
    expect(await dry.queryOrders({ pendingOnly: true })).toEqual([]);
    expect((await dry.queryOrders()).map((o) => o.id)).toEqual([c.id, b.id, a.id]);
    expect(real.orderCalls).toBe(0);
    await expect(
      real.placeOrder({ pair: 'BTC/USD', side: 'BUY', type: 'MARKET', quantity: 1 }),
    ).rejects.toThrow();
  });

  it('rejects an order it cannot pay for, in the simulation', async () => {
    const { real, clock } = setup();
    const dry = await DryRunExchange.create(real, clock);
    const r = await dry.placeOrder({ pair: 'BTC/USD', side: 'BUY', type: 'MARKET', quantity: 1 });
    expect(r).toMatchObject({ kind: 'rejected' });
    expect(real.orderCalls).toBe(0);
  });
});

describe('TickerQuotes', () => {
  const tk = (
    pair: string,
    bid: number,
    ask = bid + 0.01,
  ): { pair: string; bid: number; ask: number; last: number; time: number } => ({
    pair,
    bid,
    ask,
    last: bid,
    time: 0,
  });

  it('has no quote before a ticker, then the latest one', () => {
    const q = new TickerQuotes(new Map([[BTC.pair, BTC]]));
    expect(q.quote('BTC/USD', 0)).toBeUndefined();
    expect(q.bidRange('BTC/USD', 0, 10)).toBeUndefined();
    q.record([tk('BTC/USD', 100)], 5);
    q.record([tk('BTC/USD', 101)], 6);
    expect(q.quote('BTC/USD', 0)).toEqual({ bid: 101, ask: 101.01, last: 101 });
  });

  it('spans the bids seen over [t0, t1] with the one in force at t0, else the latest', () => {
    const q = new TickerQuotes(new Map([[BTC.pair, BTC]]));
    q.record([tk('BTC/USD', 100)], 10);
    q.record([tk('BTC/USD', 90)], 20);
    q.record([tk('BTC/USD', 120)], 30);
    q.record([tk('BTC/USD', 110)], 40);
    expect(q.bidRange('BTC/USD', 25, 35)).toEqual({ low: 90, high: 120 });
    expect(q.bidRange('BTC/USD', 30, 45)).toEqual({ low: 110, high: 120 });
    expect(q.bidRange('BTC/USD', 50, 60)).toEqual({ low: 110, high: 110 });
    expect(q.bidRange('BTC/USD', 0, 5)).toEqual({ low: 110, high: 110 });
  });

  it('takes the low from the ask, one tick below it, when the spread is wider', () => {
    const q = new TickerQuotes(new Map([[BTC.pair, BTC]]));
    q.record([tk('BTC/USD', 100, 100.5)], 10);
    expect(q.bidRange('BTC/USD', 0, 20)).toEqual({ low: 100.49, high: 100 });
    const noInst = new TickerQuotes();
    noInst.record([tk('X/USD', 100, 100.5)], 10);
    expect(noInst.bidRange('X/USD', 0, 20)).toEqual({ low: 100, high: 100 });
  });

  it('keeps a bounded history', () => {
    const q = new TickerQuotes(new Map(), { maxEntries: 3, maxAgeMs: 100 });
    for (let i = 0; i < 10; i++) q.record([tk('BTC/USD', 100 + i)], i);
    expect(q.bidRange('BTC/USD', -1, 100)).toEqual({ low: 107, high: 109 });
    q.record([tk('BTC/USD', 50)], 1_000);
    expect(q.bidRange('BTC/USD', -1, 2_000)).toEqual({ low: 50, high: 50 });
  });
});
