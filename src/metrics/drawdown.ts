// Maximum drawdown of an equity series, with the dates that tell its story: the peak it fell from, the trough,
// and the first time equity was back at the peak (undefined while it has not recovered).
import type { EquitySeries } from './series.js';

export interface MaxDrawdown {
  /** Largest fall from a running peak, a fraction in [0, 1): 0.1 = −10 %. 0 for a series that never fell. */
  readonly depth: number;
  /** Time of the peak before the deepest trough (undefined when depth is 0). */
  readonly peakTime: number | undefined;
  readonly troughTime: number | undefined;
  /** First time at or after the trough with equity ≥ the peak; undefined if never. */
  readonly recoveryTime: number | undefined;
}

/** Drawdown at each point: 1 − E_t / max(E_0..E_t). */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const dd = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i] as number;
    peak = Math.max(peak, e);
    dd[i] = 1 - e / peak;
  }
  return dd;
}

export function maxDrawdown(s: EquitySeries): MaxDrawdown {
  let peakIdx = 0;
  let depth = 0;
  let bestPeak = -1;
  let trough = -1;
  for (let i = 0; i < s.equity.length; i++) {
    const e = s.equity[i] as number;
    if (e > (s.equity[peakIdx] as number)) peakIdx = i;
    const d = 1 - e / (s.equity[peakIdx] as number);
    if (d > depth) {
      depth = d;
      bestPeak = peakIdx;
      trough = i;
    }
  }
  if (trough < 0) return { depth: 0, peakTime: undefined, troughTime: undefined, recoveryTime: undefined };
  const peakValue = s.equity[bestPeak] as number;
  let recoveryTime: number | undefined;
  for (let i = trough + 1; i < s.equity.length; i++) {
    if ((s.equity[i] as number) >= peakValue) {
      recoveryTime = s.time[i];
      break;
    }
  }
  return { depth, peakTime: s.time[bestPeak], troughTime: s.time[trough], recoveryTime };
}
