// The matching engine's whole state: plain JSON, so the local exchange can persist it after every change and a
// restart resumes exactly where it stopped. Validated when read back from disk.
import { z } from 'zod';

const storedOrderSchema = z.object({
  account: z.string(),
  id: z.number().int(),
  pair: z.string(),
  side: z.enum(['BUY', 'SELL']),
  type: z.enum(['MARKET', 'LIMIT']),
  status: z.enum(['PENDING', 'FILLED', 'CANCELED']),
  role: z.enum(['MAKER', 'TAKER']),
  price: z.number(),
  quantity: z.number(),
  filledQuantity: z.number(),
  averagePrice: z.number(),
  coinChange: z.number(),
  unitChange: z.number(),
  feeAsset: z.string(),
  fee: z.number(),
  feeRate: z.number(),
  createdAt: z.number(),
  finishedAt: z.number(),
  /** What a PENDING order holds locked: this much of this asset. */
  lockAsset: z.string(),
  lockAmount: z.number(),
});
export type StoredOrder = z.output<typeof storedOrderSchema>;

export const engineStateSchema = z.object({
  version: z.literal(1),
  nextOrderId: z.number().int().positive(),
  /** Exchange time up to which resting orders have been matched. */
  matchedUntil: z.number(),
  /** Free amount of each asset, by account (API key). Locked amounts are derived from the pending orders. */
  free: z.record(z.string(), z.record(z.string(), z.number())),
  orders: z.array(storedOrderSchema),
});
export type EngineState = z.output<typeof engineStateSchema>;

export function emptyState(now: number): EngineState {
  return { version: 1, nextOrderId: 1_000_001, matchedUntil: now, free: {}, orders: [] };
}
