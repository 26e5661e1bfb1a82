// The account as read through the exchange port at one moment: balances, quotes, equity at mid. Every decision
// and every repricing starts from a fresh snapshot, so the engine never trades on a stale idea of the wallet.
import type { Instrument } from '../domain/instrument.js';
import { balanceTotal, type Balances, type Ticker } from '../domain/market.js';
import { sellableQuantity } from '../domain/order-sizing.js';
import type { ExchangePort } from '../exchange/port.js';

export interface Snapshot {
  readonly balances: Balances;
  readonly tickers: ReadonlyMap<string, Ticker>;
  /** Free + locked quote currency. */
  readonly cash: number;
  readonly cashFree: number;
  /** Positions at mid. */
  readonly invested: number;
  readonly equity: number;
}

export function midOfTicker(t: Ticker | undefined): number {
  return t === undefined ? NaN : (t.bid + t.ask) / 2;
}

export async function readSnapshot(
  exchange: ExchangePort,
  instruments: ReadonlyMap<string, Instrument>,
  unit: string,
): Promise<Snapshot> {
  const balances = await exchange.balances();
  const tickers = await exchange.tickers();
  const cash = balanceTotal(balances.get(unit));
  let invested = 0;
  for (const inst of instruments.values()) {
    const q = balanceTotal(balances.get(inst.coin));
    if (q > 0) {
      const mid = midOfTicker(tickers.get(inst.pair));
      if (Number.isFinite(mid)) invested += q * mid;
    }
  }
  return {
    balances,
    tickers,
    cash,
    cashFree: balances.get(unit)?.free ?? 0,
    invested,
    equity: cash + invested,
  };
}

/**
 * A holding too small to sell (below one step, or not above the exchange minimum at the bid) is dust: it cannot
 * be traded, so the portfolio treats the coin as flat instead of asking to exit it every hour.
 */
export function isDust(inst: Instrument, quantity: number, bid: number): boolean {
  const q = sellableQuantity(inst, { asset: inst.coin, free: quantity, locked: 0 });
  return q <= 0 || !(q * bid > inst.minOrder);
}
