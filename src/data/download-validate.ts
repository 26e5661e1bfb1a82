// Checks applied to downloaded bars before anything reaches a file: the exchange is an input like any other.
import { isoUtc } from '../core/time.js';
import { checkBarValues } from './bar-rules.js';
import type { Candle } from './candles.js';

/** A bar that breaks a rule, with the reason. */
export interface BarProblem {
  readonly index: number;
  readonly time: number;
  readonly reason: string;
}

/** The rules for one bar on its own: finite, positive prices, OHLC consistent, volume ≥ 0, aligned open time. */
export function barProblem(c: Candle, intervalMs: number): string | undefined {
  const { open, high, low, close, volume } = c;
  if (!Number.isSafeInteger(c.time) || c.time < 0) return `open time ${c.time} is not an epoch-ms integer`;
  if (c.time % intervalMs !== 0) return `open time is not aligned to the interval`;
  let first: string | undefined;
  checkBarValues(open, high, low, close, volume, (_kind, message) => (first ??= message));
  return first;
}

/**
 * First problem in a run of bars: a bad bar, or an open time not strictly after the previous one (a duplicate
 * or an unsorted row). `after` is the open time the first bar must exceed, when there is one.
 */
export function findBarProblem(
  bars: readonly Candle[],
  intervalMs: number,
  after?: number,
): BarProblem | undefined {
  let prev = after;
  for (let i = 0; i < bars.length; i++) {
    const c = bars[i] as Candle;
    const reason = barProblem(c, intervalMs);
    if (reason !== undefined) return { index: i, time: c.time, reason };
    if (prev !== undefined && c.time <= prev) {
      const reason =
        c.time === prev ? 'duplicate open time' : `open time before the previous bar's (${isoUtc(prev)}): unsorted`;
      return { index: i, time: c.time, reason };
    }
    prev = c.time;
  }
  return undefined;
}

export interface GapCount {
  /** Runs of missing bars. */
  readonly gaps: number;
  /** Missing bars in all runs together. */
  readonly missingBars: number;
}

/** Gaps in strictly increasing open times: where consecutive bars are more than one interval apart. */
export function countGaps(times: ArrayLike<number>, intervalMs: number): GapCount {
  let gaps = 0;
  let missingBars = 0;
  for (let i = 1; i < times.length; i++) {
    const step = (times[i] as number) - (times[i - 1] as number);
    if (step > intervalMs) {
      gaps++;
      missingBars += Math.round(step / intervalMs) - 1;
    }
  }
  return { gaps, missingBars };
}
