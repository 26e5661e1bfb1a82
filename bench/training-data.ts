// Synthetic training data for bench/training.bench.ts and the same-machine LightGBM comparison
// (bench/fixtures/training-lightgbm.py reads the CSV that `npx tsx bench/training-data.ts FILE` writes):
// deterministic, 13 features shaped like ours (returns, z-scores, an RSI-like 0-100 value, a positive
// volatility, a 1-3 tier), 5 % NaN in two of them, and a label that is a weak nonlinear function of a few
// features plus noise, so the trees have something to find and most of the variance is noise, as in markets.
import { writeFileSync } from 'node:fs';
import { FEATURE_NAMES } from '../src/features/feature-set.js';
import { SeededRandom } from '../src/models/training/random.js';

/** The bot's own 13 feature names, so the bench data has the shape of the real training rows. */
export const BENCH_FEATURES = FEATURE_NAMES;

export interface BenchData {
  readonly rows: number;
  readonly cols: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly featureNames: readonly string[];
}

export function benchData(rows: number, seed = 1): BenchData {
  const cols = BENCH_FEATURES.length;
  const rng = new SeededRandom(seed);
  const normal = (): number => {
    const u = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const x = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const vol = 0.002 + 0.02 * rng.nextFloat() ** 2;
    for (let j = 0; j < 4; j++) x[o + j] = vol * Math.sqrt([1, 3, 6, 24][j] as number) * normal();
    x[o + 4] = normal();
    x[o + 5] = 0.7 * (x[o + 4] as number) + 0.7 * normal();
    x[o + 6] = Math.min(100, Math.max(0, 50 + 15 * normal()));
    x[o + 7] = 0.8 * normal();
    x[o + 8] = vol;
    x[o + 9] = vol * (1 + 0.3 * rng.nextFloat());
    x[o + 10] = -Math.abs(0.1 * normal());
    x[o + 11] = Math.exp(0.5 * normal());
    x[o + 12] = 1 + rng.nextInt(3);
    const signal =
      -0.3 * Math.tanh((x[o + 3] as number) / (vol * 5)) +
      0.2 * Math.tanh(x[o + 4] as number) +
      0.1 * ((x[o + 6] as number) > 70 ? -1 : 0) +
      0.1 * (x[o + 12] as number) * (x[o + 7] as number);
    y[r] = signal + normal();
    if (rng.nextFloat() < 0.05) x[o + 7] = NaN;
    if (rng.nextFloat() < 0.05) x[o + 11] = NaN;
  }
  return { rows, cols, x, y, featureNames: BENCH_FEATURES };
}

/** CSV with a `target` column first, as LightGBM's CLI and the comparison script read it. */
export function benchCsv(d: BenchData): string {
  const lines = [`target,${d.featureNames.join(',')}`];
  for (let r = 0; r < d.rows; r++) {
    const v = [String(d.y[r])];
    for (let j = 0; j < d.cols; j++) {
      const x = d.x[r * d.cols + j] as number;
      v.push(Number.isNaN(x) ? 'nan' : String(x));
    }
    lines.push(v.join(','));
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: npx tsx bench/training-data.ts OUT.csv [rows]');
  writeFileSync(file, benchCsv(benchData(Number(process.argv[3] ?? 500_000))));
}
