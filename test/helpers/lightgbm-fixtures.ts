// Loads the LightGBM reference cases of test/fixtures/lightgbm: the model, the test rows as a feature matrix in
// model feature order, and LightGBM's expected outputs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compileModel,
  FeatureCsvReader,
  parseModel,
  type CompiledModel,
  type LightGbmModel,
} from '../../src/models/lightgbm/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/lightgbm/', import.meta.url));

/** The four cases copied from ../shared/lightgbm (LightGBM CLI). */
export const SHARED_CASES = ['a_regression', 'b_missing', 'd_binary', 'h_multiclass'] as const;

export function allCases(): string[] {
  return readdirSync(FIXTURES)
    .filter((d) => statSync(FIXTURES + d).isDirectory())
    .sort();
}

export interface Variant {
  /** '' for the whole model, '_s2_n3' for start_iteration=2, num_iteration=3. */
  readonly suffix: string;
  readonly startIteration?: number;
  readonly numIteration?: number;
}

export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  readonly model: LightGbmModel;
  readonly compiled: CompiledModel;
  /** Test rows, row-major, model feature order. */
  readonly features: Float64Array;
  readonly nRows: number;
  readonly variants: readonly Variant[];
  expected(kind: 'pred' | 'raw' | 'leaf', suffix?: string): string;
}

export function loadCase(name: string): FixtureCase {
  const dir = `${FIXTURES}${name}/`;
  const model = parseModel(readFileSync(`${dir}model.txt`, 'utf8'), 'model.txt');
  const chunks: Float64Array[] = [];
  let nRows = 0;
  const reader = new FeatureCsvReader('test.csv', model.featureNames, ({ features, nRows: n }) => {
    chunks.push(features.slice(0, n * model.featureNames.length));
    nRows += n;
  });
  reader.push(readFileSync(`${dir}test.csv`));
  reader.end();
  const features = new Float64Array(nRows * model.featureNames.length);
  let at = 0;
  for (const c of chunks) {
    features.set(c, at);
    at += c.length;
  }
  const variants: Variant[] = [{ suffix: '' }];
  for (const f of readdirSync(dir)) {
    const m = /^pred_s(\d+)_n(\d+)\.txt$/.exec(f);
    if (m !== null) {
      variants.push({
        suffix: `_s${m[1]}_n${m[2]}`,
        startIteration: Number(m[1]),
        numIteration: Number(m[2]),
      });
    }
  }
  return {
    name,
    dir,
    model,
    compiled: compileModel(model),
    features,
    nRows,
    variants,
    expected: (kind, suffix = '') => {
      const file = `${dir}${kind}${suffix}.txt`;
      if (!existsSync(file)) throw new Error(`fixture ${file} is missing`);
      return readFileSync(file, 'utf8');
    },
  };
}

/** One row of a case's feature matrix. */
export function row(c: FixtureCase, r: number): Float64Array {
  const nf = c.model.featureNames.length;
  return c.features.slice(r * nf, (r + 1) * nf);
}
