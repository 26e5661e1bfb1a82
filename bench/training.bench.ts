// The trainer's speed on the reference workload: 500,000 rows × 13 features, 200 iterations, 31 leaves,
// 255 bins, L2 (synthetic deterministic data, bench/training-data.ts). The LightGBM CLI takes about 6.3 s for
// it with one thread (5.3 s training); the goal is at most twice that. For a same-machine comparison run
// `npx tsx bench/training-data.ts /tmp/bench.csv && python3 bench/training-lightgbm.py /tmp/bench.csv`.
import { parseTrainParams, trainGbdt } from '../src/models/training/index.js';
import type { BenchFigure, BenchModule } from './harness.js';
import { benchData } from './training-data.js';

const ROWS = 500_000;
const LIGHTGBM_CLI_MS = 6300;

const bench: BenchModule = {
  title: 'Model training (GBDT)',
  async run(): Promise<BenchFigure[]> {
    const data = benchData(ROWS);
    const params = parseTrainParams([
      ['num_iterations', '200'],
      ['num_leaves', '31'],
      ['max_bin', '255'],
      ['learning_rate', '0.1'],
    ]);
    // One small run first, so the timed run measures optimised code rather than the JIT's first pass.
    trainGbdt(
      { ...data, rows: 20_000, x: data.x.subarray(0, 20_000 * data.cols), y: data.y.subarray(0, 20_000) },
      { ...params, numIterations: 5 },
    );
    let firstTree = 0;
    const t0 = performance.now();
    const model = trainGbdt(data, params, {
      onIteration: (done) => {
        if (done === 1) firstTree = performance.now() - t0;
      },
    });
    const total = performance.now() - t0;
    await Promise.resolve();
    return [
      {
        name: `train ${ROWS.toLocaleString('en')} rows × 13 features, 200 iterations, 31 leaves, 255 bins`,
        value: total,
        unit: 'ms',
        target: `< ${2 * LIGHTGBM_CLI_MS}`,
        ok: total < 2 * LIGHTGBM_CLI_MS && model.trees.length === 200,
        note: `LightGBM CLI ≈ ${LIGHTGBM_CLI_MS} ms (1 thread); ${(total / LIGHTGBM_CLI_MS).toFixed(2)}× that`,
      },
      {
        name: 'of which binning and the first tree',
        value: firstTree,
        unit: 'ms',
      },
      {
        name: 'per further iteration',
        value: (total - firstTree) / 199,
        unit: 'ms',
      },
    ];
  },
};

export default bench;
