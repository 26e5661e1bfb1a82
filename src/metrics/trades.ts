// Statistics of closed trades and of the book's activity.
//
//   win rate       wins / trades (a win has pnl > 0; pnl = 0 is not a win)
//   profit factor  Σ winning pnl / |Σ losing pnl|          (+Infinity without a loss, NaN without any pnl)
//   expectancy     mean pnl per trade (USD), and mean pnl / entry value per trade (a fraction)
//   turnover       Σ |traded notional| / mean equity: buying and later selling the whole book counts 2
//   exposure       time-weighted mean of invested / equity; time in market = share of time invested > 0
import { DAY_MS } from '../core/time.js';
import type { EquitySeries } from './series.js';

export interface ClosedTrade {
  /** Net profit in USD after fees. */
  readonly pnl: number;
  /** Value paid to open the trade (USD, > 0). */
  readonly entryValue: number;
}

export interface TradeStats {
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly winRate: number;
  readonly profitFactor: number;
  readonly expectancy: number;
  readonly expectancyReturn: number;
}

export function tradeStats(trades: readonly ClosedTrade[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let gain = 0;
  let loss = 0;
  let ret = 0;
  for (const t of trades) {
    if (t.pnl > 0) {
      wins++;
      gain += t.pnl;
    } else if (t.pnl < 0) {
      losses++;
      loss -= t.pnl;
    }
    ret += t.pnl / t.entryValue;
  }
  const n = trades.length;
  return {
    trades: n,
    wins,
    losses,
    winRate: n === 0 ? NaN : wins / n,
    profitFactor: gain / loss,
    expectancy: n === 0 ? NaN : (gain - loss) / n,
    expectancyReturn: n === 0 ? NaN : ret / n,
  };
}

/** Turnover over the series: total and per day. `traded` are the notionals of the fills (signs ignored). */
export function turnover(
  traded: readonly number[],
  s: EquitySeries,
): { readonly total: number; readonly perDay: number } {
  let value = 0;
  for (const v of traded) value += Math.abs(v);
  let eq = 0;
  for (let i = 0; i < s.equity.length; i++) eq += s.equity[i] as number;
  const total = value / (eq / s.equity.length);
  const n = s.time.length;
  const days = n < 2 ? NaN : ((s.time[n - 1] as number) - (s.time[0] as number)) / DAY_MS;
  return { total, perDay: total / days };
}

/**
 * Exposure over an equity series with the invested value at each point: each point holds until the next one
 * (the last point has no duration). NaN for fewer than two points.
 */
export function exposure(s: EquitySeries & { readonly invested: ArrayLike<number> }): {
  readonly mean: number;
  readonly timeInMarket: number;
} {
  let weighted = 0;
  let inMarket = 0;
  let span = 0;
  for (let i = 0; i + 1 < s.time.length; i++) {
    const dt = (s.time[i + 1] as number) - (s.time[i] as number);
    const inv = s.invested[i] as number;
    weighted += (inv / (s.equity[i] as number)) * dt;
    if (inv > 0) inMarket += dt;
    span += dt;
  }
  return span > 0
    ? { mean: weighted / span, timeInMarket: inMarket / span }
    : { mean: NaN, timeInMarket: NaN };
}
