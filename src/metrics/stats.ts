// Moments of a return series. Two-pass (mean first, then squared deviations) for accuracy: returns are small
// numbers whose squares lose digits in a one-pass sum.

export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

/** Standard deviation with `ddof` delta degrees of freedom: 1 = sample (n − 1), 0 = population (n). */
export function std(x: ArrayLike<number>, ddof: 0 | 1 = 1): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((x[i] as number) - m) ** 2;
  return Math.sqrt(ss / (n - ddof));
}

/**
 * Downside deviation below 0: sqrt(mean(min(r, 0)²)), the mean taken over every period (gains count as 0), as
 * Sortino defined it and as the competition's re-implementation computes it.
 */
export function downsideDeviation(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += Math.min(x[i] as number, 0) ** 2;
  return Math.sqrt(ss / x.length);
}
