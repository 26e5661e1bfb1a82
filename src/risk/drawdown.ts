// Drawdown exposure scaling as plain data and a pure function: (state, equity) → state.
//
// drawdown d = 1 − equity / peak, peak = the highest equity observed (the first observation starts it: never a
// configured starting capital, which would show a drawdown at start-up whenever the wallet holds less).
//
//   level 2 (hard): exposure × hardExposure   entered when d ≥ hard,  left when d < recoveryRatio × hard
//   level 1 (soft): exposure × softExposure   entered when d ≥ soft,  left when d < recoveryRatio × soft
//   level 0:        exposure × 1
//
// Escalation is immediate; each level is kept until the drawdown is below recoveryRatio × its entry threshold
// (defaults: hard 10 % → soft again below 5 %; soft 5 % → full again below 2.5 %). Without the bands, equity
// hovering around 5 % drawdown would halve and restore the book every hour, paying fees both ways. Halving the
// entry threshold asks for half the loss to be made back before risk is restored: more than noise, and reachable.
import type { DrawdownParams } from './params.js';

export type DrawdownLevel = 0 | 1 | 2;

export interface DrawdownState {
  /** Highest equity observed; NaN before the first observation. */
  readonly peak: number;
  readonly level: DrawdownLevel;
  /** Drawdown at the last observation, fraction in [0, 1]. */
  readonly drawdown: number;
}

export const INITIAL_DRAWDOWN_STATE: DrawdownState = { peak: NaN, level: 0, drawdown: 0 };

/** Updates the peak, the drawdown and the level with one equity observation (> 0; others are ignored). */
export function updateDrawdown(s: DrawdownState, equity: number, p: DrawdownParams): DrawdownState {
  if (!(equity > 0 && Number.isFinite(equity))) return s;
  const peak = Number.isNaN(s.peak) ? equity : Math.max(s.peak, equity);
  const d = 1 - equity / peak;
  const entered: DrawdownLevel = d >= p.hard ? 2 : d >= p.soft ? 1 : 0;
  const kept: DrawdownLevel = d >= p.recoveryRatio * p.hard ? 2 : d >= p.recoveryRatio * p.soft ? 1 : 0;
  const level = Math.max(entered, Math.min(s.level, kept)) as DrawdownLevel;
  return { peak, level, drawdown: d };
}

/** The factor applied to every target weight at this level. */
export function exposureScale(s: DrawdownState, p: DrawdownParams): number {
  return s.level === 2 ? p.hardExposure : s.level === 1 ? p.softExposure : 1;
}
