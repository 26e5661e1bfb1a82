// The fast path: every tree flattened into shared typed arrays, walked by one tight loop. Node decisions are
// pre-digested into a kind per node, so the common numerical split costs two array reads and a comparison; the
// rarer kinds (zero-as-missing, categorical) take a slower branch with exactly the reference semantics.
// predict-reference.ts is the specification; compile.test.ts checks this against it on random rows.
import type { LightGbmModel, Tree } from './model.js';
import { CATEGORICAL_MASK, DEFAULT_LEFT_MASK, MISSING_NAN, MISSING_ZERO, ZERO_THRESHOLD } from './model.js';
import { convertOutput } from './objective.js';
import { type IterationOptions, iterationRange } from './predict-reference.js';

/** Node kinds. NaN-right and NaN-left numerical splits are the hot ones. */
const NUM_NAN_RIGHT = 0;
const NUM_NAN_LEFT = 1;
/** Missing type Zero: 0 (and NaN) go the default way; bit 0 holds whether that is left. */
const ZERO_MISSING_RIGHT = 2;
const ZERO_MISSING_LEFT = 3;
const CATEGORICAL = 4;

export interface CompiledModel {
  readonly model: LightGbmModel;
  readonly numFeatures: number;
  /** Outputs per row (classes for multiclass, else 1). */
  readonly numOutputs: number;
  readonly numIterations: number;
  /** Per tree: the first node (≥ 0), or ~leaf (global leaf index) for a one-leaf tree. */
  readonly root: Int32Array;
  /** Per tree: offset of its leaf 0 in the global leaf arrays. */
  readonly leafBase: Int32Array;
  /** Per tree: offset of its cat_threshold words in catWords. */
  readonly catBase: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Children: ≥ 0 global node index, < 0 ~(global leaf index). */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly kind: Uint8Array;
  /** Categorical nodes: offset and length (words) of the bitset in catWords. */
  readonly catStart: Int32Array;
  readonly catLength: Int32Array;
  readonly catWords: Uint32Array;
  readonly leafValue: Float64Array;
  /** Linear leaves: per tree 1 when linear; per global leaf its constant and [start, end) in linFeature/linCoeff. */
  readonly treeIsLinear: Uint8Array;
  readonly leafConst: Float64Array;
  readonly linStart: Int32Array;
  readonly linEnd: Int32Array;
  readonly linFeature: Int32Array;
  readonly linCoeff: Float64Array;
}

export function compileModel(model: LightGbmModel): CompiledModel {
  const trees = model.trees;
  let nodes = 0;
  let leaves = 0;
  let words = 0;
  let linTerms = 0;
  for (const t of trees) {
    nodes += t.numLeaves - 1;
    leaves += t.numLeaves;
    words += t.catThreshold.length;
    if (t.linear !== undefined) for (const f of t.linear.leafFeatures) linTerms += f.length;
  }
  const c = {
    model,
    numFeatures: model.maxFeatureIdx + 1,
    numOutputs: model.numTreePerIteration,
    numIterations: model.numIterations,
    root: new Int32Array(trees.length),
    leafBase: new Int32Array(trees.length),
    catBase: new Int32Array(trees.length),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    kind: new Uint8Array(nodes),
    catStart: new Int32Array(nodes),
    catLength: new Int32Array(nodes),
    catWords: new Uint32Array(words),
    leafValue: new Float64Array(leaves),
    treeIsLinear: new Uint8Array(trees.length),
    leafConst: new Float64Array(leaves),
    linStart: new Int32Array(leaves),
    linEnd: new Int32Array(leaves),
    linFeature: new Int32Array(linTerms),
    linCoeff: new Float64Array(linTerms),
  } satisfies CompiledModel;

  let nodeBase = 0;
  let leafBase = 0;
  let wordBase = 0;
  let termBase = 0;
  trees.forEach((t, ti) => {
    c.leafBase[ti] = leafBase;
    c.catBase[ti] = wordBase;
    c.root[ti] = t.numLeaves > 1 ? nodeBase : ~leafBase;
    const child = (v: number): number => (v >= 0 ? nodeBase + v : ~(leafBase + ~v));
    for (let n = 0; n < t.numLeaves - 1; n++) {
      const g = nodeBase + n;
      c.feature[g] = t.splitFeature[n] as number;
      c.threshold[g] = t.threshold[n] as number;
      c.left[g] = child(t.leftChild[n] as number);
      c.right[g] = child(t.rightChild[n] as number);
      c.kind[g] = nodeKind(t, n);
      if (c.kind[g] === CATEGORICAL) {
        const idx = t.threshold[n] as number;
        c.catStart[g] = wordBase + (t.catBoundaries[idx] as number);
        c.catLength[g] = (t.catBoundaries[idx + 1] as number) - (t.catBoundaries[idx] as number);
      }
    }
    c.catWords.set(t.catThreshold, wordBase);
    c.leafValue.set(t.leafValue, leafBase);
    if (t.linear !== undefined) {
      c.treeIsLinear[ti] = 1;
      c.leafConst.set(t.linear.leafConst, leafBase);
      for (let l = 0; l < t.numLeaves; l++) {
        const f = t.linear.leafFeatures[l] as Int32Array;
        c.linStart[leafBase + l] = termBase;
        c.linFeature.set(f, termBase);
        c.linCoeff.set(t.linear.leafCoeff[l] as Float64Array, termBase);
        termBase += f.length;
        c.linEnd[leafBase + l] = termBase;
      }
    }
    nodeBase += t.numLeaves - 1;
    leafBase += t.numLeaves;
    wordBase += t.catThreshold.length;
  });
  return c;
}

function nodeKind(t: Tree, n: number): number {
  const d = t.decisionType[n] as number;
  // A tree without num_cat is walked with NumericalDecision only, whatever its bits say (tree.h GetLeaf).
  if ((d & CATEGORICAL_MASK) !== 0 && t.numCat > 0) return CATEGORICAL;
  const missing = (d >> 2) & 3;
  const defaultLeft = (d & DEFAULT_LEFT_MASK) !== 0;
  if (missing === MISSING_ZERO) return defaultLeft ? ZERO_MISSING_LEFT : ZERO_MISSING_RIGHT;
  if (missing === MISSING_NAN) return defaultLeft ? NUM_NAN_LEFT : NUM_NAN_RIGHT;
  // Missing type None reads NaN as 0.0: it goes where 0 goes.
  return 0 <= (t.threshold[n] as number) ? NUM_NAN_LEFT : NUM_NAN_RIGHT;
}

/** The global leaf a prepared row reaches in tree t. */
export function compiledLeaf(c: CompiledModel, t: number, x: Float64Array, xOffset: number): number {
  const { feature, threshold, left, right, kind } = c;
  let n = c.root[t] as number;
  while (n >= 0) {
    const v = x[xOffset + (feature[n] as number)] as number;
    const k = kind[n] as number;
    if (k === NUM_NAN_RIGHT) n = v <= (threshold[n] as number) ? (left[n] as number) : (right[n] as number);
    else if (k === NUM_NAN_LEFT)
      n = v > (threshold[n] as number) ? (right[n] as number) : (left[n] as number);
    else n = slowDecision(c, n, k, v);
  }
  return ~n;
}

function slowDecision(c: CompiledModel, n: number, k: number, v: number): number {
  if (k === CATEGORICAL) {
    // static_cast<int> on x86-64: NaN, ≤ -1 and ≥ 2^31 become INT_MIN and go right; (-1, 0) truncates to 0.
    if (!(v > -1 && v < 2147483648)) return c.right[n] as number;
    const cat = v | 0;
    const word = cat >>> 5;
    if (
      word < (c.catLength[n] as number) &&
      (((c.catWords[(c.catStart[n] as number) + word] as number) >>> (cat & 31)) & 1) === 1
    ) {
      return c.left[n] as number;
    }
    return c.right[n] as number;
  }
  // Missing type Zero; rows are prepared, so a zero-band value is exactly 0 here.
  if (v === 0 || v !== v) return k === ZERO_MISSING_LEFT ? (c.left[n] as number) : (c.right[n] as number);
  return v <= (c.threshold[n] as number) ? (c.left[n] as number) : (c.right[n] as number);
}

function linearOutput(c: CompiledModel, leaf: number, x: Float64Array, xOffset: number): number {
  let out = c.leafConst[leaf] as number;
  for (let i = c.linStart[leaf] as number, end = c.linEnd[leaf] as number; i < end; i++) {
    const v = x[xOffset + (c.linFeature[i] as number)] as number;
    if (v !== v) return c.leafValue[leaf] as number;
    out += (c.linCoeff[i] as number) * v;
  }
  return out;
}

export type OutputKind = 'transformed' | 'raw';

/**
 * Predicts nRows rows of `features` (row-major, numFeatures values per row in model feature order) into `out`
 * (numOutputs values per row). `features` is modified: values in LightGBM's zero band are set to 0 first.
 */
export function predictBatch(
  c: CompiledModel,
  features: Float64Array,
  nRows: number,
  out: Float64Array,
  options: IterationOptions & { readonly output?: OutputKind } = {},
): void {
  const nf = c.numFeatures;
  const k = c.numOutputs;
  if (features.length < nRows * nf) throw new RangeError(`features holds fewer than ${nRows} rows of ${nf}`);
  if (out.length < nRows * k) throw new RangeError(`out holds fewer than ${nRows} rows of ${k} outputs`);
  prepareRows(features, nRows * nf);
  const { start, count } = iterationRange(c.model, options);
  const firstTree = start * k;
  const lastTree = (start + count) * k;
  const hasLinear = c.treeIsLinear.includes(1);
  out.fill(0, 0, nRows * k);
  for (let r = 0; r < nRows; r++) {
    const xo = r * nf;
    const oo = r * k;
    if (k === 1 && !hasLinear) {
      let sum = 0;
      for (let t = firstTree; t < lastTree; t++)
        sum += c.leafValue[compiledLeaf(c, t, features, xo)] as number;
      out[oo] = sum;
      continue;
    }
    for (let t = firstTree; t < lastTree; t++) {
      const leaf = compiledLeaf(c, t, features, xo);
      const value =
        c.treeIsLinear[t] === 1 ? linearOutput(c, leaf, features, xo) : (c.leafValue[leaf] as number);
      const o = oo + ((t - firstTree) % k);
      out[o] = (out[o] as number) + value;
    }
  }
  if (options.output === 'raw') return;
  const averaged = c.model.averageOutput;
  for (let r = 0; r < nRows; r++) {
    if (averaged) for (let o = r * k; o < r * k + k; o++) out[o] = (out[o] as number) / count;
    convertOutput(c.model.objective, out, r * k, k);
  }
}

/** Leaf index (within its tree) per used tree: nRows × (numIterationsUsed × numOutputs) into out. */
export function predictLeavesBatch(
  c: CompiledModel,
  features: Float64Array,
  nRows: number,
  out: Int32Array,
  options: IterationOptions = {},
): number {
  const nf = c.numFeatures;
  prepareRows(features, nRows * nf);
  const { start, count } = iterationRange(c.model, options);
  const firstTree = start * c.numOutputs;
  const nTrees = count * c.numOutputs;
  if (out.length < nRows * nTrees)
    throw new RangeError(`out holds fewer than ${nRows} rows of ${nTrees} leaves`);
  for (let r = 0; r < nRows; r++) {
    for (let i = 0; i < nTrees; i++) {
      const t = firstTree + i;
      out[r * nTrees + i] = compiledLeaf(c, t, features, r * nf) - (c.leafBase[t] as number);
    }
  }
  return nTrees;
}

/** LightGBM's parsers turn |v| <= kZeroThreshold into 0.0 (a dropped sparse entry). */
function prepareRows(x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v <= ZERO_THRESHOLD && v >= -ZERO_THRESHOLD) x[i] = 0;
  }
}
