// Model training: a histogram-based gradient-boosted tree learner in the manner of LightGBM (binning,
// leaf-wise growth, histogram subtraction, NaN direction learning, bagging, feature fraction, early stopping)
// that writes LightGBM's text format. Pure: arrays in, a model and its text out.
export { type BinMapper, findBins, valueToBin } from './binning.js';
export {
  type GbdtModel,
  type TrainingSet,
  type TrainOptions,
  type ValidationSet,
  trainGbdt,
} from './gbdt.js';
export { formatG6, gainImportance, modelToString, splitImportance } from './model-text.js';
export {
  DEFAULT_TRAIN_PARAMS,
  PARAM_NAMES,
  ParamError,
  type ObjectiveName,
  type TrainParams,
  lightGbmParameterLines,
  parseTrainParams,
} from './params.js';
export { predictRaw } from './predict.js';
export { SeededRandom } from './random.js';
export type { TrainedTree } from './tree.js';
