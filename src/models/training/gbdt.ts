// Gradient boosting (LightGBM's GBDT::TrainOneIter): start every row at the mean label (boost_from_average),
// then per iteration draw the bag and the feature subset, compute gradients, grow a tree on them, shrink it by
// the learning rate and add it to the scores. With a validation set, stop when its metric has not improved for
// early_stopping_round iterations and keep the trees up to the best iteration, as LightGBM does.
import { type BinMapper, binMatrix, findAllBins } from './binning.js';
import { formatG17 } from '../lightgbm/format.js';
import { createObjective } from './objective.js';
import type { TrainParams } from './params.js';
import { SeededRandom } from './random.js';
import { type BinnedFeatures, TreeLearner } from './tree-learner.js';
import { DEFAULT_LEFT_BIT, type TrainedTree, addBias, createTree, shrinkTree } from './tree.js';

/** Row-major features (rows × cols; NaN = missing) and one label per row. */
export interface TrainingSet {
  readonly rows: number;
  readonly cols: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly featureNames: readonly string[];
}

export interface ValidationSet {
  readonly rows: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export interface GbdtModel {
  readonly objective: 'regression' | 'huber';
  readonly featureNames: readonly string[];
  /** `[min:max]` per feature, or `none` for a feature no split could use (LightGBM's feature_infos). */
  readonly featureInfos: readonly string[];
  readonly trees: readonly TrainedTree[];
  readonly params: TrainParams;
  /** The starting score folded into the first tree. */
  readonly initScore: number;
  /** Validation metric after each iteration (empty without a validation set). */
  readonly validMetric: readonly number[];
  /** 1-based iteration the trees were cut at by early stopping; undefined when it did not stop early. */
  readonly bestIteration: number | undefined;
  readonly metricName: string;
}

export interface TrainOptions {
  readonly valid?: ValidationSet | undefined;
  /** Called after each iteration with the number done. */
  readonly onIteration?: ((done: number, total: number) => void) | undefined;
}

export function trainGbdt(data: TrainingSet, p: TrainParams, options: TrainOptions = {}): GbdtModel {
  const { rows: n, cols } = data;
  if (n === 0) throw new Error('no training rows');
  if (data.x.length !== n * cols || data.y.length !== n) throw new Error('training set shape mismatch');
  const rng = new SeededRandom(p.seed);
  const mappers = findAllBins(
    data.x,
    n,
    cols,
    {
      maxBin: p.maxBin,
      minDataInBin: p.minDataInBin,
      filterCount: p.minDataInLeaf,
      sampleCount: p.binConstructSampleCnt,
    },
    rng,
  );
  const used: number[] = [];
  mappers.forEach((m, j) => {
    if (!m.trivial) used.push(j);
  });
  const binned = binnedFeatures(data.x, n, cols, mappers, used);
  const valid = options.valid;
  const validBins = valid === undefined ? undefined : binMatrix(valid.x, valid.rows, cols, mappers, used);
  const innerOf = new Int32Array(cols).fill(-1);
  used.forEach((j, f) => (innerOf[j] = f));
  const nanBinOf = Int32Array.from(binned.numBin, (b, f) => (binned.nanBin[f] === 1 ? b - 1 : -1));
  const walk = { innerOf, nanBinOf };

  // LightGBM keeps labels as float32 (label_t); rounding them the same way makes our trees match its trees.
  const label = Float64Array.from(data.y, Math.fround);
  const validLabel = valid === undefined ? undefined : Float64Array.from(valid.y, Math.fround);
  const objective = createObjective(p);
  const init = p.boostFromAverage ? objective.initScore(label) : 0;
  const score = new Float64Array(n).fill(init);
  const validScore = new Float64Array(valid?.rows ?? 0).fill(init);
  const grad = new Float32Array(n);
  const learner = new TreeLearner(binned, p);
  const trees: TrainedTree[] = [];
  const validMetric: number[] = [];
  let bestIteration: number | undefined;
  let bestMetric = Infinity;
  let bestAt = 0;

  const bagging = p.baggingFreq > 0 && p.baggingFraction < 1;
  const bagCount = bagging ? Math.max(1, Math.trunc(p.baggingFraction * n)) : n;
  let bag: Int32Array | undefined;
  const inBag = bagging ? new Uint8Array(n) : undefined;
  const featureMask = new Uint8Array(used.length).fill(1);
  const featureCount = Math.max(1, Math.trunc(used.length * p.featureFraction + 0.5));

  for (let iter = 0; iter < p.numIterations; iter++) {
    if (bagging && iter % p.baggingFreq === 0) {
      bag = rng.sample(n, bagCount);
      (inBag as Uint8Array).fill(0);
      for (let i = 0; i < bag.length; i++) (inBag as Uint8Array)[bag[i] as number] = 1;
    }
    if (featureCount < used.length) {
      featureMask.fill(0);
      for (const f of rng.sample(used.length, featureCount)) featureMask[f] = 1;
    }
    objective.gradients(score, label, grad);
    const tree =
      used.length === 0 ? createTree(p.numLeaves) : learner.train(grad, bag, bagCount, featureMask);
    if (tree.numLeaves <= 1) {
      // LightGBM: a first tree without a split becomes the constant starting score; a later one ends training.
      if (trees.length === 0) {
        tree.leafValue[0] = init;
        tree.leafCount[0] = n;
        trees.push(tree);
      }
      break;
    }
    shrinkTree(tree, p.learningRate);
    for (let l = 0; l < tree.numLeaves; l++) {
      const v = tree.leafValue[l] as number;
      const begin = learner.leafBegin[l] as number;
      const end = begin + (learner.leafCount[l] as number);
      for (let i = begin; i < end; i++) {
        const r = learner.rows[i] as number;
        score[r] = (score[r] as number) + v;
      }
    }
    if (inBag !== undefined) {
      for (let r = 0; r < n; r++) {
        if (inBag[r] === 0)
          score[r] =
            (score[r] as number) +
            (tree.leafValue[leafOfBins(tree, binned.bins, binned.width, r, walk)] as number);
      }
    }
    if (valid !== undefined && validBins !== undefined) {
      for (let r = 0; r < valid.rows; r++) {
        validScore[r] =
          (validScore[r] as number) +
          (tree.leafValue[leafOfBins(tree, validBins, used.length, r, walk)] as number);
      }
    }
    if (trees.length === 0 && init !== 0) addBias(tree, init);
    trees.push(tree);
    options.onIteration?.(iter + 1, p.numIterations);

    if (valid !== undefined) {
      const m = objective.metric(validScore, validLabel as Float64Array);
      validMetric.push(m);
      if (m < bestMetric) {
        bestMetric = m;
        bestAt = iter + 1;
      } else if (p.earlyStoppingRound > 0 && iter + 1 - bestAt >= p.earlyStoppingRound) {
        trees.length = bestAt;
        bestIteration = bestAt;
        break;
      }
    }
  }
  return {
    objective: p.objective,
    featureNames: data.featureNames,
    featureInfos: mappers.map((m) => (m.trivial ? 'none' : `[${formatG17(m.min)}:${formatG17(m.max)}]`)),
    trees,
    params: p,
    initScore: init,
    validMetric,
    bestIteration,
    metricName: objective.metricName,
  };
}

function binnedFeatures(
  x: Float64Array,
  rows: number,
  cols: number,
  mappers: readonly BinMapper[],
  used: readonly number[],
): BinnedFeatures {
  const ms = used.map((j) => mappers[j] as BinMapper);
  const bins = binMatrix(x, rows, cols, mappers, used);
  const width = used.length;
  const columns = used.map((_, f) => {
    const c = bins instanceof Uint8Array ? new Uint8Array(rows) : new Uint16Array(rows);
    for (let r = 0; r < rows; r++) c[r] = bins[r * width + f] as number;
    return c;
  });
  return {
    rows,
    width,
    bins,
    columns,
    numBin: Int32Array.from(ms, (m) => m.numBin),
    nanBin: Uint8Array.from(ms, (m) => (m.nanBin ? 1 : 0)),
    realFeature: Int32Array.from(used),
    upperBounds: ms.map((m) => m.upperBounds),
  };
}

interface BinWalk {
  /** Model feature (data column) → column of the binned matrix. */
  readonly innerOf: Int32Array;
  /** Binned column → its NaN bin, or -1. */
  readonly nanBinOf: Int32Array;
}

/** The leaf of row r of a binned matrix (width columns per row): the same decisions as the double thresholds. */
function leafOfBins(
  t: TrainedTree,
  bins: Uint8Array | Uint16Array,
  width: number,
  r: number,
  w: BinWalk,
): number {
  let node = 0;
  const o = r * width;
  while (node >= 0) {
    const f = w.innerOf[t.splitFeature[node] as number] as number;
    const b = bins[o + f] as number;
    const left =
      b === w.nanBinOf[f]
        ? ((t.decisionType[node] as number) & DEFAULT_LEFT_BIT) !== 0
        : b <= (t.thresholdBin[node] as number);
    node = left ? (t.leftChild[node] as number) : (t.rightChild[node] as number);
  }
  return ~node;
}
