// Whole backtests, end to end: load the candles (and resample 5m to the hourly decision bars), replay them through
// the engine on the simulated exchange with two 200-tree models scoring every coin every hour, and compute the
// summary with both benchmarks. The shared 1h year (34 coins) and the shared 5m nine months (14 coins, stops on
// every 5m bar). Peak memory is the largest RSS sampled during each run.
import { readFileSync } from 'node:fs';
import { ModelScorer } from '../src/alpha/model-scorer.js';
import { runBacktest, summarizeBacktest } from '../src/cli/backtest/run-backtest.js';
import { loadBacktestCandles } from '../src/cli/commands/backtest.js';
import { loadConfig } from '../src/config/load.js';
import { readExchangeInfoFile } from '../src/exchange/server/trade-pairs.js';
import { FEATURE_NAMES } from '../src/features/feature-set.js';
import { parseModel } from '../src/models/lightgbm/index.js';
import { ROOT, sharedPath, type BenchFigure, type BenchModule } from './harness.js';

function benchScorer(name: string): ModelScorer {
  const text = readFileSync(`${ROOT}bench/fixtures/lgbm-200x31.txt`, 'utf8').replace(
    /^feature_names=.*$/m,
    `feature_names=${FEATURE_NAMES.join(' ')}`,
  );
  return new ModelScorer(parseModel(text, name), name);
}

interface Timed {
  readonly ms: number;
  readonly peakMb: number;
  readonly decisions: number;
  readonly fills: number;
}

async function endToEnd(configFile: string): Promise<Timed> {
  let peak = process.memoryUsage.rss();
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const t0 = performance.now();
  const { config } = await loadConfig(`${ROOT}${configFile}`, { env: {}, cwd: ROOT });
  const { decision, stop } = await loadBacktestCandles(config, ROOT, undefined);
  sample();
  const run = await runBacktest({
    config,
    decision,
    stop,
    model6h: benchScorer('bench-6h'),
    model24h: benchScorer('bench-24h'),
    exchangeInfo: readExchangeInfoFile(`${ROOT}data/roostoo/exchangeInfo.json`),
    onProgress: (done) => {
      if (done % 256 === 0) sample();
    },
  });
  const s = summarizeBacktest(config, decision, run);
  sample();
  if (s.setup.scorer !== 'models') throw new Error(`the bench ran ${s.setup.scorer}, not the models`);
  return {
    ms: performance.now() - t0,
    peakMb: peak / 2 ** 20,
    decisions: s.period.decisions,
    fills: s.strategy.orders.fills,
  };
}

const bench: BenchModule = {
  title: 'Backtest, end to end',
  async run(): Promise<BenchFigure[]> {
    sharedPath('data/1h');
    sharedPath('data/5m');
    const figures: BenchFigure[] = [];
    for (const [file, label, target] of [
      ['config/shared-1h.yaml', '34-asset 1h year (shared/data/1h), two 200-tree models', 5000],
      ['config/shared-5m.yaml', '14-asset 5m nine months, stops on 5m, decisions on 1h resampled', 20000],
    ] as const) {
      await endToEnd(file); // warm-up: JIT, file cache
      const r = await endToEnd(file);
      figures.push(
        {
          name: `backtest ${label}: load + replay + summary`,
          value: Math.round(r.ms),
          unit: 'ms',
          target: `< ${target}`,
          ok: r.ms < target,
          note: `${r.decisions} decisions, ${r.fills} fills`,
        },
        { name: `backtest ${label}: peak RSS`, value: Math.round(r.peakMb), unit: 'MB' },
      );
    }
    return figures;
  },
};

export default bench;
