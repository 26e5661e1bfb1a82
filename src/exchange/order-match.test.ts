import { describe, expect, it } from 'vitest';
import type { Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { orderMatches, type SentOrder } from './order-match.js';

const ETH: Instrument = {
  pair: 'ETH/USD',
  coin: 'ETH',
  unit: 'USD',
  canTrade: true,
  pricePrecision: 2,
  amountPrecision: 4,
  minOrder: 1,
};

const order = (o: Partial<Order>): Order => ({
  id: 1,
  pair: 'ETH/USD',
  side: 'BUY',
  type: 'LIMIT',
  status: 'PENDING',
  role: 'MAKER',
  price: 2500,
  quantity: 1.25,
  filledQuantity: 0,
  averagePrice: 0,
  coinChange: 0,
  unitChange: 0,
  feeAsset: 'USD',
  fee: 0,
  feeRate: 0,
  createdAt: 0,
  finishedAt: 0,
  ...o,
});

const buy: SentOrder = { pair: 'ETH/USD', side: 'BUY', type: 'LIMIT', qtySteps: 12_500, priceTicks: 250_000 };

describe('orderMatches', () => {
  it('matches pair, side, type, quantity in steps and the limit in ticks', () => {
    expect(orderMatches(order({}), buy, ETH)).toBe(true);
    expect(orderMatches(order({ quantity: 1.2501 }), buy, ETH)).toBe(false);
    expect(orderMatches(order({ side: 'SELL' }), buy, ETH)).toBe(false);
    expect(orderMatches(order({ pair: 'BTC/USD' }), buy, ETH)).toBe(false);
    expect(orderMatches(order({ type: 'MARKET' }), buy, ETH)).toBe(false);
    expect(orderMatches(order({ price: 2499.99 }), buy, ETH)).toBe(false);
  });

  it('takes a crossing LIMIT listed at its fill price when that is at or better than the limit', () => {
    const filled = { status: 'FILLED' as const, role: 'TAKER' as const };
    expect(orderMatches(order({ ...filled, price: 2498.5, averagePrice: 2498.5 }), buy, ETH)).toBe(true);
    expect(orderMatches(order({ ...filled, price: 2500.5, averagePrice: 2500.5 }), buy, ETH)).toBe(false);
    const sell: SentOrder = { ...buy, side: 'SELL' };
    expect(orderMatches(order({ ...filled, side: 'SELL', price: 2501, averagePrice: 2501 }), sell, ETH)).toBe(
      true,
    );
    expect(orderMatches(order({ ...filled, side: 'SELL', price: 2499, averagePrice: 2499 }), sell, ETH)).toBe(
      false,
    );
    // Resting at another price is another order.
    expect(orderMatches(order({ price: 2498.5 }), buy, ETH)).toBe(false);
  });

  it('ignores the price of a MARKET order', () => {
    const m: SentOrder = { pair: 'ETH/USD', side: 'BUY', type: 'MARKET', qtySteps: 12_500 };
    expect(orderMatches(order({ type: 'MARKET', price: 1234.56, status: 'FILLED' }), m, ETH)).toBe(true);
  });
});
