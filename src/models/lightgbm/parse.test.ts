import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { parseModel } from './parse.js';

const FIXTURES = new URL('../../../test/fixtures/lightgbm/', import.meta.url);
const REGRESSION = readFileSync(new URL('a_regression/model.txt', FIXTURES), 'utf8');
const CATEGORICAL = readFileSync(new URL('categorical/model.txt', FIXTURES), 'utf8');
const LINEAR = readFileSync(new URL('linear/model.txt', FIXTURES), 'utf8');

/** 1-based number of the first line starting with `prefix` at or after the line `after`. */
function lineOf(text: string, prefix: string, after = 1): number {
  const lines = text.split('\n');
  for (let i = after - 1; i < lines.length; i++) if ((lines[i] as string).startsWith(prefix)) return i + 1;
  throw new Error(`no line starts with ${prefix}`);
}

/** Replaces line `no` (1-based) with `f(old)`. */
function editLine(text: string, no: number, f: (line: string) => string): string {
  const lines = text.split('\n');
  lines[no - 1] = f(lines[no - 1] as string);
  return lines.join('\n');
}

function parseError(text: string): InputError {
  try {
    parseModel(text, 'models/lgbm_6h.txt');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

function expectError(text: string, line: number, message: RegExp): void {
  const err = parseError(text);
  expect(err.location.file).toBe('models/lgbm_6h.txt');
  expect(err.location.line).toBe(line);
  expect(err.message).toMatch(message);
  expect(err.message.startsWith(`models/lgbm_6h.txt:${line}: `)).toBe(true);
}

describe('parseModel on real files', () => {
  it('reads the header, trees and trailing sections of a LightGBM CLI model', () => {
    const m = parseModel(REGRESSION, 'model.txt');
    expect(m.version).toBe('v4');
    expect(m.numClass).toBe(1);
    expect(m.numTreePerIteration).toBe(1);
    expect(m.maxFeatureIdx).toBe(12);
    expect(m.featureNames[0]).toBe('ret_1h');
    expect(m.featureNames).toHaveLength(13);
    expect(m.featureInfos[12]).toBe('[1:3]');
    expect(m.objective).toMatchObject({ name: 'regression', transform: 'identity', numOutputs: 1 });
    expect(m.trees).toHaveLength(100);
    expect(m.numIterations).toBe(100);
    expect(m.trees[0]?.numLeaves).toBe(31);
    expect(m.trees[0]?.threshold[0]).toBe(-0.28242487149999995);
    expect(m.trees[0]?.leftChild[0]).toBe(2);
    expect(m.trees[0]?.decisionType[0]).toBe(2);
    expect(m.savedImportances[0]).toEqual({ name: 'vol_24', value: 441 });
    expect(m.parameters.find((p) => p.key === 'num_leaves')?.value).toBe('31');
    expect(m.parameters.find((p) => p.key === 'label_column')?.value).toBe('name:target');
    expect(m.pandasCategorical).toBeNull();
  });

  it('reads categorical bitsets and linear leaves', () => {
    const c = parseModel(CATEGORICAL, 'model.txt');
    const t0 = c.trees[0];
    expect(t0?.numCat).toBe(2);
    expect(Array.from(t0?.catBoundaries ?? [])).toEqual([0, 2, 4]);
    expect(Array.from(t0?.catThreshold ?? [])).toEqual([3154440313, 151, 220633739, 16]);
    const l = parseModel(LINEAR, 'model.txt');
    expect(l.trees[1]?.linear?.leafFeatures.map((f) => Array.from(f))).toEqual([
      [2, 4],
      [4],
      [0, 4],
      [4],
      [0, 4],
      [2, 4],
    ]);
    expect(l.trees[1]?.linear?.leafCoeff[0]?.[0]).toBe(0.12576877481385793);
  });

  it('reads a file with Windows line ends the same way', () => {
    const crlf = parseModel(REGRESSION.replace(/\n/g, '\r\n'), 'model.txt');
    const lf = parseModel(REGRESSION, 'model.txt');
    expect(crlf.trees[99]?.leafValue).toEqual(lf.trees[99]?.leafValue);
    expect(crlf.featureNames).toEqual(lf.featureNames);
  });

  it('reads inf thresholds and a pandas_categorical list', () => {
    const withInf = editLine(CATEGORICAL, lineOf(CATEGORICAL, 'threshold='), (l) =>
      l.replace(/ [^ ]+$/, ' inf'),
    );
    const text = withInf
      .replace(/tree_sizes=.*\n/, '')
      .replace('pandas_categorical:null', 'pandas_categorical:[["a","b"]]');
    const m = parseModel(text, 'model.txt');
    expect(m.trees[0]?.threshold[13]).toBe(Infinity);
    expect(m.pandasCategorical).toEqual([['a', 'b']]);
  });
});

describe('parseModel refuses damaged files, naming file and line', () => {
  it('an empty file or one that is not a model', () => {
    expectError('', 1, /empty file/);
    expectError('hello\nworld\n', 1, /expected the line "tree"/);
  });

  it('a missing or unsupported version', () => {
    expectError(
      REGRESSION.replace('version=v4\n', ''),
      lineOf(REGRESSION, 'tree_sizes=') + 1,
      /no "version=" line/,
    );
    expectError(REGRESSION.replace('version=v4', 'version=v3'), 2, /version "v3" is not supported/);
  });

  it('an unknown header line', () => {
    expectError(REGRESSION.replace('label_index=0', 'label_indx=0'), 5, /unknown header line "label_indx=0"/);
  });

  it('an unknown objective, or a bad objective parameter', () => {
    expectError(
      REGRESSION.replace('objective=regression', 'objective=frobnicate'),
      7,
      /unknown objective "frobnicate"/,
    );
    const binary = readFileSync(new URL('d_binary/model.txt', FIXTURES), 'utf8');
    expectError(
      binary.replace('binary sigmoid:1', 'binary sigmoid:-1'),
      7,
      /sigmoid must be a positive number/,
    );
  });

  it('a file cut short inside a tree or before "end of trees"', () => {
    const cut = REGRESSION.slice(0, REGRESSION.indexOf('leaf_value=', REGRESSION.indexOf('Tree=7')));
    const lines = cut.split('\n').length - 1; // the text ends with a newline
    expectError(cut, lines, /tree 7: .*(missing field "leaf_value"|has \d+ values)/);
    const noEnd = REGRESSION.slice(0, REGRESSION.indexOf('end of trees'));
    const err = parseError(noEnd);
    expect(err.message).toMatch(/without "end of trees" \(truncated\?\)/);
    expect(err.location.line).toBeGreaterThan(1000);
  });

  it('a corrupted number', () => {
    const line = lineOf(REGRESSION, 'threshold=', lineOf(REGRESSION, 'Tree=3'));
    expectError(
      editLine(REGRESSION, line, (l) => l.replace(/ (\S+) /, ' 0.12x4 ')),
      line,
      /tree 3: threshold\[1\] is not a number: "0.12x4"/,
    );
    const leafLine = lineOf(REGRESSION, 'leaf_value=', lineOf(REGRESSION, 'Tree=5'));
    expectError(
      editLine(REGRESSION, leafLine, (l) => l.replace(/ \S+$/, ' 0x1f')),
      leafLine,
      /leaf_value\[30\] is not a number/,
    );
  });

  it('arrays whose lengths disagree with num_leaves', () => {
    const line = lineOf(REGRESSION, 'leaf_value=', lineOf(REGRESSION, 'Tree=2'));
    expectError(
      editLine(REGRESSION, line, (l) => l.replace(/ \S+$/, '')),
      line,
      /tree 2: leaf_value has 30 values, expected 31/,
    );
    const left = lineOf(REGRESSION, 'left_child=', lineOf(REGRESSION, 'Tree=4'));
    expectError(
      editLine(REGRESSION, left, (l) => `${l} 3`),
      left,
      /tree 4: left_child has 31 values, expected 30/,
    );
  });

  it('a child index out of range, or a graph that is not a tree', () => {
    const left = lineOf(REGRESSION, 'left_child=', lineOf(REGRESSION, 'Tree=1'));
    expectError(
      editLine(REGRESSION, left, (l) => l.replace('left_child=', 'left_child=99 ').replace(/ \S+$/, '')),
      left,
      /tree 1: left_child\[0\] is not an integer in \[-31, 29\]: "99"/,
    );
    // Point node 0's left child at node 1, which is already node 0's right child.
    const t1 = parseModel(REGRESSION, 'm').trees[1];
    expect(t1?.rightChild[0]).toBe(1);
    expectError(
      editLine(REGRESSION, left, (l) => l.replace(/^left_child=\S+/, 'left_child=1')),
      left,
      /tree 1: node 1 has more than one parent/,
    );
  });

  it('unknown decision type bits', () => {
    const line = lineOf(REGRESSION, 'decision_type=', lineOf(REGRESSION, 'Tree=6'));
    expectError(
      editLine(REGRESSION, line, (l) => l.replace('decision_type=2', 'decision_type=18')),
      line,
      /decision_type\[0\] = 18 has unknown bits/,
    );
    expectError(
      editLine(REGRESSION, line, (l) => l.replace('decision_type=2', 'decision_type=14')),
      line,
      /decision_type\[0\] = 14 has unknown bits/,
    );
  });

  it('a categorical split whose bitset index is out of range', () => {
    const line = lineOf(CATEGORICAL, 'threshold=');
    const bad = editLine(CATEGORICAL, line, (l) =>
      l.replace(/^threshold=((?:\S+ ){3})0 /, 'threshold=$1 7 '),
    );
    expectError(bad.replace(/tree_sizes=.*\n/, ''), line - 1, /categorical node 3 has threshold 7/);
  });

  it('trees out of order, or a missing Tree= line', () => {
    const at = lineOf(REGRESSION, 'Tree=9');
    expectError(
      editLine(REGRESSION, at, () => 'Tree=10'),
      at,
      /expected "Tree=9", got "Tree=10"/,
    );
    expectError(
      editLine(REGRESSION, at, () => 'Tre=9'),
      at,
      /expected "Tree=9", got "Tre=9"/,
    );
  });

  it('tree_sizes that disagree with the trees', () => {
    const line = lineOf(REGRESSION, 'tree_sizes=');
    expectError(
      editLine(REGRESSION, line, (l) => l.replace(/ \S+$/, '')),
      line,
      /tree_sizes lists 99 trees but the file has 100/,
    );
    const leaf = lineOf(REGRESSION, 'leaf_value=', lineOf(REGRESSION, 'Tree=0'));
    const edited = editLine(REGRESSION, leaf, (l) => l.replace('leaf_value=0.0448', 'leaf_value=0.04480'));
    expectError(edited, line, /tree_sizes\[0\] is 2799 but tree 0 is 2800 bytes long/);
  });

  it('an unknown tree field, or a field given twice', () => {
    const at = lineOf(REGRESSION, 'shrinkage=', lineOf(REGRESSION, 'Tree=8'));
    expectError(
      editLine(REGRESSION, at, () => 'shrinkag=1'),
      at,
      /tree 8: unknown field "shrinkag"/,
    );
    expectError(
      editLine(REGRESSION, at, () => 'is_linear=0'),
      at,
      /tree 8: field "is_linear" appears twice/,
    );
  });

  it('a parameters block cut short', () => {
    const text = REGRESSION.slice(0, REGRESSION.indexOf('end of parameters'));
    expectError(text, text.split('\n').length - 1, /no "end of parameters"/);
  });

  it('feature_names that disagree with max_feature_idx', () => {
    expectError(
      REGRESSION.replace('max_feature_idx=12', 'max_feature_idx=13'),
      8,
      /feature_names lists 13 names, max_feature_idx=13 needs 14/,
    );
  });
});
