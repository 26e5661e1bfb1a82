// Turns an order request into exactly what the exchange accepts: quantity rounded down to whole amount steps
// (never more than the wallet holds), price rounded to the nearest tick, both as fixed-point text, and the
// minimum order value checked exactly. An order that cannot be sent is a value, not an exception: the caller
// (execution) skips it and decides again next bar.
import type { Instrument } from './instrument.js';
import type { Balance } from './market.js';
import type { OrderRequest, OrderType, Side } from './order.js';
import { formatSteps, stepsToNumber, toSteps, valueExceeds } from './ticks.js';

export interface PreparedOrder {
  readonly pair: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly qtySteps: number;
  /** Exactly `amountPrecision` decimals. */
  readonly quantityText: string;
  /** The quantity the text says, as a number. */
  readonly quantity: number;
  /** LIMIT only. */
  readonly priceTicks?: number | undefined;
  readonly priceText?: string | undefined;
  readonly price?: number | undefined;
}

export type RefusalReason = 'not-tradable' | 'no-quantity' | 'bad-price' | 'below-minimum';

export type PrepareResult =
  | { readonly ok: true; readonly order: PreparedOrder }
  | { readonly ok: false; readonly reason: RefusalReason; readonly message: string };

function refuse(reason: RefusalReason, message: string): PrepareResult {
  return { ok: false, reason, message };
}

export function prepareOrder(inst: Instrument, req: OrderRequest): PrepareResult {
  if (!inst.canTrade) return refuse('not-tradable', `${inst.pair} cannot be traded now`);
  if (!Number.isFinite(req.quantity) || req.quantity <= 0) {
    return refuse('no-quantity', `quantity ${req.quantity} is not a positive number`);
  }
  const qtySteps = toSteps(req.quantity, inst.amountPrecision, 'floor');
  if (qtySteps <= 0) {
    return refuse('no-quantity', `quantity ${req.quantity} is below one step of ${inst.pair}`);
  }
  const valuePrice = req.type === 'LIMIT' ? req.price : req.referencePrice;
  if (valuePrice === undefined || !Number.isFinite(valuePrice) || valuePrice <= 0) {
    const what = req.type === 'LIMIT' ? 'a LIMIT order needs a positive price' : 'no reference price';
    return refuse('bad-price', `${what} (got ${valuePrice})`);
  }
  const priceTicks = toSteps(valuePrice, inst.pricePrecision, 'nearest');
  if (priceTicks <= 0) return refuse('bad-price', `price ${valuePrice} is below one tick of ${inst.pair}`);
  if (!valueExceeds(priceTicks, inst.pricePrecision, qtySteps, inst.amountPrecision, inst.minOrder)) {
    const value =
      stepsToNumber(priceTicks, inst.pricePrecision) * stepsToNumber(qtySteps, inst.amountPrecision);
    return refuse(
      'below-minimum',
      `order value ${value} is not above the minimum ${inst.minOrder} ${inst.unit}`,
    );
  }
  const quantityText = formatSteps(qtySteps, inst.amountPrecision);
  const base = {
    pair: inst.pair,
    side: req.side,
    type: req.type,
    qtySteps,
    quantityText,
    quantity: Number(quantityText),
  };
  if (req.type === 'MARKET') return { ok: true, order: base };
  const priceText = formatSteps(priceTicks, inst.pricePrecision);
  return { ok: true, order: { ...base, priceTicks, priceText, price: Number(priceText) } };
}

/**
 * What can be sold: the free coin, rounded down to a whole step. A maker BUY pays its fee in the coin, so the
 * wallet holds slightly less than was ordered; selling the ordered quantity would be refused.
 */
export function sellableQuantity(inst: Instrument, balance: Balance | undefined): number {
  if (balance === undefined || balance.free <= 0) return 0;
  return stepsToNumber(toSteps(balance.free, inst.amountPrecision, 'floor'), inst.amountPrecision);
}
