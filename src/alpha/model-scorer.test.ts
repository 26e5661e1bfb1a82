import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { FEATURE_COUNT, FEATURE_NAMES } from '../features/feature-set.js';
import { parseModel, predictReference } from '../models/lightgbm/index.js';
import { transformCrossSection } from '../models/training/cross-section.js';
import { ModelScorer } from './model-scorer.js';

// A real 13-feature LightGBM model (test/fixtures/lightgbm/a_regression), its features renamed to a permutation of
// the bot's names: the scorer must find each by name, whatever the model's column order.
const TEXT = readFileSync('test/fixtures/lightgbm/a_regression/model.txt', 'utf8');
const PERMUTED = [...FEATURE_NAMES].reverse();
const renamed = TEXT.replace(/^feature_names=.*$/m, `feature_names=${PERMUTED.join(' ')}`);
const MODEL = parseModel(renamed, 'renamed.txt');

describe('ModelScorer', () => {
  it('binds features by name and predicts exactly what the reference tree walk predicts', () => {
    const scorer = new ModelScorer(MODEL, 'renamed.txt');
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -5, max: 100, noNaN: true }), { minLength: 13, maxLength: 13 }), {
          minLength: 1,
          maxLength: 20,
        }),
        (rows) => {
          const features = Float64Array.from(rows.flat());
          const got = scorer.predict(features);
          rows.forEach((row, a) => {
            const inModelOrder = PERMUTED.map((name) => row[FEATURE_NAMES.indexOf(name)] as number);
            expect(got[a]).toBe(predictReference(MODEL, inModelOrder)[0]);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('does not score a row with a missing feature, and still scores the others', () => {
    const scorer = new ModelScorer(MODEL, 'renamed.txt');
    const features = new Float64Array(3 * FEATURE_COUNT).fill(0.5);
    features[FEATURE_COUNT + 4] = NaN;
    const got = scorer.predict(features);
    expect(Number.isNaN(got[1])).toBe(true);
    expect(got[0]).toBe(predictReference(MODEL, new Array<number>(13).fill(0.5))[0]);
    expect(got[2]).toBe(got[0]);
  });

  it('refuses a model trained on other features, naming every missing one', () => {
    const original = parseModel(TEXT, 'a_regression/model.txt');
    let err: unknown;
    try {
      new ModelScorer(original, 'a_regression/model.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message).toContain('a_regression/model.txt');
    for (const name of ['z_close_24', 'ob_imbalance', 'funding_rate', 'macd_hist'])
      expect(message).toContain(name);
  });

  it('applies the cross-sectional transform the model was trained with, over the complete rows only', () => {
    const scorer = new ModelScorer(MODEL, 'renamed.txt', 'rank');
    const rows = [0.1, 0.7, -0.3, 2.5].map((x, a) =>
      Array.from({ length: FEATURE_COUNT }, (_, j) => Math.sin(x * (j + 1) + a)),
    );
    const features = Float64Array.from(rows.flat());
    const got = scorer.predict(features);
    const ranked = features.slice();
    transformCrossSection(ranked, FEATURE_COUNT, 0, rows.length, 'rank');
    rows.forEach((_, a) => {
      const row = ranked.subarray(a * FEATURE_COUNT, (a + 1) * FEATURE_COUNT);
      const inModelOrder = PERMUTED.map((name) => row[FEATURE_NAMES.indexOf(name)] as number);
      expect(got[a]).toBe(predictReference(MODEL, inModelOrder)[0]);
    });
    // A coin still warming up takes no part in the others' ranks.
    const withPartial = new Float64Array(features.length + FEATURE_COUNT).fill(NaN);
    withPartial.set(features);
    withPartial[features.length] = 5;
    const again = scorer.predict(withPartial);
    expect(Array.from(again.subarray(0, rows.length))).toEqual(Array.from(got));
    expect(Number.isNaN(again[rows.length])).toBe(true);
  });
});
