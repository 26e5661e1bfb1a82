// The training set of the 6h and 24h models: the bot's own feature rows (buildFeatureDataset: the very values
// the live bot computes, one row per asset per decision time) and, per row, the forward return it is asked to
// predict, in units of the asset's own volatility:
//
//   target_h(t) = ln(close[t + h] / close[t]) / (rvol_24[t] · √h)
//
// t is the decision time (the close of the row's bar), close[t + h] the close h bars later (exactly h·interval
// later: a gap in the candles leaves no target), rvol_24 the row's 1-bar volatility feature, √h scales it to
// the horizon. So a target is a t-statistic, comparable across BTC and a meme coin; ~N(0, 1) without signal.
// Rows whose window reaches past the data (or with rvol_24 = 0) get NaN and are left out of that model.
import type { CandleSeries } from '../../data/candles.js';
import { type DatasetAsset, type FeatureDataset, buildFeatureDataset } from '../../features/dataset.js';
import { FEATURE_INDEX } from '../../features/feature-set.js';
import type { DatasetRange } from '../../features/dataset.js';

export interface LabelledDataset {
  readonly features: FeatureDataset;
  readonly intervalMs: number;
  /** Per horizon (bars): the vol-normalised forward log return of each row, NaN when unknown. */
  readonly targets: ReadonlyMap<number, Float64Array>;
  /** Per horizon: the plain forward log return (for portfolio returns net of costs). */
  readonly returns: ReadonlyMap<number, Float64Array>;
}

export function buildLabelledDataset(
  assets: readonly DatasetAsset[],
  horizons: readonly number[],
  range: DatasetRange = {},
): LabelledDataset {
  const features = buildFeatureDataset(assets, range);
  const intervalMs = assets[0]?.series.intervalMs ?? 0;
  const index = assets.map((a) => barIndex(a.series));
  const targets = new Map<number, Float64Array>();
  const returns = new Map<number, Float64Array>();
  const width = features.data.length / Math.max(1, features.rows);
  for (const h of horizons) {
    const target = new Float64Array(features.rows);
    const ret = new Float64Array(features.rows);
    for (let r = 0; r < features.rows; r++) {
      const a = features.asset[r] as number;
      const s = (assets[a] as DatasetAsset).series;
      const open = (features.time[r] as number) - s.intervalMs;
      const i = index[a]?.get(open);
      const j = index[a]?.get(open + h * s.intervalMs);
      const vol = features.data[r * width + FEATURE_INDEX.rvol_24] as number;
      if (i === undefined || j === undefined || !(vol > 0)) {
        target[r] = NaN;
        ret[r] = NaN;
        continue;
      }
      const lr = Math.log((s.close[j] as number) / (s.close[i] as number));
      ret[r] = lr;
      target[r] = lr / (vol * Math.sqrt(h));
    }
    targets.set(h, target);
    returns.set(h, ret);
  }
  return { features, intervalMs, targets, returns };
}

function barIndex(s: CandleSeries): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < s.length; i++) m.set(s.time[i] as number, i);
  return m;
}

/** [start, end) row ranges of each decision time; rows are sorted by time (buildFeatureDataset's order). */
export function timeGroups(time: Float64Array): Int32Array {
  const starts: number[] = [];
  for (let r = 0; r < time.length; r++) if (r === 0 || time[r] !== time[r - 1]) starts.push(r);
  starts.push(time.length);
  return Int32Array.from(starts);
}
