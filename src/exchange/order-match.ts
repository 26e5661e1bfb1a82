// Is this exchange order the one we sent? Roostoo has no client order id, so an order whose answer was lost (or
// whose sender died) is recognised by what it is: pair, side, type, quantity in whole steps and, for a LIMIT, its
// price in ticks. A LIMIT priced through the market fills at once at the touch, and the exchange may list it at
// that price rather than at its limit (the local exchange does; Roostoo's listing is unverified): a filled order
// at or better than the limit still matches. The lost-order check (roostoo/lost-order.ts) and start-up recovery
// (live/recovery.ts) both use this rule.
import type { Instrument } from '../domain/instrument.js';
import type { Order, OrderType, Side } from '../domain/order.js';
import { toSteps } from '../domain/ticks.js';

export interface SentOrder {
  readonly pair: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly qtySteps: number;
  /** LIMIT only: the limit in ticks. */
  readonly priceTicks?: number | undefined;
}

export function orderMatches(o: Order, sent: SentOrder, inst: Instrument): boolean {
  if (o.pair !== sent.pair || o.side !== sent.side || o.type !== sent.type) return false;
  if (toSteps(o.quantity, inst.amountPrecision, 'nearest') !== sent.qtySteps) return false;
  if (sent.type !== 'LIMIT' || sent.priceTicks === undefined) return true;
  const limit = sent.priceTicks;
  if (toSteps(o.price, inst.pricePrecision, 'nearest') === limit) return true;
  if (o.status !== 'FILLED') return false;
  const fill = toSteps(o.averagePrice > 0 ? o.averagePrice : o.price, inst.pricePrecision, 'nearest');
  return sent.side === 'BUY' ? fill <= limit : fill >= limit;
}
