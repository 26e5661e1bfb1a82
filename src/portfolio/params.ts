// Portfolio parameters. All but `minNetReturn` map one-to-one onto the config's `portfolio` section;
// `minNetReturn` is `alpha.min_net_return` (the edge a coin needs, after costs, to be held at all).
import type { Regime, Tier } from '../domain/universe.js';

export interface PortfolioParams {
  /** Largest weight of one position, by tier (fractions of equity). */
  readonly maxPosition: Readonly<Record<Tier, number>>;
  /** Largest total weight of all tier-3 coins together. */
  readonly tier3Sleeve: number;
  /** Cash kept uninvested, by regime: invested ≤ 1 − buffer (before drawdown scaling). */
  readonly cashBuffer: Readonly<Record<Regime, number>>;
  /** Most coins held at once, by regime. */
  readonly maxPositions: Readonly<Record<Regime, number>>;
  /** Hourly returns behind the volatility of the inverse-volatility weights (used by the caller). */
  readonly volatilityBars: number;
  /** Exponent of the score tilt: raw weight = (α / α_max)^tilt / σ; 0 = pure inverse volatility. */
  readonly scoreTilt: number;
  /** No trade unless |target − current| > this, except entering or leaving the target set. */
  readonly minWeightChange: number;
  /** A coin is eligible only with a net expected return strictly above this (≥ 0). */
  readonly minNetReturn: number;
}

export const DEFAULT_PORTFOLIO_PARAMS: PortfolioParams = {
  maxPosition: { 1: 0.15, 2: 0.1, 3: 0.05 },
  tier3Sleeve: 0.12,
  cashBuffer: { trend: 0.1, chop: 0.2, down: 0.6 },
  maxPositions: { trend: 8, chop: 6, down: 4 },
  volatilityBars: 168,
  scoreTilt: 1,
  minWeightChange: 0.02,
  minNetReturn: 0,
};

/** Throws a RangeError naming the first parameter out of range (the config schema checks the same ranges). */
export function checkPortfolioParams(p: PortfolioParams): void {
  const fail = (key: string, v: number, what: string): never => {
    throw new RangeError(`portfolio.${key} must be ${what}, not ${v}`);
  };
  for (const tier of [1, 2, 3] as const) {
    const cap = p.maxPosition[tier];
    if (!(cap > 0 && cap <= 1)) fail(`maxPosition.${tier}`, cap, 'in (0, 1]');
  }
  if (!(p.tier3Sleeve >= p.maxPosition[3] && p.tier3Sleeve <= 1))
    fail('tier3Sleeve', p.tier3Sleeve, `in [maxPosition.3 (${p.maxPosition[3]}), 1]`);
  for (const r of ['trend', 'chop', 'down'] as const) {
    const b = p.cashBuffer[r];
    if (!(b >= 0 && b < 1)) fail(`cashBuffer.${r}`, b, 'in [0, 1)');
    const n = p.maxPositions[r];
    if (!(Number.isInteger(n) && n >= 1)) fail(`maxPositions.${r}`, n, 'an integer ≥ 1');
  }
  if (!(Number.isInteger(p.volatilityBars) && p.volatilityBars >= 2))
    fail('volatilityBars', p.volatilityBars, 'an integer ≥ 2');
  if (!(p.scoreTilt >= 0 && p.scoreTilt <= 10)) fail('scoreTilt', p.scoreTilt, 'in [0, 10]');
  if (!(p.minWeightChange >= 0 && p.minWeightChange < 1))
    fail('minWeightChange', p.minWeightChange, 'in [0, 1)');
  if (!(p.minNetReturn >= 0 && p.minNetReturn < 1)) fail('minNetReturn', p.minNetReturn, 'in [0, 1)');
}
