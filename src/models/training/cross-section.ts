// Cross-sectional transforms: what the model sees is where an asset stands among the others at the same
// decision time, not the level of its features, and what it predicts is its return relative to theirs. These
// are part of the feature pipeline: the model card names them and the live bot must apply the same function
// to each hour's assets × features matrix before predicting (`transformCrossSection` on that block).
import { FEATURE_INDEX } from '../../features/feature-set.js';

export const FEATURE_TRANSFORMS = ['none', 'rank', 'zscore'] as const;
export type FeatureTransform = (typeof FEATURE_TRANSFORMS)[number];

/** tier is an identity, not a level: it is left as it is. */
const KEEP = new Set<number>([FEATURE_INDEX.tier]);

/**
 * Transforms rows [begin, end) of a row-major matrix (`width` columns) in place, column by column:
 * rank → the average rank among the rows scaled to [−0.5, 0.5] (0 for a single row); zscore → (x − mean) / σ
 * (population σ; 0 when σ = 0). NaN stays NaN and is left out of the ranks and moments.
 */
export function transformCrossSection(
  data: Float64Array,
  width: number,
  begin: number,
  end: number,
  kind: FeatureTransform,
): void {
  if (kind === 'none') return;
  const idx: number[] = [];
  for (let j = 0; j < width; j++) {
    if (KEEP.has(j)) continue;
    idx.length = 0;
    for (let r = begin; r < end; r++) if (!Number.isNaN(data[r * width + j])) idx.push(r);
    const n = idx.length;
    if (kind === 'zscore') {
      let s = 0;
      for (const r of idx) s += data[r * width + j] as number;
      const mean = n > 0 ? s / n : 0;
      let v = 0;
      for (const r of idx) v += ((data[r * width + j] as number) - mean) ** 2;
      const sd = n > 0 ? Math.sqrt(v / n) : 0;
      for (const r of idx) data[r * width + j] = sd > 0 ? ((data[r * width + j] as number) - mean) / sd : 0;
      continue;
    }
    idx.sort((a, b) => (data[a * width + j] as number) - (data[b * width + j] as number));
    const rank = new Float64Array(n);
    for (let k = 0; k < n;) {
      let e = k + 1;
      while (e < n && data[(idx[e] as number) * width + j] === data[(idx[k] as number) * width + j]) e++;
      const avg = (k + e - 1) / 2; // ties share their average rank
      for (let q = k; q < e; q++) rank[q] = avg;
      k = e;
    }
    for (let k = 0; k < n; k++)
      data[(idx[k] as number) * width + j] = n > 1 ? (rank[k] as number) / (n - 1) - 0.5 : 0;
  }
}

/** y minus its mean over the rows of each decision time that have one (NaN stays NaN). */
export function demeanByTime(y: Float64Array, groups: Int32Array): Float64Array {
  const out = new Float64Array(y.length);
  for (let g = 0; g + 1 < groups.length; g++) {
    const b = groups[g] as number;
    const e = groups[g + 1] as number;
    let s = 0;
    let n = 0;
    for (let r = b; r < e; r++) {
      const v = y[r] as number;
      if (!Number.isNaN(v)) {
        s += v;
        n++;
      }
    }
    const mean = n > 0 ? s / n : 0;
    for (let r = b; r < e; r++) out[r] = (y[r] as number) - mean;
  }
  return out;
}
