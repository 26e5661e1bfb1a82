import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel, parseModel, predictBatch } from '../lightgbm/index.js';
import { parseNumericCsv } from './csv-table.js';
import { type TrainingSet, modelToString, parseTrainParams, predictRaw, trainGbdt } from './index.js';
import { SeededRandom } from './random.js';

const FIXTURE = new URL('../../../test/fixtures/training/a_regression/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, FIXTURE), 'utf8');

function mse(pred: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += ((pred[i] as number) - (y[i] as number)) ** 2;
  return s / n;
}

/** Predictions of a model file through our LightGBM reader (the path the bot will use). */
function readerPredict(text: string, x: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows);
  predictBatch(compileModel(parseModel(text, 'model.txt')), x.slice(), rows, out, { output: 'raw' });
  return out;
}

/** y = f(x) + noise on `cols` standard-normal features; `nanEvery` puts NaN in feature 0 with a label shift. */
function synthetic(rows: number, seed: number, nanEvery = 0): TrainingSet {
  const cols = 4;
  const rng = new SeededRandom(seed);
  const x = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) x[r * cols + j] = rng.nextFloat() * 2 - 1;
    const a = x[r * cols] as number;
    const b = x[r * cols + 1] as number;
    y[r] = (a > 0 ? 1 : -1) + 0.5 * b + 0.3 * (rng.nextFloat() - 0.5);
    if (nanEvery > 0 && r % nanEvery === 0) {
      x[r * cols] = NaN;
      y[r] = 3 + 0.3 * (rng.nextFloat() - 0.5);
    }
  }
  return { rows, cols, x, y, featureNames: ['a', 'b', 'c', 'd'] };
}

describe('trainGbdt on the LightGBM reference case (test/fixtures/training/a_regression)', () => {
  const train = parseNumericCsv(read('train.csv'), 'train.csv', 'target');
  const test = parseNumericCsv(read('test.csv'), 'test.csv', 'target');
  const reference = read('pred.txt').trim().split('\n').map(Number);
  const lgb = JSON.parse(read('params.json')) as { train_params: Record<string, string> };
  const keys = ['objective', 'num_iterations', 'num_leaves', 'learning_rate', 'seed'];
  const params = parseTrainParams(keys.map((k) => [k, lgb.train_params[k] as string]));
  const model = trainGbdt(train, params);
  const text = modelToString(model);
  const ours = readerPredict(text, test.x, test.rows);

  it('has a test MSE on rows 1-400 within 2 % of LightGBM’s', () => {
    const ratio = mse(ours, test.y, 400) / mse(reference, test.y, 400);
    expect(ratio).toBeGreaterThan(0.98);
    expect(ratio).toBeLessThan(1.02);
  });

  it('grows LightGBM’s very trees: predictions agree to rounding on all 500 rows, edge rows included', () => {
    expect(model.trees).toHaveLength(100);
    for (let r = 0; r < test.rows; r++) expect(ours[r]).toBeCloseTo(reference[r] as number, 14);
  });

  it('writes a file our reader loads, with the trainer’s own predictions', () => {
    const own = predictRaw(model, test.x, test.rows, test.cols);
    expect(Array.from(own)).toEqual(Array.from(ours));
    const parsed = parseModel(text, 'model.txt');
    expect(parsed.featureNames).toEqual(train.featureNames);
    expect(parsed.objective.name).toBe('regression');
    expect(parsed.trees[0]?.shrinkage).toBe(1); // boost_from_average folded into the first tree
    expect(parsed.trees[1]?.shrinkage).toBe(0.05);
  });
});

describe('trainGbdt', () => {
  const base = parseTrainParams([
    ['num_iterations', '30'],
    ['num_leaves', '8'],
    ['min_data_in_leaf', '5'],
  ]);

  it('is deterministic for a seed, and bagging draws differ between seeds', () => {
    const d = synthetic(2000, 1);
    const p = { ...base, baggingFraction: 0.5, baggingFreq: 1, featureFraction: 0.5, seed: 7 };
    expect(modelToString(trainGbdt(d, p))).toBe(modelToString(trainGbdt(d, p)));
    expect(modelToString(trainGbdt(d, { ...p, seed: 8 }))).not.toBe(modelToString(trainGbdt(d, p)));
  });

  it('learns where NaN goes: NaN rows get their own direction and their own level', () => {
    const d = synthetic(3000, 2, 10);
    const m = trainGbdt(d, { ...base, numIterations: 100, learningRate: 0.2 });
    const text = modelToString(m);
    expect(text).toMatch(/decision_type=.*\b(8|10)\b/); // missing type NaN on feature a
    const x = Float64Array.from([NaN, 0, 0, 0, 0.5, 0, 0, 0, -0.5, 0, 0, 0]);
    const p = readerPredict(text, x, 3);
    expect(p[0]).toBeCloseTo(3, 0);
    expect(p[1]).toBeCloseTo(1, 0);
    expect(p[2]).toBeCloseTo(-1, 0);
  });

  it('honours num_leaves, max_depth and min_data_in_leaf', () => {
    const d = synthetic(2000, 3);
    const m = trainGbdt(d, { ...base, numLeaves: 31, maxDepth: 3, minDataInLeaf: 40 });
    for (const t of m.trees) {
      expect(t.numLeaves).toBeLessThanOrEqual(8);
      for (let l = 0; l < t.numLeaves; l++) expect(t.leafCount[l]).toBeGreaterThanOrEqual(40);
    }
  });

  it('shrinks leaves with lambda_l1 / lambda_l2 and stops splitting under min_gain_to_split', () => {
    const d = synthetic(2000, 4);
    const size = (p: typeof base): number => {
      const t = trainGbdt(d, { ...p, numIterations: 1, boostFromAverage: false }).trees[0];
      return Math.max(...Array.from(t?.leafValue.subarray(0, t.numLeaves) ?? [], Math.abs));
    };
    expect(size({ ...base, lambdaL2: 1000 })).toBeLessThan(size(base));
    expect(size({ ...base, lambdaL1: 50 })).toBeLessThan(size(base));
    const stump = trainGbdt(d, { ...base, numIterations: 1, minGainToSplit: 1e9 });
    expect(stump.trees[0]?.numLeaves).toBe(1);
  });

  it('stops early on the validation metric and keeps the trees up to the best iteration', () => {
    const d = synthetic(3000, 5);
    const valid = synthetic(1000, 6);
    const m = trainGbdt(
      d,
      { ...base, numIterations: 500, learningRate: 0.5, numLeaves: 31, earlyStoppingRound: 5 },
      { valid },
    );
    expect(m.bestIteration).toBeDefined();
    expect(m.trees).toHaveLength(m.bestIteration as number);
    expect(m.validMetric.length).toBe((m.bestIteration as number) + 5);
    const best = Math.min(...m.validMetric);
    expect(m.validMetric[(m.bestIteration as number) - 1]).toBe(best);
  });

  it('huber is pulled less by outliers than L2', () => {
    const d = synthetic(2000, 7);
    const y = d.y.slice();
    for (let i = 0; i < y.length; i += 50) y[i] = 1000;
    const noisy = { ...d, y };
    // At a = b = 0 the clean label is -1. Both start from 0: LightGBM starts huber at the (outlier-pulled)
    // mean too, and a bounded gradient then needs many iterations to walk back.
    const error = (objective: 'regression' | 'huber'): number => {
      const p = {
        ...base,
        objective,
        alpha: 1,
        numIterations: 100,
        learningRate: 0.3,
        boostFromAverage: false,
      };
      return Math.abs((predictRaw(trainGbdt(noisy, p), new Float64Array(4), 1, 4)[0] as number) + 1);
    };
    expect(error('huber')).toBeLessThan(error('regression') / 5);
  });
});
