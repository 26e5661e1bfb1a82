// Features, regime and alpha: the batch fold over the whole shared 1h history, and one streaming step of the live
// bot (13 features for each of 34 assets, the regime, and alpha from two 200-tree models), timed step by step after
// a warm-up on the history.
import { readdirSync, readFileSync } from 'node:fs';
import { scoreAlpha } from '../src/alpha/alpha.js';
import { DEFAULT_FALLBACK_PARAMS } from '../src/alpha/fallback.js';
import { ModelScorer } from '../src/alpha/model-scorer.js';
import { FEATURE_NAMES } from '../src/features/feature-set.js';
import { parseModel } from '../src/models/lightgbm/index.js';
import { candleAt, type Candle, type CandleSeries } from '../src/data/candles.js';
import { computeFeatures, UniverseFeatures, type Tier } from '../src/features/index.js';
import { detectRegimes, forEachAlignedClose, RegimeDetector } from '../src/regime/index.js';
import { readCandleCsv } from '../test/helpers/candle-csv.js';
import { ROOT, medianMs, sharedPath, type BenchFigure, type BenchModule } from './harness.js';

// Tiers as in config/config.yaml's universe; everything else is a small cap. Speed does not depend on them.
const TIER_1 = new Set(['BTC', 'ETH']);
const TIER_2 = new Set(['SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'LINK', 'AVAX']);
const tierOf = (coin: string): Tier => (TIER_1.has(coin) ? 1 : TIER_2.has(coin) ? 2 : 3);

const TIMED_STEPS = 1000;

/** The 200-tree, 31-leaf bench model with its features renamed to ours: the size of model the bot will run. */
function benchScorer(): ModelScorer {
  const text = readFileSync(`${ROOT}bench/fixtures/lgbm-200x31.txt`, 'utf8').replace(
    /^feature_names=.*$/m,
    `feature_names=${FEATURE_NAMES.join(' ')}`,
  );
  return new ModelScorer(parseModel(text, 'lgbm-200x31.txt'), 'lgbm-200x31.txt');
}

const ALPHA = {
  weight6h: { trend: 0.4, chop: 0.6, down: 0.5 },
  holdingBars: 24,
  cost: { takerFee: 0.001, makerFee: 0.0005, makerShare: 0.5, halfSpreadBps: 1, slippageBps: 5 },
  minNetReturn: 0,
  fallback: DEFAULT_FALLBACK_PARAMS,
};

function loadUniverse(): CandleSeries[] {
  const dir = sharedPath('data/1h');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv.gz'))
    .sort()
    .map((f) => readCandleCsv(`${dir}/${f}`));
}

/** Per time of the union timeline: each asset's bar (or undefined) and the closes (NaN where none). */
function alignBars(universe: readonly CandleSeries[]): {
  times: number[];
  bars: (Candle | undefined)[][];
  closes: Float64Array[];
} {
  const times: number[] = [];
  const bars: (Candle | undefined)[][] = [];
  const closes: Float64Array[] = [];
  const cursor = universe.map(() => 0);
  forEachAlignedClose(universe, (t, c) => {
    times.push(t);
    closes.push(c.slice());
    bars.push(
      universe.map((s, a) => {
        const i = cursor[a] as number;
        if (i >= s.length || s.time[i] !== t) return undefined;
        cursor[a] = i + 1;
        return candleAt(s, i);
      }),
    );
  });
  return { times, bars, closes };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const bench: BenchModule = {
  title: 'Features, regime and alpha',
  async run(): Promise<BenchFigure[]> {
    const universe = loadUniverse();
    const bars = universe.reduce((n, s) => n + s.length, 0);

    const batchMs = await medianMs(() => {
      for (const s of universe) computeFeatures(s, tierOf(s.coin));
    });
    const regimeMs = await medianMs(() => detectRegimes(universe), 3);

    const aligned = alignBars(universe);
    const coins = universe.map((s) => s.coin);
    const features = new UniverseFeatures(universe.map((s) => ({ coin: s.coin, tier: tierOf(s.coin) })));
    const regime = new RegimeDetector(coins);
    const model6h = benchScorer();
    const model24h = benchScorer();
    const n = aligned.times.length;
    const stepUs: number[] = [];
    for (let k = 0; k < n; k++) {
      const t0 = process.hrtime.bigint();
      const values = features.update(aligned.bars[k] as (Candle | undefined)[]);
      const r = regime.update(aligned.times[k] as number, aligned.closes[k] as Float64Array) ?? 'chop';
      scoreAlpha(
        { features: values, regime: r, pred6h: model6h.predict(values), pred24h: model24h.predict(values) },
        ALPHA,
      );
      const dt = Number(process.hrtime.bigint() - t0) / 1000;
      if (k >= n - TIMED_STEPS) stepUs.push(dt);
    }
    stepUs.sort((a, b) => a - b);
    const median = quantile(stepUs, 0.5);

    return [
      {
        name: `13 features for the ${universe.length} assets of shared/data/1h (${bars.toLocaleString('en-US')} bars), batch`,
        value: batchMs,
        unit: 'ms',
        target: '< 1000',
        ok: batchMs < 1000,
        note: 'median of 5; computeFeatures = the streaming FeatureSet folded over each series',
      },
      {
        name: `regime over the ${universe.length}-asset 1h history (${n.toLocaleString('en-US')} hours), batch`,
        value: regimeMs,
        unit: 'ms',
        note: 'median of 3; detectRegimes = RegimeDetector folded over the union timeline',
      },
      {
        name: `one streaming step: 13 features × ${universe.length} assets + regime + alpha (2 models × 200 trees)`,
        value: median,
        unit: 'µs',
        target: '< 5000',
        ok: median < 5000,
        note: `median of the last ${TIMED_STEPS} hourly steps after warming up on the history; p99 ${quantile(stepUs, 0.99).toFixed(1)} µs, max ${(stepUs[stepUs.length - 1] as number).toFixed(1)} µs`,
      },
    ];
  },
};

export default bench;
