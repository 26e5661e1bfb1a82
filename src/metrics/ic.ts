// Information coefficients: how well a score ranks the returns that followed. IC is Pearson's correlation of
// score and return; rank IC is Spearman's (Pearson of the ranks, ties given their average rank), which ignores
// the fat tails of crypto returns. Pairs where either value is NaN or infinite are left out (an asset not
// scored, or no return yet). Fewer than two pairs, or no variation in one of them, gives NaN.

function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>): [number[], number[]] {
  if (x.length !== y.length) throw new RangeError(`lengths differ: ${x.length} and ${y.length}`);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const u = x[i] as number;
    const v = y[i] as number;
    if (Number.isFinite(u) && Number.isFinite(v)) {
      a.push(u);
      b.push(v);
    }
  }
  return [a, b];
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  // Clamped: rounding can push a perfect correlation a hair past ±1.
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/** Ranks 1..n, ties sharing the average of the ranks they span. */
export function averageRanks(x: readonly number[]): number[] {
  const order = x.map((_, i) => i).sort((i, j) => (x[i] as number) - (x[j] as number));
  const ranks = new Array<number>(x.length);
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && x[order[end + 1] as number] === x[order[k] as number]) end++;
    const rank = (k + end) / 2 + 1;
    for (let m = k; m <= end; m++) ranks[order[m] as number] = rank;
    k = end + 1;
  }
  return ranks;
}

/** Pearson correlation (IC). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = finitePairs(x, y);
  return correlation(a, b);
}

/** Spearman rank correlation with average ranks for ties (rank IC). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = finitePairs(x, y);
  return correlation(averageRanks(a), averageRanks(b));
}
