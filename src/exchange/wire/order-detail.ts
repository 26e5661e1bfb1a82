// OrderDetail (the wire) ↔ Order (the domain). The client reads with `toOrder`; the local exchange writes with
// `toOrderDetail`; the contract suite checks that the round trip loses nothing.
import type { Order } from '../../domain/order.js';
import type { OrderDetail } from './schemas.js';

export function toOrder(d: OrderDetail): Order {
  return {
    id: d.OrderID,
    pair: d.Pair,
    side: d.Side,
    type: d.Type,
    status: d.Status,
    role: d.Role,
    price: d.Price,
    quantity: d.Quantity,
    filledQuantity: d.FilledQuantity,
    averagePrice: d.FilledAverPrice,
    coinChange: d.CoinChange,
    unitChange: d.UnitChange,
    feeAsset: d.CommissionCoin,
    fee: d.CommissionChargeValue,
    feeRate: d.CommissionPercent,
    createdAt: d.CreateTimestamp,
    finishedAt: d.FinishTimestamp,
  };
}

export function toOrderDetail(o: Order): OrderDetail {
  return {
    Pair: o.pair,
    OrderID: o.id,
    Status: o.status,
    Role: o.role,
    ServerTimeUsage: 0.001,
    CreateTimestamp: o.createdAt,
    FinishTimestamp: o.finishedAt,
    Side: o.side,
    Type: o.type,
    StopType: 'GTC',
    Price: o.price,
    Quantity: o.quantity,
    FilledQuantity: o.filledQuantity,
    FilledAverPrice: o.averagePrice,
    CoinChange: o.coinChange,
    UnitChange: o.unitChange,
    CommissionCoin: o.feeAsset,
    CommissionChargeValue: o.fee,
    CommissionPercent: o.feeRate,
    OrderWalletType: 'SPOT',
    OrderSource: 'PUBLIC_API',
  };
}
