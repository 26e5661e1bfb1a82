// LightGBM prediction, end to end and in memory: a 200-tree, 31-leaf model (bench/fixtures/lgbm-200x31.txt,
// trained by the real LightGBM) over a generated CSV of 1,000,000 rows × 13 features. Compared, when Python's
// lightgbm package is installed, with LightGBM itself predicting the same file single-threaded (its C++ CSV
// parser and predictor, the path of its CLI). Needs `npm run build` first (it runs bin/algobot).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  compileModel,
  createBatchPredictor,
  formatG17,
  parseModel,
  predictBatch,
} from '../src/models/lightgbm/index.js';
import { type BenchFigure, type BenchModule, ROOT, medianMs } from './harness.js';

const ROWS = 1_000_000;
const MODEL = `${ROOT}bench/fixtures/lgbm-200x31.txt`;

/** Deterministic feature rows like the bot's: 9 significant digits, a few NaN, a label column first. */
function writeCsv(file: string, names: readonly string[]): void {
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const parts: string[] = [`target,${names.join(',')}\n`];
  let block = '';
  for (let r = 0; r < ROWS; r++) {
    let line = (rand() - 0.5).toPrecision(9);
    for (let f = 0; f < names.length; f++) {
      const u = rand();
      let v: string;
      if (u < 0.01) v = 'nan';
      else if (f === 5) v = (100 * rand()).toPrecision(9);
      else if (f === 12) v = String(1 + Math.floor(3 * rand()));
      else v = ((rand() + rand() + rand() - 1.5) * 2).toPrecision(9);
      line += `,${v}`;
    }
    block += `${line}\n`;
    if (r % 10000 === 9999) {
      parts.push(block);
      block = '';
    }
  }
  parts.push(block);
  writeFileSync(file, parts.join(''));
}

function seconds(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

const bench: BenchModule = {
  title: 'LightGBM predictor',
  async run(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'algobot-lgbm-bench-'));
    try {
      const model = parseModel(readFileSync(MODEL, 'utf8'), MODEL);
      const csv = path.join(dir, 'features.csv');
      writeCsv(csv, model.featureNames);
      const mb = statSync(csv).size / 2 ** 20;

      // End to end: the CLI as a user runs it, output to a file.
      const out = path.join(dir, 'pred.txt');
      const cli = seconds(() => {
        execFileSync(
          'sh',
          ['-c', `node "${ROOT}bin/algobot" model predict --model "${MODEL}" --input "${csv}" > "${out}"`],
          { stdio: 'inherit' },
        );
      });
      figures.push({
        name: `algobot model predict, ${ROWS / 1e6}M rows × 13 features (${mb.toFixed(0)} MB CSV), 200 trees × 31 leaves`,
        value: cli,
        unit: 's',
        target: '< 10',
        ok: cli < 10,
        note: 'end to end: node start-up, model parse, CSV parse, predict, %.17g output to a file',
      });

      // LightGBM itself on the same file, if installed: C++ CSV parser + predictor, one thread.
      const lgbOut = path.join(dir, 'lgb.txt');
      const py = spawnSync(
        'python3',
        [
          '-c',
          [
            'import sys, time, lightgbm as lgb, numpy as np',
            'b = lgb.Booster(model_file=sys.argv[1])',
            't = time.perf_counter()',
            "p = b.predict(sys.argv[2], data_has_header=True, num_threads=1, label_column='name:target')",
            'dt = time.perf_counter() - t',
            "np.savetxt(sys.argv[3], p, fmt='%.17g')",
            'print(dt)',
          ].join('\n'),
          MODEL,
          csv,
          lgbOut,
        ],
        { encoding: 'utf8' },
      );
      if (py.status === 0) {
        const lgbSeconds = Number(py.stdout.trim());
        const same = readFileSync(lgbOut, 'utf8') === readFileSync(out, 'utf8');
        figures.push({
          name: 'LightGBM 4.x predicting the same CSV file (python lightgbm, num_threads=1)',
          value: lgbSeconds,
          unit: 's',
          note: `its C++ file parser and predictor (the CLI's path), output excluded; outputs ${same ? 'identical' : 'DIFFER'}`,
        });
      } else {
        figures.push({
          name: 'LightGBM comparison',
          value: NaN,
          unit: 's',
          note: 'python3 -c "import lightgbm" failed (PyPI is not reachable from this machine): 2026-11-25, where it was installed, LightGBM took 11.7–14.0 s',
        });
      }

      // In memory: batch prediction over a feature matrix.
      const compiled = compileModel(model);
      const nf = compiled.numFeatures;
      const n = 100_000;
      const X = new Float64Array(n * nf);
      let seed = 7;
      for (let i = 0; i < X.length; i++) {
        seed = (seed * 16807) % 2147483647;
        X[i] = (seed / 2147483647 - 0.5) * 4;
      }
      const outBuf = new Float64Array(n);
      const predictor = createBatchPredictor(compiled, { output: 'raw' });
      const genMs = await medianMs(() => predictor.predict(X.slice(), n, outBuf), 5);
      figures.push({
        name: 'in-memory batch predict, generated code',
        value: n / (genMs / 1000),
        unit: 'rows/s',
        note: `${((genMs * 1e6) / n / 200).toFixed(1)} ns per tree per row`,
      });
      const loopMs = await medianMs(() => predictBatch(compiled, X.slice(), n, outBuf, { output: 'raw' }), 3);
      figures.push({
        name: 'in-memory batch predict, typed-array tree walk',
        value: n / (loopMs / 1000),
        unit: 'rows/s',
        note: `${((loopMs * 1e6) / n / 200).toFixed(1)} ns per tree per row`,
      });
      const fmtMs = await medianMs(() => {
        let len = 0;
        for (let i = 0; i < n; i++) len += formatG17(outBuf[i] as number).length;
        return len;
      }, 5);
      figures.push({ name: '%.17g formatting', value: n / (fmtMs / 1000), unit: 'values/s' });
      const compileMs = await medianMs(() => createBatchPredictor(compileModel(model), { output: 'raw' }), 3);
      figures.push({ name: 'compile 200 trees to code', value: compileMs, unit: 'ms' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default bench;
