// The in-memory form of a LightGBM text model (format `version=v4`, as Booster.save_model and the CLI write it).
// Plain data: typed arrays per tree, exactly as the file lists them, so the reference predictor can mirror
// LightGBM's tree.h line by line and the compiler can flatten them.
import type { Objective } from './objective.js';

/** decision_type bits, as in LightGBM's tree.h. */
export const CATEGORICAL_MASK = 1;
export const DEFAULT_LEFT_MASK = 2;
/** Missing-value type, bits 2-3 of decision_type. */
export const MISSING_NONE = 0;
export const MISSING_ZERO = 1;
export const MISSING_NAN = 2;

/**
 * LightGBM's kZeroThreshold, declared `const double kZeroThreshold = 1e-35f;`: the float nearest 1e-35, widened.
 * Its parsers drop every input value with |v| <= this (the row is sparse, so it reads back as 0.0), and the
 * Zero missing type treats the same band as zero.
 */
export const ZERO_THRESHOLD = Math.fround(1e-35);

export interface LinearLeaves {
  /** Per leaf: the constant term. */
  readonly leafConst: Float64Array;
  /** Per leaf: raw feature indices of its linear model (may be empty). */
  readonly leafFeatures: readonly Int32Array[];
  /** Per leaf: coefficients, same length as leafFeatures[leaf]. */
  readonly leafCoeff: readonly Float64Array[];
}

export interface Tree {
  /** Position in the file (Tree=N). */
  readonly index: number;
  /** 1-based line of the `Tree=N` line, for messages. */
  readonly line: number;
  readonly numLeaves: number;
  readonly numCat: number;
  /** Internal nodes (numLeaves - 1 entries each). Children ≥ 0 are nodes, < 0 are leaves (~child). */
  readonly splitFeature: Int32Array;
  /** Split gains, stored as float32 by LightGBM (Math.fround of the printed value). */
  readonly splitGain: Float64Array;
  readonly threshold: Float64Array;
  readonly decisionType: Uint8Array;
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  /** Leaves (numLeaves entries). */
  readonly leafValue: Float64Array;
  readonly leafWeight: Float64Array | undefined;
  readonly leafCount: Int32Array | undefined;
  readonly internalValue: Float64Array | undefined;
  readonly internalWeight: Float64Array | undefined;
  readonly internalCount: Int32Array | undefined;
  /** Categorical splits: threshold[node] indexes cat_boundaries; the bitset words are catThreshold[b[i]..b[i+1]). */
  readonly catBoundaries: Int32Array;
  readonly catThreshold: Uint32Array;
  readonly linear: LinearLeaves | undefined;
  readonly shrinkage: number;
}

export interface LightGbmModel {
  /** The file name given to the parser, used in every message about this model. */
  readonly fileName: string;
  readonly version: string;
  readonly numClass: number;
  /** Trees per boosting iteration: numClass for multiclass, else 1. Tree i*K+k belongs to class k. */
  readonly numTreePerIteration: number;
  readonly labelIndex: number;
  readonly maxFeatureIdx: number;
  readonly objective: Objective;
  /** Random-forest mode: the prediction is the mean of the iterations, not their sum. */
  readonly averageOutput: boolean;
  readonly featureNames: readonly string[];
  /** Per feature: `[min:max]` for numerical, `a:b:c` category list for categorical, `none` when unused. */
  readonly featureInfos: readonly string[];
  readonly monotoneConstraints: readonly number[] | undefined;
  readonly trees: readonly Tree[];
  /** Whole iterations in the file (trees / numTreePerIteration). */
  readonly numIterations: number;
  /** The `feature_importances:` section as written (split counts or gains), in file order. */
  readonly savedImportances: readonly { readonly name: string; readonly value: number }[];
  /** The `parameters:` block: `[key: value]` lines, in file order. */
  readonly parameters: readonly { readonly key: string; readonly value: string }[];
  /** The `pandas_categorical:` JSON (null when absent or `null`). */
  readonly pandasCategorical: unknown;
}
