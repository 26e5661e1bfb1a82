// A trained tree in LightGBM's own layout (Tree in LightGBM's tree.h): internal nodes 0 … numLeaves−2, children
// ≥ 0 are nodes and < 0 are leaves encoded as ~leaf, node i's split created leaf numLeaves at the time. Kept in
// this layout so that writing the text format is a direct dump and the file's leaf indices are ours.

/** decision_type bits, as LightGBM writes them. */
export const DEFAULT_LEFT_BIT = 2;
export const MISSING_NAN_BITS = 2 << 2;

export interface TrainedTree {
  numLeaves: number;
  /** Per internal node: the feature's column index in the training data. */
  readonly splitFeature: Int32Array;
  /** float32, as LightGBM stores gains. */
  readonly splitGain: Float32Array;
  /** Go left when value <= threshold (the upper bound of the split bin). */
  readonly threshold: Float64Array;
  /** Bin index of the threshold, for predicting on binned data. */
  readonly thresholdBin: Int32Array;
  readonly decisionType: Uint8Array;
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  readonly leafValue: Float64Array;
  readonly leafWeight: Float64Array;
  readonly leafCount: Int32Array;
  readonly internalValue: Float64Array;
  readonly internalWeight: Float64Array;
  readonly internalCount: Int32Array;
  shrinkage: number;
}

export function createTree(maxLeaves: number): TrainedTree {
  const n = Math.max(1, maxLeaves - 1);
  return {
    numLeaves: 1,
    splitFeature: new Int32Array(n),
    splitGain: new Float32Array(n),
    threshold: new Float64Array(n),
    thresholdBin: new Int32Array(n),
    decisionType: new Uint8Array(n),
    leftChild: new Int32Array(n),
    rightChild: new Int32Array(n),
    leafValue: new Float64Array(maxLeaves),
    leafWeight: new Float64Array(maxLeaves),
    leafCount: new Int32Array(maxLeaves),
    internalValue: new Float64Array(n),
    internalWeight: new Float64Array(n),
    internalCount: new Int32Array(n),
    shrinkage: 1,
  };
}

/** LightGBM's MaybeRoundToZero: outputs this close to zero are written as 0. */
function roundToZero(v: number): number {
  return Math.abs(v) <= 1e-35 ? 0 : v;
}

/** Multiplies every output by `rate` (Tree::Shrinkage). */
export function shrinkTree(t: TrainedTree, rate: number): void {
  for (let i = 0; i < t.numLeaves; i++) t.leafValue[i] = roundToZero((t.leafValue[i] as number) * rate);
  for (let i = 0; i < t.numLeaves - 1; i++) {
    t.internalValue[i] = roundToZero((t.internalValue[i] as number) * rate);
  }
  t.shrinkage *= rate;
}

/** Adds the starting score to every output (Tree::AddBias, used for boost_from_average); shrinkage becomes 1. */
export function addBias(t: TrainedTree, bias: number): void {
  for (let i = 0; i < t.numLeaves; i++) t.leafValue[i] = roundToZero((t.leafValue[i] as number) + bias);
  for (let i = 0; i < t.numLeaves - 1; i++) {
    t.internalValue[i] = roundToZero((t.internalValue[i] as number) + bias);
  }
  t.shrinkage = 1;
}

/** The leaf a row of raw values (row-major, `offset` = start of the row) falls in. */
export function leafOfRow(t: TrainedTree, x: ArrayLike<number>, offset: number): number {
  if (t.numLeaves <= 1) return 0;
  let node = 0;
  while (node >= 0) {
    let v = x[offset + (t.splitFeature[node] as number)] as number;
    const dt = t.decisionType[node] as number;
    let left: boolean;
    if (v !== v && (dt & MISSING_NAN_BITS) !== 0) left = (dt & DEFAULT_LEFT_BIT) !== 0;
    else {
      if (v !== v) v = 0;
      left = v <= (t.threshold[node] as number);
    }
    node = left ? (t.leftChild[node] as number) : (t.rightChild[node] as number);
  }
  return ~node;
}
