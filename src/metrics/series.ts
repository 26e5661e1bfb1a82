// Equity series: parallel arrays of times (UTC epoch ms, increasing) and equity values (USD, > 0).
import { DAY_MS } from '../core/time.js';

export interface EquitySeries {
  readonly time: ArrayLike<number>;
  readonly equity: ArrayLike<number>;
}

/** Crypto trades every day: a year is 365 days, for CAGR and every annualisation (√365 for daily ratios). */
export const YEAR_MS = 365 * DAY_MS;
export const DAYS_PER_YEAR = 365;

/** Simple returns E_t / E_{t−1} − 1, one fewer than the points. */
export function simpleReturns(equity: ArrayLike<number>): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = (equity[i + 1] as number) / (equity[i] as number) - 1;
  return r;
}

/**
 * Equity at each 00:00 UTC from the first midnight at or after the first point to the last point: the value of
 * the last point at or before that midnight (carried forward over gaps). Points are marks at their time, so an
 * hourly bar opening at 23:00 is marked at 00:00 and counts for that midnight.
 */
export function dailyEquity(s: EquitySeries): { time: number[]; equity: number[] } {
  const time: number[] = [];
  const equity: number[] = [];
  const n = s.time.length;
  if (n === 0) return { time, equity };
  const first = s.time[0] as number;
  const last = s.time[n - 1] as number;
  let i = 0;
  for (let day = Math.ceil(first / DAY_MS) * DAY_MS; day <= last; day += DAY_MS) {
    while (i + 1 < n && (s.time[i + 1] as number) <= day) i++;
    time.push(day);
    equity.push(s.equity[i] as number);
  }
  return { time, equity };
}

/** Periods per year implied by the median spacing of the points (8760 for hourly, 365 for daily). */
export function periodsPerYear(time: ArrayLike<number>): number {
  const steps: number[] = [];
  for (let i = 1; i < time.length; i++) steps.push((time[i] as number) - (time[i - 1] as number));
  if (steps.length === 0) return NaN;
  steps.sort((a, b) => a - b);
  const mid = steps.length >> 1;
  const median =
    steps.length % 2 === 1
      ? (steps[mid] as number)
      : ((steps[mid - 1] as number) + (steps[mid] as number)) / 2;
  return YEAR_MS / median;
}
