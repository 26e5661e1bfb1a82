// The reference predictor: a plain walk of each tree, written to mirror LightGBM's tree.h (NumericalDecision,
// CategoricalDecision, GetLeaf, Predict with linear leaves) and gbdt_prediction.cpp (PredictRaw, Predict,
// PredictLeafIndex) statement for statement. Slow and obvious on purpose: the compiled fast path is tested
// against it.
import type { LightGbmModel, Tree } from './model.js';
import { CATEGORICAL_MASK, DEFAULT_LEFT_MASK, MISSING_NAN, MISSING_ZERO, ZERO_THRESHOLD } from './model.js';
import { convertOutput } from './objective.js';

export interface IterationOptions {
  /** First boosting iteration to use (default 0). */
  readonly startIteration?: number | undefined;
  /** How many iterations to use; ≤ 0 or absent means all from startIteration on. */
  readonly numIteration?: number | undefined;
}

export interface IterationRange {
  readonly start: number;
  readonly count: number;
}

/** LightGBM's GBDT::InitPredict: clamps the start into the model and the count to what remains. */
export function iterationRange(model: LightGbmModel, options: IterationOptions = {}): IterationRange {
  const total = model.numIterations;
  const start = Math.min(Math.max(options.startIteration ?? 0, 0), total);
  const num = options.numIteration ?? 0;
  return { start, count: num > 0 ? Math.min(num, total - start) : total - start };
}

/**
 * A row as LightGBM sees it after parsing: values with |v| <= kZeroThreshold become 0.0 (the parsers drop them
 * as sparse zeros). `row` is in model feature order.
 */
export function prepareRow(row: ArrayLike<number>, numFeatures: number): Float64Array {
  const x = new Float64Array(numFeatures);
  for (let i = 0; i < numFeatures; i++) {
    const v = row[i] ?? NaN;
    x[i] = Math.abs(v) <= ZERO_THRESHOLD ? 0 : v;
  }
  return x;
}

function isZero(v: number): boolean {
  return v >= -ZERO_THRESHOLD && v <= ZERO_THRESHOLD;
}

function numericalDecision(tree: Tree, fval: number, node: number): number {
  const decision = tree.decisionType[node] as number;
  const missingType = (decision >> 2) & 3;
  if (Number.isNaN(fval) && missingType !== MISSING_NAN) fval = 0;
  if ((missingType === MISSING_ZERO && isZero(fval)) || (missingType === MISSING_NAN && Number.isNaN(fval))) {
    return (decision & DEFAULT_LEFT_MASK) !== 0
      ? (tree.leftChild[node] as number)
      : (tree.rightChild[node] as number);
  }
  return fval <= (tree.threshold[node] as number)
    ? (tree.leftChild[node] as number)
    : (tree.rightChild[node] as number);
}

/**
 * static_cast<int>(fval) as x86-64 does it (cvttsd2si): truncation toward zero, and INT_MIN for NaN and for
 * anything outside the int range. So NaN, values ≤ -1 and values ≥ 2^31 all come out negative.
 */
export function castToInt(fval: number): number {
  return fval > -1 && fval < 2147483648 ? Math.trunc(fval) : -2147483648;
}

function categoricalDecision(tree: Tree, fval: number, node: number): number {
  const missingType = ((tree.decisionType[node] as number) >> 2) & 3;
  let intFval = castToInt(fval);
  if (intFval < 0) return tree.rightChild[node] as number;
  if (Number.isNaN(fval)) {
    // Unreachable on x86-64 (NaN casts to INT_MIN above), kept to mirror tree.h.
    if (missingType === MISSING_NAN) return tree.rightChild[node] as number;
    intFval = 0;
  }
  const catIdx = tree.threshold[node] as number;
  const begin = tree.catBoundaries[catIdx] as number;
  const words = (tree.catBoundaries[catIdx + 1] as number) - begin;
  const word = intFval >>> 5;
  if (word < words && (((tree.catThreshold[begin + word] as number) >>> (intFval & 31)) & 1) === 1) {
    return tree.leftChild[node] as number;
  }
  return tree.rightChild[node] as number;
}

/** Tree::GetLeaf; x must be a prepared row. */
export function leafIndex(tree: Tree, x: Float64Array): number {
  if (tree.numLeaves <= 1) return 0;
  let node = 0;
  while (node >= 0) {
    const fval = x[tree.splitFeature[node] as number] as number;
    node =
      tree.numCat > 0 && ((tree.decisionType[node] as number) & CATEGORICAL_MASK) !== 0
        ? categoricalDecision(tree, fval, node)
        : numericalDecision(tree, fval, node);
  }
  return ~node;
}

/** Tree::Predict, linear leaves included: a NaN among a leaf's features falls back to its leaf_value. */
export function treeOutput(tree: Tree, x: Float64Array): number {
  const leaf = leafIndex(tree, x);
  const linear = tree.linear;
  if (linear === undefined) return tree.leafValue[leaf] as number;
  let output = linear.leafConst[leaf] as number;
  const features = linear.leafFeatures[leaf] as Int32Array;
  const coeff = linear.leafCoeff[leaf] as Float64Array;
  for (let i = 0; i < features.length; i++) {
    const v = x[features[i] as number] as number;
    if (Number.isNaN(v)) return tree.leafValue[leaf] as number;
    output += (coeff[i] as number) * v;
  }
  return output;
}

/** Raw scores (one per class): the sum of tree outputs in file order, from 0.0. `row` in model feature order. */
export function predictRawReference(
  model: LightGbmModel,
  row: ArrayLike<number>,
  options: IterationOptions = {},
): Float64Array {
  const k = model.numTreePerIteration;
  const x = prepareRow(row, model.maxFeatureIdx + 1);
  const { start, count } = iterationRange(model, options);
  const out = new Float64Array(k);
  for (let i = start; i < start + count; i++) {
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) + treeOutput(model.trees[i * k + c] as Tree, x);
  }
  return out;
}

/** GBDT::Predict: raw scores, averaged in random-forest mode, then the objective's transform. */
export function predictReference(
  model: LightGbmModel,
  row: ArrayLike<number>,
  options: IterationOptions = {},
): Float64Array {
  const out = predictRawReference(model, row, options);
  const k = model.numTreePerIteration;
  if (model.averageOutput) {
    const { count } = iterationRange(model, options);
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) / count;
  }
  convertOutput(model.objective, out, 0, k);
  return out;
}

/** GBDT::PredictLeafIndex: the leaf each used tree sends the row to, in file order. */
export function predictLeavesReference(
  model: LightGbmModel,
  row: ArrayLike<number>,
  options: IterationOptions = {},
): Int32Array {
  const k = model.numTreePerIteration;
  const x = prepareRow(row, model.maxFeatureIdx + 1);
  const { start, count } = iterationRange(model, options);
  const out = new Int32Array(count * k);
  for (let t = 0; t < count * k; t++) out[t] = leafIndex(model.trees[start * k + t] as Tree, x);
  return out;
}
