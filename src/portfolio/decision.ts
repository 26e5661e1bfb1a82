// What the portfolio decides for each coin, as a discriminated union. `target` is the ideal weight (within
// every cap, the sleeve, the cash buffer and the drawdown scale); `weight` is what execution should move the
// holding to after hysteresis: the target, or the current weight when the change is too small to pay its fees.

/** Why a coin is not in the target set. */
export type Exclusion =
  /** Alpha is NaN (a feature or model still warming up) or not finite. */
  | 'not-scorable'
  /** Net alpha at or below the minimum (alpha.min_net_return, 0 by default): no edge after costs. */
  | 'no-edge'
  /** Volatility is NaN, zero or negative: no inverse-volatility weight can be given. */
  | 'no-volatility'
  /** Stopped out recently (risk.cooldown_hours); only blocks entering. */
  | 'cooling-down'
  /** No finite ATR yet (warming up): a new position would have no ATR stop; only blocks entering. */
  | 'no-atr'
  /** Eligible, but outside the regime's top max_positions by alpha. */
  | 'outranked'
  /** The exposure scale is 0 (or the budget is): nothing can be held. */
  | 'no-budget';

interface Base {
  readonly asset: string;
  /** Weight held now (fraction of equity). */
  readonly current: number;
  /** Ideal weight. */
  readonly target: number;
  /** Weight to trade to: `target`, or `current` for hold / skipped-below-threshold. */
  readonly weight: number;
}

export type AssetDecision =
  /** Not held → target; the target is above the threshold. */
  | (Base & { readonly kind: 'enter' })
  /**
   * Held and still in the target set; |target − current| above the threshold, or `forced` down to the target
   * because the current weight is above the coin's cap or the tier-3 sleeve would be passed (a cap is a risk
   * limit: hysteresis does not keep a weight above it).
   */
  | (Base & { readonly kind: 'resize'; readonly forced?: 'cap' | 'sleeve' })
  /** Held and still in the target set; the change is within the threshold and no cap is passed: no trade. */
  | (Base & { readonly kind: 'hold' })
  /** Not held, in the target set, but the target is at or below the threshold: not worth entering. */
  | (Base & { readonly kind: 'skipped-below-threshold' })
  /** Held, no longer in the target set: sold to 0 whatever its size. */
  | (Base & { readonly kind: 'exit'; readonly why: Exclusion })
  /** Not held, not in the target set: nothing to do. */
  | (Base & { readonly kind: 'out'; readonly why: Exclusion });

export type DecisionKind = AssetDecision['kind'];

export interface PortfolioDecision {
  /** 1 − cash buffer of the regime: the most that may be invested before drawdown scaling. */
  readonly budget: number;
  /** Drawdown exposure scale applied to every target (from risk). */
  readonly exposureScale: number;
  /** Σ target. */
  readonly targetInvested: number;
  /** Σ weight (after hysteresis). */
  readonly invested: number;
  /** One decision per input coin, in input order. */
  readonly assets: readonly AssetDecision[];
}

/** True when the decision moves the holding (enter, resize, exit). */
export function trades(d: AssetDecision): boolean {
  return d.kind === 'enter' || d.kind === 'resize' || d.kind === 'exit';
}
