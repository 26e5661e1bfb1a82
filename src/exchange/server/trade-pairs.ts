// The pairs the local exchange lists: the real exchangeInfo entries (precision, minimum order) of the coins it has
// candles for. A coin with candles that Roostoo does not list gets precisions derived from its price, close to
// what Roostoo uses for coins of that price: a tick of about 1e-5 of the price and a quantity step worth a few
// cents. Pairs without candles are left out: the exchange could not quote them.
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import type { CandleSeries } from '../../data/candles.js';
import { exchangeInfoSchema, type ExchangeInfo, type TradePair } from '../wire/exchange-info.js';

export function readExchangeInfoFile(path: string): ExchangeInfo {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read exchangeInfo: ${(err as Error).message}`, { file: path });
  }
  const r = exchangeInfoSchema.safeParse(json);
  if (!r.success) throw new InputError('is not an exchangeInfo answer', { file: path });
  return r.data;
}

export function tradePairsForCoins(
  info: ExchangeInfo,
  series: ReadonlyMap<string, CandleSeries>,
  unit = 'USD',
): Record<string, TradePair> {
  const out: Record<string, TradePair> = {};
  for (const [coin, s] of [...series].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pair = `${coin}/${unit}`;
    const real = info.TradePairs[pair];
    if (real !== undefined) out[pair] = real;
    else if (s.length > 0) out[pair] = derivedPair(coin, unit, s.close[s.length - 1] as number);
  }
  return out;
}

export function derivedPair(coin: string, unit: string, price: number): TradePair {
  const magnitude = Math.ceil(Math.log10(price));
  const clamp = (x: number): number => Math.min(10, Math.max(0, x));
  return {
    Coin: coin,
    CoinFullName: coin,
    Unit: unit,
    UnitFullName: 'US Dollar',
    CanTrade: true,
    PricePrecision: clamp(5 - magnitude),
    AmountPrecision: clamp(magnitude),
    MiniOrder: 1,
    AssetType: 'crypto',
  };
}
