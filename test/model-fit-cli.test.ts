// `algobot model fit` end to end, in-process: the LightGBM reference case, parameter and CSV errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, parseModel, predictBatch } from '../src/models/lightgbm/index.js';
import { parseNumericCsv } from '../src/models/training/csv-table.js';
import { runCli } from './helpers/run-cli.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/training/a_regression');

describe('algobot model fit', () => {
  it('trains on the reference case with its LightGBM parameters; test MSE within 2 % of LightGBM’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algobot-fit-'));
    const lgb = JSON.parse(readFileSync(join(FIXTURE, 'params.json'), 'utf8')) as {
      train_params: Record<string, string>;
    };
    const keys = ['objective', 'num_iterations', 'num_leaves', 'learning_rate', 'seed'];
    const params = keys.flatMap((k) => ['--param', `${k}=${lgb.train_params[k]}`]);
    const out = join(dir, 'model.txt');
    const r = await runCli([
      'model',
      'fit',
      '--input',
      join(FIXTURE, 'train.csv'),
      '--label',
      'target',
      ...params,
      '--out',
      out,
    ]);
    expect(r.stderr).toContain('100%');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/100 trees, 13 features, 3000 rows; training l2 0\.3/);

    const test = parseNumericCsv(readFileSync(join(FIXTURE, 'test.csv'), 'utf8'), 'test.csv', 'target');
    const pred = new Float64Array(test.rows);
    predictBatch(compileModel(parseModel(readFileSync(out, 'utf8'), out)), test.x, test.rows, pred);
    const reference = readFileSync(join(FIXTURE, 'pred.txt'), 'utf8').trim().split('\n').map(Number);
    let ours = 0;
    let theirs = 0;
    for (let i = 0; i < 400; i++) {
      ours += ((pred[i] as number) - (test.y[i] as number)) ** 2;
      theirs += ((reference[i] as number) - (test.y[i] as number)) ** 2;
    }
    expect(Math.abs(ours / theirs - 1)).toBeLessThan(0.02);
  });

  it('stops early with --valid and reports the best iteration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algobot-fit-'));
    const lines = readFileSync(join(FIXTURE, 'train.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'train.csv'), `${lines.slice(0, 2001).join('\n')}\n`);
    writeFileSync(join(dir, 'valid.csv'), `${[lines[0], ...lines.slice(2001)].join('\n')}\n`);
    const r = await runCli(
      [
        'model',
        'fit',
        '--input',
        'train.csv',
        '--valid',
        'valid.csv',
        '--label',
        'target',
        '--param',
        'n_estimators=1000',
        '--param',
        'eta=0.3',
        '--param',
        'early_stopping_round=5',
        '--out',
        'm.txt',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const best = /best iteration (\d+)/.exec(r.stdout)?.[1];
    expect(best).toBeDefined();
    expect(r.stdout).toContain(`m.txt: ${best} trees`);
  });

  it('refuses an unknown parameter, naming it', async () => {
    const r = await runCli([
      'model',
      'fit',
      '--input',
      join(FIXTURE, 'train.csv'),
      '--label',
      'target',
      '--param',
      'num_leafs=31',
      '--out',
      'x.txt',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--param num_leafs: unknown parameter "num_leafs"/);
  });

  it('names file, line and column of a non-numeric value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algobot-fit-'));
    writeFileSync(join(dir, 'bad.csv'), 'target,a,b\n1,2,3\n2,3,4\n3,oops,5\n');
    const r = await runCli(['model', 'fit', '--input', 'bad.csv', '--label', 'target', '--out', 'x.txt'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv:4: column 2 ("a"): "oops" is not a number');
  });
});
