// LightGBM text models: a reader and predictors exact to LightGBM itself, in plain TypeScript.
// parseModel → LightGbmModel (plain data) → compileModel (flattened typed arrays) → createBatchPredictor
// (generated code, the fast path). predict-reference.ts is the readable specification both are tested against.
export type { LightGbmModel, LinearLeaves, Tree } from './model.js';
export { ZERO_THRESHOLD } from './model.js';
export type { Objective, Transform } from './objective.js';
export { convertOutput, parseObjective } from './objective.js';
export { parseModel } from './parse.js';
export type { FeatureBinding } from './features.js';
export { bindFeatures } from './features.js';
export type { IterationOptions, IterationRange } from './predict-reference.js';
export {
  iterationRange,
  predictLeavesReference,
  predictRawReference,
  predictReference,
} from './predict-reference.js';
export type { CompiledModel, OutputKind } from './compile.js';
export { compileModel, predictBatch, predictLeavesBatch } from './compile.js';
export type { BatchOptions, BatchPredictor } from './codegen.js';
export { createBatchPredictor } from './codegen.js';
export type { FeatureImportance } from './importance.js';
export { featureImportance } from './importance.js';
export { formatG17 } from './format.js';
export type { FeatureBatch } from './csv-features.js';
export { FeatureCsvReader } from './csv-features.js';
