// Performance of an equity series at its own frequency (hourly equity for backtests), annualised.
//
//   r_t          simple returns E_t / E_{t−1} − 1, P periods a year (from the median spacing unless given)
//   total return E_last / E_first − 1
//   CAGR         (E_last / E_first)^(year / (t_last − t_first)) − 1, a year = 365 days
//   volatility   std(r) · √P, sample std (n − 1)
//   Sharpe       mean(r) / std(r) · √P, risk-free rate 0 (cash in USD earns nothing on the exchange)
//   Sortino      mean(r) / sqrt(mean(min(r, 0)²)) · √P
//   Calmar       CAGR / max drawdown
//
// A zero denominator follows IEEE division: a positive numerator gives +Infinity (no downside at all), 0 / 0
// gives NaN. Series too short for a statistic give NaN.
import { maxDrawdown, type MaxDrawdown } from './drawdown.js';
import { downsideDeviation, mean, std } from './stats.js';
import { YEAR_MS, periodsPerYear, simpleReturns, type EquitySeries } from './series.js';

export interface PerformanceSummary {
  readonly periods: number;
  readonly periodsPerYear: number;
  readonly totalReturn: number;
  readonly cagr: number;
  readonly volatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly maxDrawdown: MaxDrawdown;
}

/** Sharpe ratio per period: mean / std (std with `ddof`). Multiply by √P to annualise. */
export function sharpeRatio(returns: ArrayLike<number>, ddof: 0 | 1 = 1): number {
  return mean(returns) / std(returns, ddof);
}

/** Sortino ratio per period: mean / downside deviation below 0. Multiply by √P to annualise. */
export function sortinoRatio(returns: ArrayLike<number>): number {
  return mean(returns) / downsideDeviation(returns);
}

export function cagr(s: EquitySeries): number {
  const n = s.equity.length;
  if (n < 2) return NaN;
  const span = (s.time[n - 1] as number) - (s.time[0] as number);
  if (!(span > 0)) return NaN;
  return ((s.equity[n - 1] as number) / (s.equity[0] as number)) ** (YEAR_MS / span) - 1;
}

export function performance(s: EquitySeries, opts: { periodsPerYear?: number } = {}): PerformanceSummary {
  const r = simpleReturns(s.equity);
  const p = opts.periodsPerYear ?? periodsPerYear(s.time);
  const root = Math.sqrt(p);
  const n = s.equity.length;
  const growth = cagr(s);
  const dd = maxDrawdown(s);
  return {
    periods: r.length,
    periodsPerYear: p,
    totalReturn: n === 0 ? NaN : (s.equity[n - 1] as number) / (s.equity[0] as number) - 1,
    cagr: growth,
    volatility: std(r) * root,
    sharpe: sharpeRatio(r) * root,
    sortino: sortinoRatio(r) * root,
    calmar: growth / dd.depth,
    maxDrawdown: dd,
  };
}
