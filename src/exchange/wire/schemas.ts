// Roostoo v3 answers, validated at the boundary. Extra fields are dropped, not rejected: the live API added some
// between competitions (OrderWalletType, OrderSource, PendingOrders...). Every signed and ticker endpoint answers
// HTTP 200 with `Success` and `ErrMsg`; the payload field is present only on success.
import { z } from 'zod';

/** The parameters each endpoint documents: the only ones sent, and the only ones the server signs over. */
export const ENDPOINT_PARAMS = {
  '/v3/ticker': ['timestamp', 'pair'],
  '/v3/balance': ['timestamp'],
  '/v3/pending_count': ['timestamp'],
  '/v3/place_order': ['pair', 'side', 'type', 'quantity', 'price', 'timestamp'],
  '/v3/query_order': ['order_id', 'pair', 'offset', 'limit', 'pending_only', 'timestamp'],
  '/v3/cancel_order': ['order_id', 'pair', 'timestamp'],
} as const;

export type Endpoint = keyof typeof ENDPOINT_PARAMS;

export const envelopeSchema = z.object({ Success: z.boolean(), ErrMsg: z.string().default('') });

export const orderDetailSchema = z.object({
  Pair: z.string(),
  OrderID: z.number().int(),
  Status: z.enum(['PENDING', 'FILLED', 'CANCELED']),
  Role: z.enum(['MAKER', 'TAKER']),
  ServerTimeUsage: z.number().optional(),
  CreateTimestamp: z.number(),
  FinishTimestamp: z.number(),
  Side: z.enum(['BUY', 'SELL']),
  Type: z.enum(['MARKET', 'LIMIT']),
  StopType: z.string().optional(),
  Price: z.number(),
  Quantity: z.number(),
  FilledQuantity: z.number(),
  FilledAverPrice: z.number(),
  CoinChange: z.number(),
  UnitChange: z.number(),
  CommissionCoin: z.string(),
  CommissionChargeValue: z.number(),
  CommissionPercent: z.number(),
  OrderWalletType: z.string().optional(),
  OrderSource: z.string().optional(),
});
export type OrderDetail = z.output<typeof orderDetailSchema>;

export const tickerEntrySchema = z.object({
  MaxBid: z.number(),
  MinAsk: z.number(),
  LastPrice: z.number(),
  Change: z.number().optional(),
  CoinTradeValue: z.number().optional(),
  UnitTradeValue: z.number().optional(),
});
export type TickerEntry = z.output<typeof tickerEntrySchema>;

export const tickerResponseSchema = envelopeSchema.extend({
  ServerTime: z.number().optional(),
  Data: z.record(z.string(), tickerEntrySchema).optional(),
});

export const walletEntrySchema = z.object({ Free: z.number(), Lock: z.number() });
const walletSchema = z.record(z.string(), walletEntrySchema);

/** Live answers `SpotWallet`; the documentation still shows the older `Wallet`. Either one, never zero cash. */
export const balanceResponseSchema = envelopeSchema.extend({
  SpotWallet: walletSchema.optional(),
  Wallet: walletSchema.optional(),
});

export const pendingCountResponseSchema = envelopeSchema.extend({
  TotalPending: z.number().int().optional(),
  OrderPairs: z.record(z.string(), z.number().int()).optional(),
});

export const placeOrderResponseSchema = envelopeSchema.extend({ OrderDetail: orderDetailSchema.optional() });

export const queryOrderResponseSchema = envelopeSchema.extend({
  OrderMatched: z.array(orderDetailSchema).nullable().optional(),
});

export const cancelOrderResponseSchema = envelopeSchema.extend({
  CanceledList: z.array(z.number().int()).nullable().optional(),
});
