import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Order, OrderRequest } from '../../domain/order.js';
import type { PlaceOutcome } from '../port.js';
import { MatchingEngine } from '../matching/engine.js';
import { ROOSTOO_FEES } from '../matching/fees.js';
import { ManualQuotes } from '../matching/quotes.js';
import { SimulatedExchange } from './simulated-exchange.js';
import { SlippedQuotes } from './slippage.js';

const T0 = Date.UTC(2026, 11, 6, 9);

const BTC: Instrument = {
  pair: 'BTC/USD',
  coin: 'BTC',
  unit: 'USD',
  canTrade: true,
  pricePrecision: 2,
  amountPrecision: 5,
  minOrder: 1,
};
const instruments = new Map([[BTC.pair, BTC]]);

/** BTC at 60,000: bid 60,000.00, ask 60,000.01 (one tick), mid 60,000.005. */
function setup(bps: number): { ex: SimulatedExchange; prices: ManualQuotes; clock: ManualClock } {
  const prices = new ManualQuotes(instruments);
  prices.set(BTC.pair, 60_000, T0);
  const clock = new ManualClock(T0);
  const quotes = new SlippedQuotes(prices, instruments, bps);
  const engine = new MatchingEngine({ instruments, quotes, fees: ROOSTOO_FEES, now: T0 });
  const ex = new SimulatedExchange({ engine, clock, startingWallet: { USD: 50_000, BTC: 0.5 } });
  return { ex, prices, clock };
}

function placed(o: PlaceOutcome): Order {
  if (o.kind !== 'placed') throw new Error(`expected placed, got ${JSON.stringify(o)}`);
  return o.order;
}

const cents = (x: number): number => Math.round(x * 100);
const mid = 60_000.005;
const ask = 60_000.01;
const bid = 60_000;

function limit(side: 'BUY' | 'SELL', price: number): OrderRequest {
  return { pair: BTC.pair, side, type: 'LIMIT', quantity: 0.1, price };
}

describe('SlippedQuotes: slippage is a cost on taker fills, not a wider quote', () => {
  it('shows the exchange’s own quote: tickers are not widened', async () => {
    const { ex } = setup(2);
    const t = (await ex.tickers(BTC.pair)).get(BTC.pair);
    expect(t).toMatchObject({ bid, ask, last: bid });
  });

  it('fills a limit buy at mid + 2 bp (through a one-tick spread) at once as TAKER, at min(limit, ask × (1 + 2 bp))', async () => {
    const { ex } = setup(2);
    const limitPrice = Math.floor(mid * 1.0002 * 100) / 100; // 60,012.00, on the tick grid
    const slippedAsk = Math.ceil(ask * 1.0002 * 100) / 100; // 60,012.02
    expect(limitPrice).toBeGreaterThan(ask);
    expect(limitPrice).toBeLessThan(slippedAsk);
    const o = placed(await ex.placeOrder(limit('BUY', limitPrice)));
    expect(o).toMatchObject({ status: 'FILLED', role: 'TAKER', feeRate: ROOSTOO_FEES.taker });
    expect(cents(o.averagePrice)).toBe(cents(Math.min(limitPrice, slippedAsk)));
    expect(await ex.pendingCount()).toEqual({ total: 0, byPair: new Map() });
  });

  it('fills a crossing limit buy above the slipped ask at the slipped ask, never above its limit', async () => {
    const { ex } = setup(2);
    const o = placed(await ex.placeOrder(limit('BUY', 60_030)));
    expect(o).toMatchObject({ status: 'FILLED', role: 'TAKER' });
    expect(cents(o.averagePrice)).toBe(cents(Math.ceil(ask * 1.0002 * 100) / 100));
  });

  it('fills a limit sell at mid − 2 bp at once as TAKER, at max(limit, bid × (1 − 2 bp))', async () => {
    const { ex } = setup(2);
    const limitPrice = Math.ceil(mid * 0.9998 * 100) / 100; // 59,988.01
    const slippedBid = Math.floor(bid * 0.9998 * 100) / 100; // 59,988.00
    const o = placed(await ex.placeOrder(limit('SELL', limitPrice)));
    expect(o).toMatchObject({ status: 'FILLED', role: 'TAKER', feeRate: ROOSTOO_FEES.taker });
    expect(cents(o.averagePrice)).toBe(cents(Math.max(limitPrice, slippedBid)));
    const low = placed(await ex.placeOrder(limit('SELL', 59_000)));
    expect(cents(low.averagePrice)).toBe(cents(slippedBid));
  });

  it('fills MARKET orders at the slipped touch, as TAKER', async () => {
    const { ex } = setup(10);
    const buy = placed(await ex.placeOrder({ pair: BTC.pair, side: 'BUY', type: 'MARKET', quantity: 0.1 }));
    expect(buy).toMatchObject({ status: 'FILLED', role: 'TAKER' });
    // 10 bp worse than the touch, rounded outwards to a whole cent.
    expect(buy.averagePrice).toBeGreaterThanOrEqual(ask * 1.001 - 1e-9);
    expect(buy.averagePrice).toBeLessThanOrEqual(ask * 1.001 + 0.01);
    const sell = placed(await ex.placeOrder({ pair: BTC.pair, side: 'SELL', type: 'MARKET', quantity: 0.1 }));
    expect(sell).toMatchObject({ status: 'FILLED', role: 'TAKER' });
    expect(sell.averagePrice).toBeLessThanOrEqual(bid * 0.999 + 1e-9);
    expect(sell.averagePrice).toBeGreaterThanOrEqual(bid * 0.999 - 0.01);
  });

  it('rests a limit that does not cross the quote, and fills it later at its limit as MAKER', async () => {
    const { ex, prices, clock } = setup(2);
    const o = placed(await ex.placeOrder(limit('BUY', 59_990)));
    expect(o).toMatchObject({ status: 'PENDING', role: 'MAKER' });
    clock.advance(60_000);
    prices.set(BTC.pair, 59_980, clock.now());
    const later = (await ex.queryOrders({})).find((x) => x.id === o.id);
    expect(later).toMatchObject({ status: 'FILLED', role: 'MAKER', feeRate: ROOSTOO_FEES.maker });
    expect(later?.averagePrice).toBe(59_990);
  });

  it('without slippage fills a crossing limit at the touch, as the exchange does', async () => {
    const { ex } = setup(0);
    const o = placed(await ex.placeOrder(limit('BUY', Math.floor(mid * 1.0002 * 100) / 100)));
    expect(o).toMatchObject({ status: 'FILLED', role: 'TAKER' });
    expect(o.averagePrice).toBe(ask);
  });
});
