// Hand check of the trainer against the real LightGBM (not part of `npm test`: tests never need Python).
//
//   npx tsx bench/training-verify.ts /tmp/algobot-verify      # trains our models, writes data + predictions
//   python3 bench/training-verify.py /tmp/algobot-verify      # pip install lightgbm numpy pandas
//
// For each case this writes train.csv / test.csv, our model file, our raw predictions (from the trainer's own
// predictor and from our LightGBM reader, which must agree exactly), and the parameters under LightGBM's
// names. The Python side loads our file in LightGBM (Booster(model_file=…)) and compares its predictions with
// ours, then trains LightGBM itself with the same parameters and compares the two model files tree by tree.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, formatG17, parseModel, predictBatch } from '../src/models/lightgbm/index.js';
import { parseNumericCsv } from '../src/models/training/csv-table.js';
import { modelToString, parseTrainParams, predictRaw, trainGbdt } from '../src/models/training/index.js';
import { benchCsv, benchData } from './training-data.js';
import { ROOT } from './harness.js';

interface Case {
  readonly name: string;
  readonly train: string;
  readonly test: string;
  readonly params: Readonly<Record<string, string>>;
  /** Rows of train.csv held out as the validation set (early stopping): the last ones. */
  readonly validRows?: number;
}

const out = process.argv[2] ?? '/tmp/algobot-training-verify';
const fixture = readFileSync(join(ROOT, 'test/fixtures/training/a_regression/train.csv'), 'utf8');
const fixtureTest = readFileSync(join(ROOT, 'test/fixtures/training/a_regression/test.csv'), 'utf8');
const synth = benchData(20_000, 7);
const synthTest = benchData(2_000, 8);
const trainCsv = benchCsv(synth);
const testCsv = benchCsv(synthTest);

const cases: Case[] = [
  {
    name: 'a_regression',
    train: fixture,
    test: fixtureTest,
    params: {
      objective: 'regression',
      num_iterations: '100',
      num_leaves: '31',
      learning_rate: '0.05',
      seed: '42',
    },
  },
  {
    name: 'nan_regularised',
    train: trainCsv,
    test: testCsv,
    params: {
      objective: 'regression',
      num_iterations: '60',
      num_leaves: '15',
      max_depth: '5',
      learning_rate: '0.1',
      min_data_in_leaf: '50',
      lambda_l1: '0.5',
      lambda_l2: '2',
      min_gain_to_split: '0.01',
      max_bin: '63',
    },
  },
  {
    name: 'huber',
    train: trainCsv,
    test: testCsv,
    params: {
      objective: 'huber',
      alpha: '0.8',
      num_iterations: '50',
      num_leaves: '31',
      learning_rate: '0.1',
    },
  },
  {
    name: 'bagging_features',
    train: trainCsv,
    test: testCsv,
    params: {
      objective: 'regression',
      num_iterations: '50',
      num_leaves: '31',
      learning_rate: '0.1',
      bagging_fraction: '0.7',
      bagging_freq: '1',
      feature_fraction: '0.6',
      seed: '3',
    },
  },
  {
    name: 'early_stopping',
    train: trainCsv,
    test: testCsv,
    validRows: 5000,
    params: {
      objective: 'regression',
      num_iterations: '500',
      num_leaves: '63',
      learning_rate: '0.3',
      early_stopping_round: '10',
    },
  },
];

for (const c of cases) {
  const dir = join(out, c.name);
  mkdirSync(dir, { recursive: true });
  const all = parseNumericCsv(c.train, 'train.csv', 'target');
  const test = parseNumericCsv(c.test, 'test.csv', 'target');
  const nTrain = all.rows - (c.validRows ?? 0);
  const lines = c.train.trimEnd().split('\n');
  writeFileSync(join(dir, 'train.csv'), `${lines.slice(0, nTrain + 1).join('\n')}\n`);
  if (c.validRows !== undefined)
    writeFileSync(join(dir, 'valid.csv'), `${[lines[0], ...lines.slice(nTrain + 1)].join('\n')}\n`);
  writeFileSync(join(dir, 'test.csv'), c.test);
  const params = parseTrainParams(Object.entries(c.params));
  const train = {
    ...all,
    rows: nTrain,
    x: all.x.subarray(0, nTrain * all.cols),
    y: all.y.subarray(0, nTrain),
  };
  const valid =
    c.validRows === undefined
      ? undefined
      : { rows: c.validRows, x: all.x.subarray(nTrain * all.cols), y: all.y.subarray(nTrain) };
  const model = trainGbdt(train, params, { valid });
  const text = modelToString(model);
  writeFileSync(join(dir, 'model.txt'), text);
  const ours = predictRaw(model, test.x, test.rows, test.cols);
  const reader = new Float64Array(test.rows);
  predictBatch(compileModel(parseModel(text, 'model.txt')), test.x.slice(), test.rows, reader, {
    output: 'raw',
  });
  let maxDiff = 0;
  for (let r = 0; r < test.rows; r++)
    maxDiff = Math.max(maxDiff, Math.abs((ours[r] as number) - (reader[r] as number)));
  writeFileSync(join(dir, 'ours.txt'), `${Array.from(ours, formatG17).join('\n')}\n`);
  writeFileSync(join(dir, 'params.json'), `${JSON.stringify(c.params, null, 2)}\n`);
  process.stdout.write(
    `${c.name}: ${model.trees.length} trees${model.bestIteration === undefined ? '' : ` (early stop, best ${model.bestIteration})`}; trainer vs our reader max |diff| ${maxDiff}\n`,
  );
}
