// Fills and fees as Roostoo charges them (live, 2026): taker 0.10 %, maker 0.05 %. MARKET orders pay in the unit
// (USD). A LIMIT BUY pays in the coin, so it delivers quantity × (1 − fee) coins; a LIMIT SELL pays in USD. Fees
// are not rounded: the live API shows them with six decimals but never said how it rounds the wallet.
import type { OrderType, Role, Side } from '../../domain/order.js';

export interface FeeRates {
  readonly maker: number;
  readonly taker: number;
}

export const ROOSTOO_FEES: FeeRates = { maker: 0.0005, taker: 0.001 };

export interface FillEffect {
  readonly role: Role;
  readonly price: number;
  /** Gross coin moved and gross unit moved, as OrderDetail reports them. */
  readonly coinChange: number;
  readonly unitChange: number;
  readonly feeAsset: string;
  readonly fee: number;
  readonly feeRate: number;
  /** Net change of the free coin and free unit balances (a BUY's locked USD is released separately). */
  readonly coinDelta: number;
  readonly unitDelta: number;
}

export function fillEffect(
  fees: FeeRates,
  o: { side: Side; type: OrderType; quantity: number; coin: string; unit: string },
  role: Role,
  price: number,
): FillEffect {
  const rate = role === 'MAKER' ? fees.maker : fees.taker;
  const value = price * o.quantity;
  const feeInCoin = o.type === 'LIMIT' && o.side === 'BUY';
  const fee = feeInCoin ? o.quantity * rate : value * rate;
  const base = { role, price, coinChange: o.quantity, unitChange: value, feeRate: rate, fee };
  if (o.side === 'BUY') {
    return feeInCoin
      ? { ...base, feeAsset: o.coin, coinDelta: o.quantity - fee, unitDelta: -value }
      : { ...base, feeAsset: o.unit, coinDelta: o.quantity, unitDelta: -value - fee };
  }
  return { ...base, feeAsset: o.unit, coinDelta: -o.quantity, unitDelta: value - fee };
}
