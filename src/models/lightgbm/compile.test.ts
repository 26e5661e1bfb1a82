// The fast paths (typed-array walk and generated code) against the reference tree walk, on random rows made of
// the values that exercise the decision rules: NaN, ±0, the 1e-35 zero band, ±1e300, ±Infinity, every split
// threshold of the model and its neighbours, small and odd categories.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBatchPredictor } from './codegen.js';
import { compileModel, predictBatch, predictLeavesBatch } from './compile.js';
import { ZERO_THRESHOLD } from './model.js';
import { parseModel } from './parse.js';
import { predictLeavesReference, predictRawReference, predictReference } from './predict-reference.js';

const FIXTURES = new URL('../../../test/fixtures/lightgbm/', import.meta.url);
const CASES = [
  'b_missing',
  'h_multiclass',
  'categorical',
  'categorical_no_nan',
  'linear',
  'zero_as_missing',
  'no_missing',
  'random_forest',
  'multiclassova',
  'xentlambda',
  'one_leaf',
];

function nextUp(x: number): number {
  if (x === Infinity || Number.isNaN(x)) return x;
  if (x === 0) return 5e-324;
  const b = new BigInt64Array(Float64Array.of(x).buffer);
  b[0] = (b[0] as bigint) + (x > 0 ? 1n : -1n);
  return new Float64Array(b.buffer)[0] as number;
}

describe.each(CASES)('compiled predictors equal the reference on %s', (name) => {
  const model = parseModel(readFileSync(new URL(`${name}/model.txt`, FIXTURES), 'utf8'), 'model.txt');
  const compiled = compileModel(model);
  const nf = model.maxFeatureIdx + 1;
  const thresholds = [...new Set([0.5, ...model.trees.flatMap((t) => Array.from(t.threshold))])];
  const special = [
    NaN,
    0,
    -0,
    1e-36,
    -1e-36,
    1e-35,
    -1e-35,
    ZERO_THRESHOLD,
    -ZERO_THRESHOLD,
    nextUp(ZERO_THRESHOLD),
  ];
  const value = fc.oneof(
    fc.constantFrom(...special, 1e300, -1e300, Infinity, -Infinity, -0.5, -1, 2147483648, 4294967301),
    fc.constantFrom(...thresholds).chain((t) => fc.constantFrom(t, nextUp(t), -nextUp(-t))),
    fc.integer({ min: -2, max: 70 }),
    fc.double({ min: -5, max: 5, noNaN: true }),
  );
  const rows = fc.array(fc.array(value, { minLength: nf, maxLength: nf }), { minLength: 1, maxLength: 20 });
  const range = fc.record({
    startIteration: fc.integer({ min: 0, max: model.numIterations + 1 }),
    numIteration: fc.integer({ min: -1, max: model.numIterations + 1 }),
  });

  it('raw scores, predictions and leaf indices are identical', () => {
    fc.assert(
      fc.property(rows, range, (rs, opts) => {
        const k = model.numTreePerIteration;
        const X = Float64Array.from(rs.flat());
        const n = rs.length;
        const raw = createBatchPredictor(compiled, { ...opts, output: 'raw' });
        const rawOut = new Float64Array(n * k);
        raw.predict(X.slice(), n, rawOut);
        const pred = createBatchPredictor(compiled, opts);
        const predOut = new Float64Array(n * k);
        pred.predict(X.slice(), n, predOut);
        const walkOut = new Float64Array(n * k);
        predictBatch(compiled, X.slice(), n, walkOut, { ...opts, output: 'raw' });
        const leaf = createBatchPredictor(compiled, { ...opts, output: 'leaf' });
        const leafOut = new Int32Array(n * leaf.width);
        leaf.predictLeaves(X.slice(), n, leafOut);
        const walkLeaves = new Int32Array(n * model.trees.length);
        const width = predictLeavesBatch(compiled, X.slice(), n, walkLeaves, opts);
        expect(width).toBe(leaf.width);
        rs.forEach((r, i) => {
          const refRaw = Array.from(predictRawReference(model, r, opts));
          const refPred = Array.from(predictReference(model, r, opts));
          const refLeaves = Array.from(predictLeavesReference(model, r, opts));
          expect(Array.from(rawOut.subarray(i * k, (i + 1) * k))).toEqual(refRaw);
          expect(Array.from(walkOut.subarray(i * k, (i + 1) * k))).toEqual(refRaw);
          expect(Array.from(predOut.subarray(i * k, (i + 1) * k))).toEqual(refPred);
          expect(Array.from(leafOut.subarray(i * width, (i + 1) * width))).toEqual(refLeaves);
          expect(Array.from(walkLeaves.subarray(i * width, (i + 1) * width))).toEqual(refLeaves);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('createBatchPredictor', () => {
  const model = parseModel(readFileSync(new URL('b_missing/model.txt', FIXTURES), 'utf8'), 'model.txt');
  const compiled = compileModel(model);

  it('refuses buffers that are too small and the wrong output kind', () => {
    const p = createBatchPredictor(compiled);
    expect(() => p.predict(new Float64Array(13), 2, new Float64Array(2))).toThrow(RangeError);
    expect(() => p.predict(new Float64Array(26), 2, new Float64Array(1))).toThrow(RangeError);
    expect(() => p.predictLeaves(new Float64Array(13), 1, new Int32Array(100))).toThrow(/output: 'leaf'/);
  });

  it('zeroes values in the 1e-35 band in place, as LightGBM reads them', () => {
    const p = createBatchPredictor(compiled);
    const x = new Float64Array(13).fill(1e-36);
    x[0] = -1e-36;
    p.predict(x, 1, new Float64Array(1));
    expect(Array.from(x).every((v) => Object.is(v, 0))).toBe(true);
  });
});
