// Market and account snapshots as the engine sees them, whatever exchange they came from.

export interface Ticker {
  readonly pair: string;
  /** Best bid: what a MARKET sell fills at. */
  readonly bid: number;
  /** Best ask: what a MARKET buy fills at. One price tick above the bid on Roostoo. */
  readonly ask: number;
  readonly last: number;
  /** Exchange time of the quote, epoch ms. */
  readonly time: number;
}

/** One asset of the spot wallet. `locked` is held by resting orders; total = free + locked. */
export interface Balance {
  readonly asset: string;
  readonly free: number;
  readonly locked: number;
}

export type Balances = ReadonlyMap<string, Balance>;

export function balanceTotal(b: Balance | undefined): number {
  return b === undefined ? 0 : b.free + b.locked;
}
