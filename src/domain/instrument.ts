// A tradable pair and the exchange's rules for it, read from exchangeInfo at start-up (they changed between
// competitions, so nothing here is hard-coded).

export interface Instrument {
  /** `BTC/USD`: the exchange's name for the pair. */
  readonly pair: string;
  /** Base coin, `BTC`. */
  readonly coin: string;
  /** Quote currency, `USD`. */
  readonly unit: string;
  readonly canTrade: boolean;
  /** Price step is 10^-pricePrecision. */
  readonly pricePrecision: number;
  /** Quantity step is 10^-amountPrecision. */
  readonly amountPrecision: number;
  /** Minimum order value in the unit: price × quantity must be strictly above it. */
  readonly minOrder: number;
}

export function pairOf(coin: string, unit = 'USD'): string {
  return `${coin}/${unit}`;
}
