// Every LightGBM reference case reproduced: raw scores, leaf indices and transformed predictions, formatted as
// LightGBM prints them, must equal LightGBM's own files byte for byte — with the reference tree walk, the
// typed-array walk and the generated code alike, for every iteration subset the case was predicted with.
import { describe, expect, it } from 'vitest';
import {
  createBatchPredictor,
  formatG17,
  predictBatch,
  predictLeavesBatch,
  predictLeavesReference,
  predictRawReference,
  predictReference,
} from '../src/models/lightgbm/index.js';
import { allCases, loadCase, row, SHARED_CASES, type FixtureCase } from './helpers/lightgbm-fixtures.js';

function lines(values: ArrayLike<number>, nRows: number, width: number, fmt: (v: number) => string): string {
  let text = '';
  for (let r = 0; r < nRows; r++) {
    const cells: string[] = [];
    for (let j = 0; j < width; j++) cells.push(fmt(values[r * width + j] as number));
    text += `${cells.join('\t')}\n`;
  }
  return text;
}

/** The first differing line, for a readable failure. */
function firstDiff(got: string, want: string): string {
  const g = got.split('\n');
  const w = want.split('\n');
  for (let i = 0; i < Math.max(g.length, w.length); i++) {
    if (g[i] !== w[i]) return `line ${i + 1}: got "${g[i]}", LightGBM "${w[i]}"`;
  }
  return 'identical';
}

/** A number as C's printf writes it (nan, inf, -inf). */
function parseC(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan' || text === '-nan') return NaN;
  return Number(text);
}

const cases = allCases();

describe('LightGBM reference fixtures', () => {
  it('include the four shared cases and the generated ones', () => {
    for (const c of SHARED_CASES) expect(cases).toContain(c);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(cases)('%s', (name) => {
    const c: FixtureCase = loadCase(name);
    const k = c.model.numTreePerIteration;

    it('has test rows and LightGBM outputs for each of them', () => {
      expect(c.nRows).toBeGreaterThan(100);
      expect(c.expected('pred').split('\n')).toHaveLength(c.nRows + 1);
    });

    it.each(c.variants.map((v) => [v.suffix === '' ? 'all iterations' : v.suffix, v] as const))(
      'reference tree walk reproduces LightGBM (%s)',
      (_label, v) => {
        const opts = { startIteration: v.startIteration, numIteration: v.numIteration };
        let raw = '';
        let pred = '';
        let leaf = '';
        for (let r = 0; r < c.nRows; r++) {
          raw += `${Array.from(predictRawReference(c.model, row(c, r), opts), formatG17).join('\t')}\n`;
          pred += `${Array.from(predictReference(c.model, row(c, r), opts), formatG17).join('\t')}\n`;
          leaf += `${Array.from(predictLeavesReference(c.model, row(c, r), opts)).join('\t')}\n`;
        }
        expect(firstDiff(raw, c.expected('raw', v.suffix))).toBe('identical');
        expect(firstDiff(leaf, c.expected('leaf', v.suffix))).toBe('identical');
        expect(firstDiff(pred, c.expected('pred', v.suffix))).toBe('identical');
      },
    );

    it.each(c.variants.map((v) => [v.suffix === '' ? 'all iterations' : v.suffix, v] as const))(
      'generated code reproduces LightGBM (%s)',
      (_label, v) => {
        const opts = { startIteration: v.startIteration, numIteration: v.numIteration };
        for (const kind of ['pred', 'raw'] as const) {
          const p = createBatchPredictor(c.compiled, {
            ...opts,
            output: kind === 'pred' ? 'transformed' : 'raw',
          });
          const out = new Float64Array(c.nRows * p.width);
          p.predict(c.features.slice(), c.nRows, out);
          expect(firstDiff(lines(out, c.nRows, k, formatG17), c.expected(kind, v.suffix))).toBe('identical');
        }
        const p = createBatchPredictor(c.compiled, { ...opts, output: 'leaf' });
        const leaves = new Int32Array(c.nRows * p.width);
        p.predictLeaves(c.features.slice(), c.nRows, leaves);
        expect(firstDiff(lines(leaves, c.nRows, p.width, String), c.expected('leaf', v.suffix))).toBe(
          'identical',
        );
      },
    );

    it.each(c.variants.map((v) => [v.suffix === '' ? 'all iterations' : v.suffix, v] as const))(
      'typed-array tree walk reproduces LightGBM (%s)',
      (_label, v) => {
        const opts = { startIteration: v.startIteration, numIteration: v.numIteration };
        const out = new Float64Array(c.nRows * k);
        predictBatch(c.compiled, c.features.slice(), c.nRows, out, { ...opts, output: 'raw' });
        expect(firstDiff(lines(out, c.nRows, k, formatG17), c.expected('raw', v.suffix))).toBe('identical');
        predictBatch(c.compiled, c.features.slice(), c.nRows, out, opts);
        expect(firstDiff(lines(out, c.nRows, k, formatG17), c.expected('pred', v.suffix))).toBe('identical');
        const leaves = new Int32Array(c.nRows * c.model.trees.length);
        const width = predictLeavesBatch(c.compiled, c.features.slice(), c.nRows, leaves, opts);
        expect(firstDiff(lines(leaves, c.nRows, width, String), c.expected('leaf', v.suffix))).toBe(
          'identical',
        );
      },
    );

    it('transformed predictions agree with LightGBM within 1e-15 relative (parsed back as numbers)', () => {
      const p = createBatchPredictor(c.compiled);
      const out = new Float64Array(c.nRows * k);
      p.predict(c.features.slice(), c.nRows, out);
      const want = c
        .expected('pred')
        .trim()
        .split('\n')
        .flatMap((l) => l.split('\t').map(parseC));
      want.forEach((w, i) => {
        const got = out[i] as number;
        if (Number.isNaN(w)) expect(got).toBeNaN();
        else if (!Number.isFinite(w)) expect(got).toBe(w);
        else expect(Math.abs(got - w)).toBeLessThanOrEqual(Math.abs(w) * 1e-15);
      });
    });
  });
});
