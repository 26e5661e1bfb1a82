// The feature matrix of a universe over history: one row per asset per decision time, as `algobot features`
// exports it and the trainer will read it. Rows are the same streaming code folded over each asset's bars
// (computeFeatures), keyed by the decision time (the bar's close), filtered after warm-up, so the export is
// exactly what the live bot would have computed at each of those times.
import type { CandleSeries } from '../data/candles.js';
import { FEATURE_COUNT, computeFeatures } from './feature-set.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from './params.js';
import type { Tier } from './types.js';

export interface DatasetAsset {
  readonly coin: string;
  readonly tier: Tier;
  readonly series: CandleSeries;
}

export interface FeatureDataset {
  /** Decision time of each row: the close of the bar the row was computed at (open + interval), UTC ms. */
  readonly time: Float64Array;
  /** Index into `coins` of each row's asset. */
  readonly asset: Uint16Array;
  readonly coins: readonly string[];
  /** rows × FEATURE_COUNT, row-major. Every value finite. */
  readonly data: Float64Array;
  readonly rows: number;
}

export interface DatasetRange {
  /** First decision time kept (inclusive), UTC ms. */
  readonly from?: number | undefined;
  /** Last decision time kept (inclusive), UTC ms. */
  readonly to?: number | undefined;
}

/**
 * Rows sorted by decision time, then by asset in the given order. A row is kept only when all its features are
 * finite (past every feature's warm-up). History before `from` still feeds the warm-up: the range filters rows,
 * never the input bars.
 */
export function buildFeatureDataset(
  assets: readonly DatasetAsset[],
  range: DatasetRange = {},
  params: FeatureParams = DEFAULT_FEATURE_PARAMS,
): FeatureDataset {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const per = assets.map((a) => ({
    m: computeFeatures(a.series, a.tier, params),
    step: a.series.intervalMs,
  }));
  type Ref = { t: number; a: number; i: number };
  const refs: Ref[] = [];
  per.forEach(({ m, step }, a) => {
    for (let i = 0; i < m.rows; i++) {
      const t = (m.time[i] as number) + step;
      if (t < from || t > to) continue;
      if (rowIsFinite(m.data, i * FEATURE_COUNT)) refs.push({ t, a, i });
    }
  });
  refs.sort((x, y) => x.t - y.t || x.a - y.a);
  const time = new Float64Array(refs.length);
  const asset = new Uint16Array(refs.length);
  const data = new Float64Array(refs.length * FEATURE_COUNT);
  refs.forEach((r, k) => {
    time[k] = r.t;
    asset[k] = r.a;
    const src = (per[r.a] as (typeof per)[number]).m.data;
    data.set(src.subarray(r.i * FEATURE_COUNT, (r.i + 1) * FEATURE_COUNT), k * FEATURE_COUNT);
  });
  return { time, asset, coins: assets.map((a) => a.coin), data, rows: refs.length };
}

function rowIsFinite(data: Float64Array, off: number): boolean {
  for (let j = 0; j < FEATURE_COUNT; j++) if (!Number.isFinite(data[off + j])) return false;
  return true;
}
