// Public surface of the features module.
export {
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  FeatureSet,
  computeFeatures,
  createFeatureCalculators,
  featureColumn,
  foldSeries,
  forEachBar,
  type FeatureMatrix,
  type FeatureName,
} from './feature-set.js';
export { DEFAULT_FEATURE_PARAMS, checkFeatureParams, type FeatureParams } from './params.js';
export type { BarCalculator, FeatureBar, Tier } from './types.js';
export { UniverseFeatures, type FeatureAsset } from './universe-features.js';
