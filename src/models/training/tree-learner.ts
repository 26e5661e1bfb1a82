// Leaf-wise (best-first) growth of one regression tree on binned data, as LightGBM's SerialTreeLearner: keep the
// best split of every leaf, always split the leaf whose split gains most, stop at num_leaves or when no leaf has
// a split with positive gain. Only the smaller child's histogram is built from its rows; the larger child's is
// its parent's minus the smaller one's (histogram subtraction), which halves the work at every level.
//
// Rows live in one index array partitioned by leaf (each leaf a contiguous, ascending segment), so a leaf's
// histogram reads the bins and gradients of its rows in memory order.
import {
  type SplitInfo as SplitInfoType,
  SplitInfo,
  findBestThreshold,
  leafOutput,
  type SplitParams,
} from './split-finder.js';
import { createHistogramBuilder, type HistogramBuilder } from './histogram.js';
import { DEFAULT_LEFT_BIT, MISSING_NAN_BITS, type TrainedTree, createTree } from './tree.js';

export interface BinnedFeatures {
  readonly rows: number;
  /** Features in the matrix (the non-trivial ones). */
  readonly width: number;
  /** rows × width bins, row-major: a row's bins are adjacent for the histogram loop. */
  readonly bins: Uint8Array | Uint16Array;
  /** The same bins column by column (one array per feature): partitioning a leaf reads one feature. */
  readonly columns: readonly (Uint8Array | Uint16Array)[];
  readonly numBin: Int32Array;
  readonly nanBin: Uint8Array;
  /** Column of each matrix feature in the training data (what the model file calls the feature). */
  readonly realFeature: Int32Array;
  /** Per matrix feature: bin upper bounds, so thresholds are written as doubles. */
  readonly upperBounds: readonly Float64Array[];
}

export interface LearnerParams extends SplitParams {
  readonly numLeaves: number;
  readonly maxDepth: number;
}

export class TreeLearner {
  readonly #d: BinnedFeatures;
  readonly #p: LearnerParams;
  readonly #offset: Int32Array;
  readonly #histSize: number;
  readonly #pool: Float64Array[] = [];
  readonly #hist: (Float64Array | undefined)[];
  readonly #best: SplitInfo[];
  readonly #scratch = new SplitInfo();
  readonly #sumG: Float64Array;
  readonly #sumH: Float64Array;
  readonly #depth: Int32Array;
  readonly #parent: Int32Array;
  /** Row indices partitioned by leaf; leaf l owns [begin[l], begin[l] + count[l]). */
  readonly rows: Int32Array;
  readonly leafBegin: Int32Array;
  readonly leafCount: Int32Array;
  readonly #tmp: Int32Array;
  readonly #buildRows: HistogramBuilder;

  constructor(d: BinnedFeatures, p: LearnerParams) {
    this.#d = d;
    this.#p = p;
    this.#offset = new Int32Array(d.width);
    let total = 0;
    for (let f = 0; f < d.width; f++) {
      this.#offset[f] = total;
      total += d.numBin[f] as number;
    }
    this.#histSize = 2 * total;
    this.#buildRows = createHistogramBuilder(d.width, this.#offset);
    const L = p.numLeaves;
    this.#hist = new Array<Float64Array | undefined>(L).fill(undefined);
    this.#best = Array.from({ length: L }, () => new SplitInfo());
    this.#sumG = new Float64Array(L);
    this.#sumH = new Float64Array(L);
    this.#depth = new Int32Array(L);
    this.#parent = new Int32Array(L);
    this.rows = new Int32Array(d.rows);
    this.leafBegin = new Int32Array(L);
    this.leafCount = new Int32Array(L);
    this.#tmp = new Int32Array(d.rows);
  }

  /**
   * Grows one tree on the rows `bag[0 … bagCount)` (ascending) with gradients `grad` (hessians all 1).
   * `used[f]` = 0 leaves matrix feature f out of this tree (feature_fraction).
   */
  train(grad: Float32Array, bag: Int32Array | undefined, bagCount: number, used: Uint8Array): TrainedTree {
    const p = this.#p;
    const tree = createTree(p.numLeaves);
    for (let l = 0; l < p.numLeaves; l++) {
      const h = this.#hist[l];
      if (h !== undefined) this.#pool.push(h);
      this.#hist[l] = undefined;
      this.#best[l]?.reset();
    }
    if (bag === undefined) for (let i = 0; i < bagCount; i++) this.rows[i] = i;
    else this.rows.set(bag.subarray(0, bagCount));
    this.leafBegin[0] = 0;
    this.leafCount[0] = bagCount;
    this.#depth[0] = 0;
    this.#parent[0] = -1;
    let sg = 0;
    for (let i = 0; i < bagCount; i++) sg += grad[this.rows[i] as number] as number;
    this.#sumG[0] = sg;
    this.#sumH[0] = bagCount;
    tree.leafValue[0] = leafOutput(sg, bagCount, p);
    tree.leafWeight[0] = bagCount;
    tree.leafCount[0] = bagCount;

    if (this.#splittable(0)) {
      const h = this.#take();
      this.#build(h, 0, grad);
      this.#hist[0] = h;
      this.#findBest(0, used);
    }
    for (let split = 0; split < p.numLeaves - 1; split++) {
      let bestLeaf = 0;
      for (let l = 1; l < tree.numLeaves; l++) {
        if ((this.#best[l] as SplitInfo).gain > (this.#best[bestLeaf] as SplitInfo).gain) bestLeaf = l;
      }
      const info = this.#best[bestLeaf] as SplitInfo;
      if (!(info.gain > 0)) break;
      const right = this.#split(tree, bestLeaf, info);
      this.#afterSplit(bestLeaf, right, grad, used);
    }
    return tree;
  }

  /** Enough rows and depth left to split (LightGBM's BeforeFindBestSplit checks). */
  #splittable(leaf: number): boolean {
    const p = this.#p;
    if (p.maxDepth > 0 && (this.#depth[leaf] as number) >= p.maxDepth) return false;
    return (this.leafCount[leaf] as number) >= 2 * p.minDataInLeaf;
  }

  #take(): Float64Array {
    return this.#pool.pop() ?? new Float64Array(this.#histSize);
  }

  #split(tree: TrainedTree, leaf: number, info: SplitInfoType): number {
    const d = this.#d;
    const node = tree.numLeaves - 1;
    const right = tree.numLeaves;
    const f = info.feature;
    const parent = this.#parent[leaf] as number;
    if (parent >= 0) {
      if (tree.leftChild[parent] === ~leaf) tree.leftChild[parent] = node;
      else tree.rightChild[parent] = node;
    }
    tree.splitFeature[node] = d.realFeature[f] as number;
    // LightGBM stores the "true" gain: min_gain_to_split, subtracted for the selection, is added back.
    tree.splitGain[node] = info.gain + this.#p.minGainToSplit;
    tree.thresholdBin[node] = info.threshold;
    tree.threshold[node] = (d.upperBounds[f] as Float64Array)[info.threshold] as number;
    const nan = (d.nanBin[f] as number) === 1;
    tree.decisionType[node] = (info.defaultLeft ? DEFAULT_LEFT_BIT : 0) | (nan ? MISSING_NAN_BITS : 0);
    tree.leftChild[node] = ~leaf;
    tree.rightChild[node] = ~right;
    this.#parent[leaf] = node;
    this.#parent[right] = node;
    tree.internalValue[node] = tree.leafValue[leaf] as number;
    tree.internalWeight[node] = tree.leafWeight[leaf] as number;

    const leftCount = this.#partition(
      leaf,
      right,
      f,
      info.threshold,
      nan ? (d.numBin[f] as number) - 1 : -1,
      info.defaultLeft,
    );
    const rightCount = this.leafCount[right] as number;
    tree.internalCount[node] = leftCount + rightCount;
    tree.leafValue[leaf] = info.leftOutput;
    tree.leafWeight[leaf] = info.leftSumHessian;
    tree.leafCount[leaf] = leftCount;
    tree.leafValue[right] = info.rightOutput;
    tree.leafWeight[right] = info.rightSumHessian;
    tree.leafCount[right] = rightCount;
    this.#sumG[leaf] = info.leftSumGradient;
    this.#sumH[leaf] = info.leftSumHessian;
    this.#sumG[right] = info.rightSumGradient;
    this.#sumH[right] = info.rightSumHessian;
    const depth = (this.#depth[leaf] as number) + 1;
    this.#depth[leaf] = depth;
    this.#depth[right] = depth;
    tree.numLeaves++;
    return right;
  }

  /** Stable partition of the leaf's rows: left ones stay in `leaf`, the rest become leaf `right`. */
  #partition(
    leaf: number,
    right: number,
    f: number,
    thr: number,
    nanBin: number,
    defaultLeft: boolean,
  ): number {
    const col = this.#d.columns[f] as Uint8Array | Uint16Array;
    const rows = this.rows;
    const tmp = this.#tmp;
    const begin = this.leafBegin[leaf] as number;
    const end = begin + (this.leafCount[leaf] as number);
    // The NaN bin is above every threshold, so only NaN-goes-left needs a second test.
    const nanLeft = defaultLeft ? nanBin : -1;
    let l = begin;
    let r = 0;
    // Branch-free: each row is written to both sides and only one cursor moves; a data-dependent branch
    // here is mispredicted about half the time.
    for (let i = begin; i < end; i++) {
      const row = rows[i] as number;
      const b = col[row] as number;
      const goLeft = +(b <= thr) | +(b === nanLeft);
      rows[l] = row;
      tmp[r] = row;
      l += goLeft;
      r += goLeft ^ 1;
    }
    rows.set(tmp.subarray(0, r), l);
    this.leafCount[leaf] = l - begin;
    this.leafBegin[right] = l;
    this.leafCount[right] = r;
    return l - begin;
  }

  #afterSplit(left: number, right: number, grad: Float32Array, used: Uint8Array): void {
    const parentHist = this.#hist[left] as Float64Array;
    this.#hist[left] = undefined;
    const okL = this.#splittable(left);
    const okR = this.#splittable(right);
    (this.#best[left] as SplitInfo).reset();
    (this.#best[right] as SplitInfo).reset();
    if (!okL && !okR) {
      this.#pool.push(parentHist);
      return;
    }
    const leftSmaller = (this.leafCount[left] as number) < (this.leafCount[right] as number);
    const small = leftSmaller ? left : right;
    const large = leftSmaller ? right : left;
    const h = this.#take();
    this.#build(h, small, grad);
    // parent − smaller = larger, in place in the parent's buffer.
    for (let i = 0; i < this.#histSize; i++) parentHist[i] = (parentHist[i] as number) - (h[i] as number);
    this.#hist[small] = h;
    this.#hist[large] = parentHist;
    if (okL) this.#findBest(left, used);
    if (okR) this.#findBest(right, used);
  }

  #findBest(leaf: number, used: Uint8Array): void {
    const d = this.#d;
    const h = this.#hist[leaf] as Float64Array;
    const out = this.#best[leaf] as SplitInfo;
    out.reset();
    const n = this.leafCount[leaf] as number;
    for (let f = 0; f < d.width; f++) {
      if (used[f] === 0) continue;
      findBestThreshold(
        h,
        this.#offset[f] as number,
        d.numBin[f] as number,
        d.nanBin[f] === 1,
        f,
        this.#sumG[leaf] as number,
        this.#sumH[leaf] as number,
        n,
        this.#p,
        out,
        this.#scratch,
      );
    }
  }

  /** Gradient sums and row counts per bin of the leaf's rows. */
  #build(h: Float64Array, leaf: number, grad: Float32Array): void {
    h.fill(0);
    const begin = this.leafBegin[leaf] as number;
    this.#buildRows(this.#d.bins, grad, this.rows, begin, begin + (this.leafCount[leaf] as number), h);
  }
}
