// Public surface of the metrics module.
export {
  SCORE_WEIGHTS,
  competitionScore,
  competitionScoreOfDaily,
  type CompetitionScore,
  type ScoreParts,
} from './competition.js';
export { drawdownSeries, maxDrawdown, type MaxDrawdown } from './drawdown.js';
export { averageRanks, pearson, spearman } from './ic.js';
export { cagr, performance, sharpeRatio, sortinoRatio, type PerformanceSummary } from './performance.js';
export {
  DAYS_PER_YEAR,
  YEAR_MS,
  dailyEquity,
  periodsPerYear,
  simpleReturns,
  type EquitySeries,
} from './series.js';
export { downsideDeviation, mean, std } from './stats.js';
export { exposure, tradeStats, turnover, type ClosedTrade, type TradeStats } from './trades.js';
