// Feature importance computed from the trees, as LightGBM's GBDT::FeatureImportance does it: a split counts
// only when its gain is positive; gains are the float32 values stored in the trees, summed in double in file
// order (so the totals equal Booster.feature_importance('gain') exactly).
import type { LightGbmModel } from './model.js';

export interface FeatureImportance {
  readonly index: number;
  readonly name: string;
  /** Number of splits on the feature (importance_type "split"). */
  readonly splits: number;
  /** Total gain of those splits (importance_type "gain"). */
  readonly gain: number;
}

/** Importance per feature, in model feature order, over the first `numIteration` iterations (all when ≤ 0). */
export function featureImportance(model: LightGbmModel, numIteration = 0): FeatureImportance[] {
  const splits = new Float64Array(model.maxFeatureIdx + 1);
  const gain = new Float64Array(model.maxFeatureIdx + 1);
  const usedTrees =
    numIteration > 0
      ? Math.min(numIteration * model.numTreePerIteration, model.trees.length)
      : model.trees.length;
  for (let t = 0; t < usedTrees; t++) {
    const tree = model.trees[t];
    if (tree === undefined) break;
    for (let n = 0; n < tree.numLeaves - 1; n++) {
      const g = tree.splitGain[n] as number;
      if (g > 0) {
        const f = tree.splitFeature[n] as number;
        splits[f] = (splits[f] as number) + 1;
        gain[f] = (gain[f] as number) + g;
      }
    }
  }
  return model.featureNames.map((name, index) => ({
    index,
    name,
    splits: splits[index] as number,
    gain: gain[index] as number,
  }));
}
