// GET /v3/serverTime and GET /v3/exchangeInfo answers (no `Success` field on either), shared by the client and
// the local exchange, and their mapping to domain instruments.
import { z } from 'zod';
import type { Instrument } from '../../domain/instrument.js';

export const serverTimeSchema = z.object({ ServerTime: z.number().int().positive() });

/** One pair of exchangeInfo. Extra fields are allowed (the live API adds some between competitions). */
export const tradePairSchema = z.object({
  Coin: z.string().min(1),
  CoinFullName: z.string().optional(),
  Unit: z.string().min(1),
  UnitFullName: z.string().optional(),
  CanTrade: z.boolean(),
  /** Price step is 10^-PricePrecision. */
  PricePrecision: z.number().int().min(0),
  /** Quantity step is 10^-AmountPrecision. */
  AmountPrecision: z.number().int().min(0),
  /** Minimum order value in the unit (USD): price × quantity must exceed it. */
  MiniOrder: z.number().min(0),
  /** "crypto" or "stock" (tokenized equities). */
  AssetType: z.string().optional(),
});

export const exchangeInfoSchema = z.object({
  IsRunning: z.boolean(),
  InitialWallet: z.record(z.string(), z.number()),
  TradePairs: z.record(z.string(), tradePairSchema),
});

export type TradePair = z.output<typeof tradePairSchema>;
export type ExchangeInfo = z.output<typeof exchangeInfoSchema>;

export function toInstrument(pair: string, p: TradePair): Instrument {
  return {
    pair,
    coin: p.Coin,
    unit: p.Unit,
    canTrade: p.CanTrade,
    pricePrecision: p.PricePrecision,
    amountPrecision: p.AmountPrecision,
    minOrder: p.MiniOrder,
  };
}

export function instrumentsOf(info: ExchangeInfo): Map<string, Instrument> {
  return new Map(Object.entries(info.TradePairs).map(([pair, p]) => [pair, toInstrument(pair, p)]));
}
