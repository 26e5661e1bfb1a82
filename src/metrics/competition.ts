// The competition score: 0.4 · Sortino + 0.3 · Sharpe + 0.3 · Calmar, from equity snapshots at 00:00 UTC and
// their simple daily returns (shared/roostoo/API.md). The organisers never said whether the ratios are
// annualised, so both are given, clearly apart:
//
// daily (the public re-implementation; numpy's std, population):
//   Sharpe  = mean(r) / std(r)                      std over n (ddof 0)
//   Sortino = mean(r) / sqrt(mean(min(r, 0)²))
//   Calmar  = mean(r) / max drawdown                drawdown of the daily snapshots, as a fraction
// annualised: Sharpe and Sortino × √365, Calmar × 365 (a mean daily return annualises linearly).
//
// The weights favour Sortino, so upside volatility is cheap and every losing day is expensive; and the
// Calmar term is a mean over the whole run divided by its single worst drawdown.
import { maxDrawdown } from './drawdown.js';
import { sharpeRatio, sortinoRatio } from './performance.js';
import { mean } from './stats.js';
import { DAYS_PER_YEAR, dailyEquity, simpleReturns, type EquitySeries } from './series.js';

export const SCORE_WEIGHTS = { sortino: 0.4, sharpe: 0.3, calmar: 0.3 } as const;

export interface ScoreParts {
  readonly sortino: number;
  readonly sharpe: number;
  readonly calmar: number;
  /** 0.4 · sortino + 0.3 · sharpe + 0.3 · calmar. */
  readonly score: number;
}

export interface CompetitionScore {
  /** Number of daily returns (snapshots − 1). */
  readonly days: number;
  readonly maxDrawdown: number;
  /** Un-annualised, as the public re-implementation computes them. */
  readonly daily: ScoreParts;
  /** Sharpe, Sortino × √365; Calmar × 365. */
  readonly annualised: ScoreParts;
}

function parts(sortino: number, sharpe: number, calmar: number): ScoreParts {
  const w = SCORE_WEIGHTS;
  return { sortino, sharpe, calmar, score: w.sortino * sortino + w.sharpe * sharpe + w.calmar * calmar };
}

/** Score of daily snapshots already taken (one point per day at 00:00 UTC). */
export function competitionScoreOfDaily(daily: EquitySeries): CompetitionScore {
  const r = simpleReturns(daily.equity);
  const dd = maxDrawdown(daily).depth;
  const sharpe = sharpeRatio(r, 0);
  const sortino = sortinoRatio(r);
  const calmar = mean(r) / dd;
  const root = Math.sqrt(DAYS_PER_YEAR);
  return {
    days: r.length,
    maxDrawdown: dd,
    daily: parts(sortino, sharpe, calmar),
    annualised: parts(sortino * root, sharpe * root, calmar * DAYS_PER_YEAR),
  };
}

/** Score of any equity series (e.g. hourly): snapshots at 00:00 UTC first (dailyEquity), then as above. */
export function competitionScore(s: EquitySeries): CompetitionScore {
  return competitionScoreOfDaily(dailyEquity(s));
}
