// The warm-up rows reach every leaf (the point of them), and a warmed-up predictor predicts exactly what a cold
// one does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBatchPredictor } from './codegen.js';
import { compileModel, compiledLeaf } from './compile.js';
import { parseModel } from './parse.js';
import { coverageRows } from './warm-up.js';

const FIXTURES = new URL('../../../test/fixtures/lightgbm/', import.meta.url);
const CASES = [
  'a_regression',
  'categorical',
  'random_forest',
  'b_missing',
  'h_multiclass',
  'linear',
  'zero_as_missing',
  'no_missing',
  'one_leaf',
];

describe.each(CASES)('warm-up on %s', (name) => {
  const model = parseModel(readFileSync(new URL(`${name}/model.txt`, FIXTURES), 'utf8'), 'model.txt');
  const c = compileModel(model);
  const nf = c.numFeatures;

  // Categorical splits are not aimed at (warm-up.ts): their leaves are reached or not by chance.
  it.skipIf(name === 'categorical')('rows reach every leaf', () => {
    const { rows, count } = coverageRows(c, 0, model.trees.length);
    expect(rows.length).toBe(count * nf);
    const reached = new Uint8Array(c.leafValue.length);
    for (let r = 0; r < count; r++) {
      for (let t = 0; t < model.trees.length; t++) reached[compiledLeaf(c, t, rows, r * nf)] = 1;
    }
    // One-leaf trees need no row: their leaf is reached by any.
    const missing = model.trees.flatMap((t, i) =>
      t.numLeaves < 2
        ? []
        : Array.from({ length: t.numLeaves }, (_, l) => (c.leafBase[i] as number) + l).filter(
            (g) => reached[g] === 0,
          ),
    );
    expect(missing).toEqual([]);
  });

  it('does not change a prediction', () => {
    const { rows, count } = coverageRows(c, 0, model.trees.length);
    const k = c.numOutputs;
    const cold = new Float64Array(count * k);
    const warm = new Float64Array(count * k);
    createBatchPredictor(c).predict(rows.slice(), count, cold);
    createBatchPredictor(c, { warmUp: true }).predict(rows.slice(), count, warm);
    expect(Array.from(warm)).toEqual(Array.from(cold));
  });
});
