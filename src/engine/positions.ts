// Positions as the engine tracks them between fills: the stop state of each held coin (risk/stops) and the open
// round trip (for trade statistics). The wallet read through the port stays the authority on quantities; this
// book only adds what the exchange does not know (entry, ATR, highest price, the cost of the trade so far).
import type { IntentReason } from '../execution/intents.js';
import { openStop, resizeStop, type PositionStop } from '../risk/stops.js';
import type { RiskParams } from '../risk/params.js';
import type { TradeRecord } from './journal.js';
import type { PersistedPosition } from './persisted.js';

interface OpenTrade {
  readonly entryTime: number;
  cost: number;
  proceeds: number;
  entryValue: number;
}

export interface FillEvent {
  readonly time: number;
  readonly coin: string;
  readonly side: 'BUY' | 'SELL';
  readonly price: number;
  /** Coin received (buy, after a fee in the coin) or given (sell). */
  readonly coinDelta: number;
  /** Quote currency paid (buy) or received (sell), fees included. */
  readonly cash: number;
  readonly grossValue: number;
  readonly reason: IntentReason;
}

export class PositionBook {
  readonly #params: RiskParams;
  readonly stops = new Map<string, PositionStop>();
  readonly #trades = new Map<string, OpenTrade>();
  readonly #qty = new Map<string, number>();

  constructor(params: RiskParams) {
    this.#params = params;
  }

  quantity(coin: string): number {
    return this.#qty.get(coin) ?? 0;
  }

  /**
   * Applies a fill. `atr` and `equity` size a new stop; `closed` says whether what remains is dust (below one
   * step or the exchange minimum), in which case the round trip is returned and the stop dropped.
   */
  onFill(
    f: FillEvent,
    atr: number,
    equity: number,
    closed: (remaining: number) => boolean,
  ): TradeRecord | undefined {
    const q = Math.max(0, this.quantity(f.coin) + (f.side === 'BUY' ? f.coinDelta : -f.coinDelta));
    this.#qty.set(f.coin, q);
    let t = this.#trades.get(f.coin);
    if (f.side === 'BUY') {
      if (t === undefined) {
        t = { entryTime: f.time, cost: 0, proceeds: 0, entryValue: 0 };
        this.#trades.set(f.coin, t);
      }
      t.cost += f.cash;
      t.entryValue += f.grossValue;
      const s = this.stops.get(f.coin);
      if (s === undefined) {
        // openStop itself handles a missing ATR (a coin too new for its 14 bars): the loss limit alone protects.
        this.stops.set(f.coin, openStop({ price: f.price, quantity: q, atr, equity }, this.#params));
      } else this.stops.set(f.coin, resizeStop(s, q, f.price, equity, this.#params));
      return undefined;
    }
    if (t !== undefined) t.proceeds += f.cash;
    if (!closed(q)) {
      const s = this.stops.get(f.coin);
      if (s !== undefined) this.stops.set(f.coin, resizeStop(s, q, f.price, equity, this.#params));
      return undefined;
    }
    this.stops.delete(f.coin);
    this.#trades.delete(f.coin);
    if (t === undefined) return undefined;
    return {
      coin: f.coin,
      entryTime: t.entryTime,
      exitTime: f.time,
      cost: t.cost,
      proceeds: t.proceeds,
      pnl: t.proceeds - t.cost,
      entryValue: t.entryValue,
      exitReason: f.reason,
    };
  }

  /** Every coin the book holds or tracks (a quantity above zero, a stop or an open trade), for checkpoints. */
  export(): PersistedPosition[] {
    const held = [...this.#qty].filter(([, q]) => q > 0).map(([c]) => c);
    const coins = new Set([...held, ...this.stops.keys(), ...this.#trades.keys()]);
    return [...coins].sort().map((coin) => {
      const t = this.#trades.get(coin);
      return {
        coin,
        quantity: this.quantity(coin),
        stop: this.stops.get(coin),
        trade: t === undefined ? undefined : { ...t },
      };
    });
  }

  restore(positions: readonly PersistedPosition[]): void {
    this.stops.clear();
    this.#trades.clear();
    this.#qty.clear();
    for (const p of positions) {
      this.#qty.set(p.coin, p.quantity);
      if (p.stop !== undefined) this.stops.set(p.coin, p.stop);
      if (p.trade !== undefined) this.#trades.set(p.coin, { ...p.trade });
    }
  }

  /** True while a round trip in `coin` is open. */
  hasTrade(coin: string): boolean {
    return this.#trades.has(coin);
  }

  /**
   * Recovery: the wallet holds `quantity` of a coin the book did not expect (bought by hand, or a fill whose record
   * was lost). A stop is opened at `price` as if bought there, so the position is protected like any other.
   */
  adoptHolding(
    time: number,
    coin: string,
    quantity: number,
    price: number,
    atr: number,
    equity: number,
  ): void {
    this.#qty.set(coin, quantity);
    this.stops.set(coin, openStop({ price, quantity, atr, equity }, this.#params));
    if (!this.#trades.has(coin)) {
      this.#trades.set(coin, {
        entryTime: time,
        cost: quantity * price,
        proceeds: 0,
        entryValue: quantity * price,
      });
    }
  }

  /** Recovery: the coin is gone from the wallet (sold by hand): the round trip ends, valued at `price`. */
  dropHolding(time: number, coin: string, price: number): TradeRecord | undefined {
    const q = this.quantity(coin);
    const t = this.#trades.get(coin);
    this.#qty.set(coin, 0);
    this.stops.delete(coin);
    this.#trades.delete(coin);
    if (t === undefined) return undefined;
    const proceeds = t.proceeds + q * price;
    return {
      coin,
      entryTime: t.entryTime,
      exitTime: time,
      cost: t.cost,
      proceeds,
      pnl: proceeds - t.cost,
      entryValue: t.entryValue,
      exitReason: 'exit',
    };
  }

  /** The wallet is the authority: a quantity read from the exchange replaces the tracked one. */
  reconcile(coin: string, quantity: number): void {
    this.#qty.set(coin, quantity);
  }
}
