// Loading the shared candles: every file of shared/data/1h and shared/data/5m through the strict loader
// (gunzip, parse, validate), and resampling all of 5m to 1h. The first, cold load is reported beside the median:
// it is what a one-shot CLI run pays.
import { readCandleDir } from '../src/data/candle-file.js';
import type { CandleSeries } from '../src/data/candles.js';
import { resample } from '../src/data/resample.js';
import { medianMs, sharedPath, type BenchFigure, type BenchModule } from './harness.js';

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

function rows(series: Map<string, CandleSeries>): number {
  let n = 0;
  for (const s of series.values()) n += s.length;
  return n;
}

const bench: BenchModule = {
  title: 'Candle data: load and resample',
  async run(): Promise<BenchFigure[]> {
    const dir1h = sharedPath('data/1h');
    const dir5m = sharedPath('data/5m');
    const [h1, cold1h] = await timed(() => readCandleDir(dir1h));
    const [m5, cold5m] = await timed(() => readCandleDir(dir5m));
    const load1h = await medianMs(() => readCandleDir(dir1h));
    const load5m = await medianMs(() => readCandleDir(dir5m));
    const resampled = await medianMs(() => {
      for (const s of m5.values()) resample(s, '1h');
    });
    const n1h = rows(h1);
    const n5m = rows(m5);
    const perRow = (ms: number, n: number): string => `${((ms * 1e6) / n).toFixed(0)} ns/row`;
    return [
      {
        name: `load all ${h1.size} files of shared/data/1h (${n1h} rows)`,
        value: load1h,
        unit: 'ms',
        target: '< 1000',
        ok: load1h < 1000,
        note: `median of 5; first (cold) load ${cold1h.toFixed(0)} ms; ${perRow(load1h, n1h)}`,
      },
      {
        name: `load all ${m5.size} files of shared/data/5m (${n5m} rows)`,
        value: load5m,
        unit: 'ms',
        target: '< 5000',
        ok: load5m < 5000,
        note: `median of 5; first (cold) load ${cold5m.toFixed(0)} ms; ${perRow(load5m, n5m)}`,
      },
      {
        name: `resample ${m5.size} × 5m → 1h (${n5m} bars in)`,
        value: resampled,
        unit: 'ms',
        note: `median of 5; ${perRow(resampled, n5m)}`,
      },
    ];
  },
};

export default bench;
