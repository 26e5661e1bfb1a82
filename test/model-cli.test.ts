// `algobot model predict` and `algobot model info` as a user runs them: output byte-identical to LightGBM's.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, SHARED_CASES } from './helpers/lightgbm-fixtures.js';
import { runCli } from './helpers/run-cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'algobot-model-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const file = (name: string, f: string): string => `${FIXTURES}${name}/${f}`;
const predict = (name: string, ...extra: string[]) =>
  runCli([
    'model',
    'predict',
    '--model',
    file(name, 'model.txt'),
    '--input',
    file(name, 'test.csv'),
    ...extra,
  ]);

describe('algobot model predict', () => {
  it.each(SHARED_CASES)('prints exactly LightGBM pred.txt, raw.txt and leaf.txt for %s', async (name) => {
    const pred = await predict(name);
    expect(pred.stderr).toBe('');
    expect(pred.code).toBe(0);
    expect(pred.stdout).toBe(readFileSync(file(name, 'pred.txt'), 'utf8'));
    expect((await predict(name, '--raw')).stdout).toBe(readFileSync(file(name, 'raw.txt'), 'utf8'));
    expect((await predict(name, '--leaf')).stdout).toBe(readFileSync(file(name, 'leaf.txt'), 'utf8'));
  });

  it('uses a subset of iterations with --start-iteration and --num-iteration', async () => {
    const name = 'multiclass_iterations';
    expect((await predict(name, '--num-iteration', '1')).stdout).toBe(
      readFileSync(file(name, 'pred_s0_n1.txt'), 'utf8'),
    );
    const s2n3 = await predict(name, '--start-iteration', '2', '--num-iteration', '3');
    expect(s2n3.stdout).toBe(readFileSync(file(name, 'pred_s2_n3.txt'), 'utf8'));
    expect((await predict(name, '--start-iteration', '2', '--num-iteration', '3', '--raw')).stdout).toBe(
      readFileSync(file(name, 'raw_s2_n3.txt'), 'utf8'),
    );
    expect((await predict(name, '--start-iteration', '5', '--num-iteration', '10', '--leaf')).stdout).toBe(
      readFileSync(file(name, 'leaf_s5_n10.txt'), 'utf8'),
    );
  });

  it('matches features by name whatever the column order, ignoring extra columns', async () => {
    const name = 'categorical';
    const header = readFileSync(file(name, 'test.csv'), 'utf8').split('\n')[0] as string;
    expect(header.split(',')[0]).not.toBe('f0_ret'); // the fixture's columns are shuffled
    expect(header.split(',')).toContain('label');
    expect((await predict(name)).stdout).toBe(readFileSync(file(name, 'pred.txt'), 'utf8'));
  });

  it('names every missing feature column', async () => {
    const csv = path.join(tmp, 'missing.csv');
    writeFileSync(csv, 'target,ret_1h,ret_6h\n1,2,3\n');
    const r = await runCli([
      'model',
      'predict',
      '--model',
      file('a_regression', 'model.txt'),
      '--input',
      csv,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^algobot: ${csv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: missing 11 of the model's 13 features: ret_24h, z_close_24, .*, tier \\(columns: target, ret_1h, ret_6h\\)\\n$`,
      ),
    );
  });

  it('names file, line and column of a value that is not a number', async () => {
    const lines = readFileSync(file('a_regression', 'test.csv'), 'utf8').split('\n');
    lines[3] = (lines[3] as string).replace(/,[^,]+$/, ',two');
    const csv = path.join(tmp, 'bad.csv');
    writeFileSync(csv, lines.join('\n'));
    const r = await runCli([
      'model',
      'predict',
      '--model',
      file('a_regression', 'model.txt'),
      '--input',
      csv,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`algobot: ${csv}:4: column 14 ("tier"): "two" is not a number\n`);
  });

  it('refuses a damaged model file, naming its line', async () => {
    const text = readFileSync(file('a_regression', 'model.txt'), 'utf8').replace(
      'objective=regression',
      'objective=regresion',
    );
    const model = path.join(tmp, 'bad-model.txt');
    writeFileSync(model, text);
    const r = await runCli([
      'model',
      'predict',
      '--model',
      model,
      '--input',
      file('a_regression', 'test.csv'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`algobot: ${model}:7: unknown objective "regresion"\n`);
  });

  it('resolves relative paths against the working directory, and reports unreadable files', async () => {
    const ok = await runCli(
      ['model', 'predict', '--model', 'one_leaf/model.txt', '--input', 'one_leaf/test.csv'],
      {
        cwd: FIXTURES,
      },
    );
    expect(ok.stdout).toBe(readFileSync(file('one_leaf', 'pred.txt'), 'utf8'));
    const r = await runCli(['model', 'predict', '--model', 'nope.txt', '--input', 'x.csv'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^algobot: nope.txt: cannot read the model file: ENOENT/);
  });

  it('refuses --raw with --leaf, and a start iteration past the model', async () => {
    const both = await predict('d_binary', '--raw', '--leaf');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('algobot: --raw and --leaf exclude each other\n');
    const past = await predict('d_binary', '--start-iteration', '100');
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/--start-iteration 100 is past the model's last iteration \(it has 100\)/);
  });
});

describe('algobot model info', () => {
  it('describes objective, trees, classes, features with importance, and the parameters', async () => {
    const r = await runCli(['model', 'info', file('h_multiclass', 'model.txt')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('LightGBM text model, format v4');
    expect(r.stdout).toMatch(/objective\s+multiclass num_class:3 {2}\(output: softmax\)/);
    expect(r.stdout).toMatch(/classes\s+3\n/);
    expect(r.stdout).toMatch(/trees\s+300 \(100 iterations × 3 per iteration\)/);
    expect(r.stdout).toMatch(/features \(13\)/);
    expect(r.stdout).toMatch(/\n\s+0 {2}ret_1h\s+\d+\s+[\d.]+ {2}\[-0\.\d+:0\.\d+\]\n/);
    expect(r.stdout).toContain('training parameters:');
    expect(r.stdout).toContain('  num_class: 3\n');
    expect(r.stdout).toContain('  learning_rate: 0.05\n');
  });

  it('reports split counts and gains that equal LightGBM feature_importance()', async () => {
    const params = JSON.parse(readFileSync(file('categorical', 'params.json'), 'utf8')) as {
      importance_split: number[];
    };
    const r = await runCli(['model', 'info', file('categorical', 'model.txt')]);
    const splits = [...r.stdout.matchAll(/^\s+(\d+) {2}(f\d_\w+)\s+(\d+)\s/gm)].map((m) => Number(m[3]));
    expect(splits).toEqual(params.importance_split);
    expect(r.stdout).toMatch(/categorical trees\s+12/);
  });

  it('says when early stopping cut the file short', async () => {
    const r = await runCli(['model', 'info', file('early_stopped', 'model.txt')]);
    expect(r.stdout).toMatch(/trained with num_iterations=200; the file keeps \d+ \(early stopping\)/);
  });

  it('fails with the file and line on a damaged model', async () => {
    const model = path.join(tmp, 'cut.txt');
    writeFileSync(model, readFileSync(file('d_binary', 'model.txt'), 'utf8').slice(0, 5000));
    const r = await runCli(['model', 'info', model]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^algobot: ${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: `));
  });
});
