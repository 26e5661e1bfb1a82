// Per-position stops as plain data and pure functions: (state, bar) → state or exit.
//
// - Initial stop: entry − stopAtrMultiple × ATR, with the ATR as of entry (fixed for the life of the position,
//   so a volatility spike after entry cannot widen the stop).
// - Trailing stop: armed once the highest price since entry is ≥ entry + trailArmAtr × ATR; from then on the
//   stop is max(stop, highest − trailAtrMultiple × ATR). The stop is never lowered.
// - Loss limit: the price at which the position has lost maxLossPerPosition of equity,
//   entry − maxLossPerPosition × equity / quantity, with the equity when the position was last sized. A fixed
//   price level (not a moving one) so that it can be checked on every bar of the finest data like the stop.
//
// An ATR that is not finite (NaN while the ATR warms up) gives no ATR stop: the level is the loss limit alone, and
// the trailing stop never arms. The portfolio does not enter a coin without a finite ATR; this is the backstop.
//
// Checking a bar (decision bars, or finer ones such as 5m): the exit level is max(stop, loss limit).
//   open ≤ level → exit at the open (it gapped through the level: the stop price was never available);
//   low ≤ level  → exit at the level;
//   otherwise the position survives, and only then does the bar's high raise `highest` (and maybe arm and
//   trail). The order of high and low inside a bar is unknown; assuming the low came first is the conservative
//   choice, and a bar can never both raise the stop and hit it. Fees and slippage are added by the exchange.
import type { RiskParams } from './params.js';

export interface PositionStop {
  /** Average entry price. */
  readonly entryPrice: number;
  readonly quantity: number;
  /** ATR (price units) at entry; NaN when there was none (then stop is NaN too: no ATR stop). */
  readonly atr: number;
  /** Equity when the position was opened or last resized: the base of the loss limit. */
  readonly equity: number;
  /** Highest price seen since entry (bar highs, after the bar survived). */
  readonly highest: number;
  /** The trailing stop is armed. */
  readonly armed: boolean;
  /** ATR stop level (initial, then trailing); never lowered. NaN without an ATR. */
  readonly stop: number;
  /** Price at which the loss reaches maxLossPerPosition × equity. */
  readonly lossLimit: number;
}

export type ExitReason = 'initial-stop' | 'trailing-stop' | 'max-loss';

export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export type StopCheck =
  | { readonly kind: 'open'; readonly state: PositionStop }
  | {
      readonly kind: 'exit';
      readonly state: PositionStop;
      readonly reason: ExitReason;
      /** Assumed fill price before costs: the level, or the open when the bar gapped below it. */
      readonly price: number;
      readonly time: number;
      readonly gapped: boolean;
    };

export interface Entry {
  readonly price: number;
  readonly quantity: number;
  readonly atr: number;
  readonly equity: number;
}

function lossLimit(entryPrice: number, quantity: number, equity: number, p: RiskParams): number {
  return entryPrice - (p.maxLossPerPosition * equity) / quantity;
}

/**
 * The stop state of a new position. An ATR that is not finite and > 0 is no ATR: the state keeps atr and stop
 * NaN, and the loss limit alone protects the position (exitLevel).
 */
export function openStop(e: Entry, p: RiskParams): PositionStop {
  const atr = Number.isFinite(e.atr) && e.atr > 0 ? e.atr : NaN;
  return {
    entryPrice: e.price,
    quantity: e.quantity,
    atr,
    equity: e.equity,
    highest: e.price,
    armed: false,
    stop: e.price - p.stopAtrMultiple * atr,
    lossLimit: lossLimit(e.price, e.quantity, e.equity, p),
  };
}

/**
 * After the portfolio resizes a position to `quantity` (a fill at `price`): an addition moves the entry to the
 * average cost; a reduction keeps it. The loss limit is re-based on the new size and equity; the ATR stop, the
 * highest price and the arming are kept (the stop is never lowered).
 */
export function resizeStop(
  s: PositionStop,
  quantity: number,
  price: number,
  equity: number,
  p: RiskParams,
): PositionStop {
  const added = quantity - s.quantity;
  const entryPrice = added > 0 ? (s.entryPrice * s.quantity + price * added) / quantity : s.entryPrice;
  return { ...s, entryPrice, quantity, equity, lossLimit: lossLimit(entryPrice, quantity, equity, p) };
}

/**
 * The level that exits the position and the reason it would give. Without a finite ATR stop (an ATR that was NaN
 * at entry: not warmed up) the loss limit alone is the level: a missing ATR must never remove the loss limit.
 */
export function exitLevel(s: PositionStop): { readonly level: number; readonly reason: ExitReason } {
  if (!Number.isFinite(s.stop) || s.lossLimit >= s.stop) return { level: s.lossLimit, reason: 'max-loss' };
  return { level: s.stop, reason: s.armed ? 'trailing-stop' : 'initial-stop' };
}

/** Checks one bar (see the header for the rules). */
export function checkBar(s: PositionStop, bar: Bar, p: RiskParams): StopCheck {
  const { level, reason } = exitLevel(s);
  if (bar.open <= level) {
    return { kind: 'exit', state: s, reason, price: bar.open, time: bar.time, gapped: true };
  }
  if (bar.low <= level) {
    return { kind: 'exit', state: s, reason, price: level, time: bar.time, gapped: false };
  }
  const highest = Math.max(s.highest, bar.high);
  const armed = s.armed || highest - s.entryPrice >= p.trailArmAtr * s.atr;
  const stop = armed ? Math.max(s.stop, highest - p.trailAtrMultiple * s.atr) : s.stop;
  return { kind: 'open', state: { ...s, highest, armed, stop } };
}
