// Alpha: one expected return per asset, net of the cost of trading it, from the 6h and 24h models (weighted by
// regime) or from the fallback scorer when no model is usable.
//
// Common scale. Each model predicts its horizon's vol-normalised forward log return,
//   target_h = ln(c[t+h] / c[t]) / (rvol_24 · √h)            (docs/strategy.md, "Targets")
// so its prediction p_h becomes an expected log return over h bars, e_h = p_h · rvol_24 · √h, and an expected
// return per bar, e_h / h. The blend is per bar, r = w·e_6/6 + (1 − w)·e_24/24 with w = weight_6h[regime], and
// the gross alpha is r over the holding period H (holding_hours): the horizon a position is expected to be kept.
// The fallback's 24h expected return enters the same way (e_24 / 24 · H).
//
// Costs. Entering and later leaving a position each pay a fee (maker for the share of orders expected to rest,
// taker for the rest), half the spread and slippage: round trip = 2 · (fee + half-spread + slippage). A position
// is worth taking only when gross alpha exceeds that plus min_net_return, i.e. when net alpha > min_net_return.
import type { Regime } from '../domain/universe.js';
import { FEATURE_COUNT, FEATURE_INDEX } from '../features/feature-set.js';
import { DEFAULT_FALLBACK_PARAMS, fallbackExpectedReturn, type FallbackParams } from './fallback.js';

export interface CostParams {
  readonly takerFee: number;
  readonly makerFee: number;
  /** Share of orders expected to fill as maker (resting limit orders), in [0, 1]. */
  readonly makerShare: number;
  /** Half the quoted spread, in basis points: the cost of crossing to the touch. */
  readonly halfSpreadBps: number;
  readonly slippageBps: number;
}

export interface AlphaParams {
  /** Weight of the 6h model per regime; the 24h model gets 1 − weight. */
  readonly weight6h: Readonly<Record<Regime, number>>;
  /** Bars a position is expected to be held: the horizon gross alpha is measured over. */
  readonly holdingBars: number;
  readonly cost: CostParams;
  /** Net alpha an asset must exceed to be held (fraction; 0 = any positive edge after costs). */
  readonly minNetReturn: number;
  readonly fallback: FallbackParams;
}

/** Predictions of one model for every asset of a decision, in the model's target units; NaN = not scored. */
export type Predictions = Float64Array;

export interface AlphaInput {
  /** assets × FEATURE_COUNT feature rows (UniverseFeatures.values); NaN rows are not scored. */
  readonly features: Float64Array;
  readonly regime: Regime;
  /** Model predictions, or undefined when that model is missing or refused. */
  readonly pred6h?: Predictions | undefined;
  readonly pred24h?: Predictions | undefined;
  /** Per-asset half-spread in bps when known from the quote (one tick on Roostoo); else cost.halfSpreadBps. */
  readonly halfSpreadBps?: Float64Array | undefined;
}

export type AlphaSource = 'models' | 'model-6h' | 'model-24h' | 'fallback';

export interface AlphaOutput {
  /** Expected log return over the holding period, before costs. NaN: not scored. */
  readonly gross: Float64Array;
  /** gross − round-trip cost. NaN: not scored. */
  readonly net: Float64Array;
  /** Whether the asset clears min_net_return. */
  readonly tradable: Uint8Array;
  readonly source: AlphaSource;
}

const RVOL_24 = FEATURE_INDEX.rvol_24;

/** Round-trip cost as a fraction of traded value. */
export function roundTripCost(c: CostParams, halfSpreadBps = c.halfSpreadBps): number {
  const fee = c.makerShare * c.makerFee + (1 - c.makerShare) * c.takerFee;
  return 2 * (fee + (halfSpreadBps + c.slippageBps) / 10_000);
}

/** A model's prediction as an expected log return per bar. */
export function perBarReturn(prediction: number, rvol24: number, horizonBars: number): number {
  return (prediction * rvol24 * Math.sqrt(horizonBars)) / horizonBars;
}

export function scoreAlpha(input: AlphaInput, p: AlphaParams): AlphaOutput {
  const n = input.features.length / FEATURE_COUNT;
  const gross = new Float64Array(n);
  const net = new Float64Array(n);
  const tradable = new Uint8Array(n);
  const { pred6h, pred24h } = input;
  const source: AlphaSource =
    pred6h !== undefined && pred24h !== undefined
      ? 'models'
      : pred6h !== undefined
        ? 'model-6h'
        : pred24h !== undefined
          ? 'model-24h'
          : 'fallback';
  const w = source === 'models' ? p.weight6h[input.regime] : source === 'model-6h' ? 1 : 0;
  for (let a = 0; a < n; a++) {
    const off = a * FEATURE_COUNT;
    const vol = input.features[off + RVOL_24] as number;
    let rate: number;
    if (source === 'fallback') {
      rate = fallbackExpectedReturn(input.features, off, p.fallback) / p.fallback.longBars;
    } else {
      const r6 = pred6h === undefined ? 0 : perBarReturn(pred6h[a] as number, vol, 6);
      const r24 = pred24h === undefined ? 0 : perBarReturn(pred24h[a] as number, vol, 24);
      rate = w * r6 + (1 - w) * r24;
    }
    const g = rate * p.holdingBars;
    const cost = roundTripCost(p.cost, input.halfSpreadBps?.[a] ?? p.cost.halfSpreadBps);
    gross[a] = g;
    net[a] = g - cost;
    tradable[a] = g - cost > p.minNetReturn ? 1 : 0;
  }
  return { gross, net, tradable, source };
}

export const DEFAULT_COST_PARAMS: CostParams = {
  takerFee: 0.001,
  makerFee: 0.0005,
  makerShare: 0.5,
  halfSpreadBps: 1,
  slippageBps: 5,
};

export { DEFAULT_FALLBACK_PARAMS };
