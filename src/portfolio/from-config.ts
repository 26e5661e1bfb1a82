// The config as the portfolio's parameters: one mapping, so config and code cannot drift apart (a test checks
// that the shipped config gives exactly the documented defaults).
import type { Config } from '../config/schema.js';
import type { PortfolioParams } from './params.js';

export function portfolioParamsFromConfig(c: Pick<Config, 'portfolio' | 'alpha'>): PortfolioParams {
  const p = c.portfolio;
  return {
    maxPosition: { 1: p.max_position.tier1, 2: p.max_position.tier2, 3: p.max_position.tier3 },
    tier3Sleeve: p.tier3_sleeve,
    cashBuffer: { ...p.cash_buffer },
    maxPositions: { ...p.max_positions },
    volatilityBars: p.volatility_lookback_hours,
    scoreTilt: p.score_tilt,
    minWeightChange: p.min_weight_change,
    minNetReturn: c.alpha.min_net_return,
  };
}
