// Portfolio construction: from each coin's net alpha, volatility, tier and current weight to target weights and
// a decision per coin. The steps, in order:
//
// 1. Eligible: alpha finite and > minNetReturn, volatility finite and > 0, not cooling down (an asset already
//    held is not ejected by its cool-down: cool-downs only follow stop-outs, which leave the asset flat), and,
//    to be entered, a finite ATR > 0: a position opened without one would have no ATR stop (risk/stops.ts). The
//    ATR feature warms up after the fallback scorer's inputs, so a young coin can be scorable before it can be
//    stopped. A held coin is not ejected for it (its stop was set at entry).
// 2. Selected: the regime's top maxPositions eligible coins by alpha (ties by asset name, for determinism).
// 3. Raw weights (α/α_max)^tilt / σ (raw-weights.ts), water-filled into budget = 1 − cashBuffer[regime] under
//    the tier caps and the tier-3 sleeve (water-fill.ts): capped excess goes to uncapped names, and what none
//    can take stays in cash.
// 4. Drawdown scaling: every weight × exposureScale. Scaling after the caps (rather than shrinking the budget)
//    cuts exposure by the full factor even when the caps already keep the invested total below the budget.
// 5. Hysteresis (decide in hysteresis.ts): trade only changes above minWeightChange, except exits, and except a
//    hold above its tier cap or one that would keep the tier-3 sleeve passed: those are resized to the target.
import type { Regime, Tier } from '../domain/universe.js';
import type { AssetDecision, Exclusion, PortfolioDecision } from './decision.js';
import { CAP_BAND, decide, enforceSleeve } from './hysteresis.js';
import type { PortfolioParams } from './params.js';
import { rawWeights } from './raw-weights.js';
import { waterFillWithGroup } from './water-fill.js';

export interface AssetView {
  readonly asset: string;
  readonly tier: Tier;
  /** Net expected return after costs (alpha module); NaN when the coin cannot be scored. */
  readonly alpha: number;
  /** σ of hourly log returns over volatilityBars (trailingVolatility); NaN when unknown. */
  readonly volatility: number;
  /** Weight held now: position value / equity (0 when flat). */
  readonly current: number;
  /** In a cool-down after a stop-out (risk): may not be entered. */
  readonly coolingDown: boolean;
  /** ATR (price units) now, the stop distance of a new position; not finite or ≤ 0: may not be entered. */
  readonly atr: number;
}

export interface PortfolioInput {
  readonly regime: Regime;
  readonly assets: readonly AssetView[];
  /** Drawdown exposure scale in [0, 1] (risk's drawdown state). */
  readonly exposureScale: number;
}

function exclusion(a: AssetView, p: PortfolioParams): Exclusion | undefined {
  if (!Number.isFinite(a.alpha)) return 'not-scorable';
  if (!(a.alpha > p.minNetReturn)) return 'no-edge';
  if (!(Number.isFinite(a.volatility) && a.volatility > 0)) return 'no-volatility';
  if (a.coolingDown && !(a.current > 0)) return 'cooling-down';
  if (!(Number.isFinite(a.atr) && a.atr > 0) && !(a.current > 0)) return 'no-atr';
  return undefined;
}

/** Ideal weights (before hysteresis) and, for the rest, why they are out. */
export function targetWeights(
  input: PortfolioInput,
  p: PortfolioParams,
): { readonly targets: number[]; readonly why: (Exclusion | undefined)[]; readonly budget: number } {
  const { assets, regime } = input;
  const scale = Math.min(1, Math.max(0, input.exposureScale));
  const why = assets.map((a) => exclusion(a, p));
  const eligible = assets.map((_, i) => i).filter((i) => why[i] === undefined);
  eligible.sort((i, j) => {
    const a = assets[i] as AssetView;
    const b = assets[j] as AssetView;
    return b.alpha - a.alpha || (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0);
  });
  const chosen = eligible.slice(0, p.maxPositions[regime]);
  for (const i of eligible.slice(p.maxPositions[regime])) why[i] = 'outranked';

  const budget = 1 - p.cashBuffer[regime];
  const views = chosen.map((i) => assets[i] as AssetView);
  const filled = waterFillWithGroup(
    rawWeights(views, p.scoreTilt),
    views.map((a) => p.maxPosition[a.tier]),
    views.map((a) => a.tier === 3),
    p.tier3Sleeve,
    budget,
  );
  const targets = new Array<number>(assets.length).fill(0);
  chosen.forEach((i, k) => {
    const w = (filled[k] as number) * scale;
    targets[i] = w;
    if (!(w > 0)) why[i] = 'no-budget';
  });
  return { targets, why, budget };
}

/** Target weights and the decision per coin (see the steps above). Pure and deterministic. */
export function constructPortfolio(input: PortfolioInput, p: PortfolioParams): PortfolioDecision {
  const { targets, why, budget } = targetWeights(input, p);
  const decisions: AssetDecision[] = enforceSleeve(
    input.assets.map((a, i) =>
      decide(a.asset, a.current, targets[i] as number, why[i], p.minWeightChange, p.maxPosition[a.tier]),
    ),
    input.assets.map((a) => a.tier === 3),
    p.tier3Sleeve,
    CAP_BAND * p.minWeightChange,
  );
  let targetInvested = 0;
  let invested = 0;
  for (const d of decisions) {
    targetInvested += d.target;
    invested += d.weight;
  }
  return {
    budget,
    exposureScale: Math.min(1, Math.max(0, input.exposureScale)),
    targetInvested,
    invested,
    assets: decisions,
  };
}
