// Orders as the engine sees them. Roostoo's orders are GTC only, long-only spot, and have no client order id: an
// order is known by the id the exchange gives it.

export type Side = 'BUY' | 'SELL';
export type OrderType = 'MARKET' | 'LIMIT';
/** PENDING rests on the book; FILLED and CANCELED are final. Roostoo fills an order in full or not at all. */
export type OrderStatus = 'PENDING' | 'FILLED' | 'CANCELED';
/** MAKER rested before it filled; TAKER filled on arrival. */
export type Role = 'MAKER' | 'TAKER';

export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['FILLED', 'CANCELED']);

/** What to trade. Quantities and prices are plain numbers here; they are rounded to steps before sending. */
export interface OrderRequest {
  readonly pair: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  /** LIMIT only. */
  readonly price?: number | undefined;
  /**
   * MARKET only: the quote the order is expected to fill at (ask for a buy, bid for a sell), for the minimum-value
   * check before sending. Without it the client reads the ticker first.
   */
  readonly referencePrice?: number | undefined;
}

/** The fill of an order (Roostoo fills in one piece). */
export interface Fill {
  readonly quantity: number;
  readonly averagePrice: number;
  /** Coin received (BUY) or given (SELL), before a fee charged in the coin. */
  readonly coinChange: number;
  /** Unit (USD) paid (BUY) or received (SELL), before a fee charged in the unit. */
  readonly unitChange: number;
  readonly feeAsset: string;
  readonly fee: number;
  readonly feeRate: number;
}

export interface Order {
  readonly id: number;
  readonly pair: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly status: OrderStatus;
  readonly role: Role;
  /** Limit price; for MARKET the price it filled at. */
  readonly price: number;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly averagePrice: number;
  readonly coinChange: number;
  readonly unitChange: number;
  readonly feeAsset: string;
  readonly fee: number;
  readonly feeRate: number;
  /** Exchange time, epoch ms. */
  readonly createdAt: number;
  /** Exchange time, epoch ms; 0 while PENDING. */
  readonly finishedAt: number;
}

export function fillOf(o: Order): Fill | undefined {
  if (o.status !== 'FILLED') return undefined;
  return {
    quantity: o.filledQuantity,
    averagePrice: o.averagePrice,
    coinChange: o.coinChange,
    unitChange: o.unitChange,
    feeAsset: o.feeAsset,
    fee: o.fee,
    feeRate: o.feeRate,
  };
}
