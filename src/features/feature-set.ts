// The 13 features of one asset, streaming and batch. The batch form folds the very same calculators over a
// series, bar by bar, so a value computed for training is bit-for-bit the value the live bot computes.
import type { CandleSeries } from '../data/candles.js';
import { LogReturn } from './momentum.js';
import { BollingerPosition, EmaZScore, Rsi } from './mean-reversion.js';
import { DEFAULT_FEATURE_PARAMS, checkFeatureParams, type FeatureParams } from './params.js';
import { TierFeature } from './tier.js';
import { AtrPct, Drawdown, RealizedVol } from './volatility.js';
import { VolumeRatio } from './volume.js';
import type { BarCalculator, FeatureBar, Tier } from './types.js';

/** Column order of every feature row and matrix; the models' feature names. */
export const FEATURE_NAMES = [
  'ret_1h',
  'ret_3h',
  'ret_6h',
  'ret_24h',
  'zscore_ema_24',
  'zscore_ema_72',
  'rsi_14',
  'bb_pos_20',
  'rvol_24',
  'atr_pct_14',
  'drawdown_168',
  'volume_ratio_24',
  'tier',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Column of each feature in a row. */
export const FEATURE_INDEX = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Readonly<
  Record<FeatureName, number>
>;

/** Fresh calculators for the 13 features, in FEATURE_NAMES order. */
export function createFeatureCalculators(
  tier: Tier,
  params: FeatureParams = DEFAULT_FEATURE_PARAMS,
): BarCalculator[] {
  checkFeatureParams(params);
  const [r1, r3, r6, r24] = params.returnBars;
  const [e1, e2] = params.emaSpans;
  const w = params.seedWeight;
  return [
    new LogReturn('ret_1h', r1),
    new LogReturn('ret_3h', r3),
    new LogReturn('ret_6h', r6),
    new LogReturn('ret_24h', r24),
    new EmaZScore('zscore_ema_24', e1, w),
    new EmaZScore('zscore_ema_72', e2, w),
    new Rsi('rsi_14', params.rsiPeriod, w),
    new BollingerPosition('bb_pos_20', params.bollingerBars),
    new RealizedVol('rvol_24', params.rvolBars),
    new AtrPct('atr_pct_14', params.atrPeriod, w),
    new Drawdown('drawdown_168', params.drawdownBars),
    new VolumeRatio('volume_ratio_24', params.volumeBars),
    new TierFeature(tier),
  ];
}

/** createFeatureCalculators' list with each calculator's class, in that order. */
type Calculators = [
  LogReturn,
  LogReturn,
  LogReturn,
  LogReturn,
  EmaZScore,
  EmaZScore,
  Rsi,
  BollingerPosition,
  RealizedVol,
  AtrPct,
  Drawdown,
  VolumeRatio,
  TierFeature,
];

/** All 13 features of one asset. */
export class FeatureSet {
  readonly tier: Tier;
  /** Bars before every feature has a value (the longest warm-up); individual features start earlier. */
  readonly warmup: number;
  /** The latest row, in FEATURE_NAMES order (NaN where a feature is still warming up). */
  readonly values = new Float64Array(FEATURE_COUNT);
  readonly #calcs: Calculators;

  constructor(tier: Tier, params: FeatureParams = DEFAULT_FEATURE_PARAMS) {
    this.tier = tier;
    this.#calcs = createFeatureCalculators(tier, params) as Calculators;
    if (this.#calcs.length !== 13) throw new Error('FeatureSet.update calls 13 calculators: keep it in step');
    this.warmup = Math.max(...this.#calcs.map((c) => c.warmup));
    this.values.fill(NaN);
  }

  /** Per-feature warm-ups, in FEATURE_NAMES order. */
  get warmups(): number[] {
    return this.#calcs.map((c) => c.warmup);
  }

  /** Feeds the next closed bar; writes the row to `values` (and to `out` at `offset` when given). */
  update(bar: FeatureBar, out?: Float64Array, offset = 0): Float64Array {
    const c = this.#calcs;
    const v = this.values;
    // The calculators in order, one call site each: every site always meets the same class, so V8 inlines it
    // and the value stays an unboxed double. (A loop over the list is one call site meeting nine classes: a
    // megamorphic call and a boxed number per feature per bar, a third of the engine's feature time.)
    v[0] = c[0].update(bar);
    v[1] = c[1].update(bar);
    v[2] = c[2].update(bar);
    v[3] = c[3].update(bar);
    v[4] = c[4].update(bar);
    v[5] = c[5].update(bar);
    v[6] = c[6].update(bar);
    v[7] = c[7].update(bar);
    v[8] = c[8].update(bar);
    v[9] = c[9].update(bar);
    v[10] = c[10].update(bar);
    v[11] = c[11].update(bar);
    v[12] = c[12].update();
    if (out !== undefined) for (let j = 0; j < FEATURE_COUNT; j++) out[offset + j] = v[j] as number;
    return v;
  }

  reset(): void {
    for (const c of this.#calcs) c.reset();
    this.values.fill(NaN);
  }
}

/** Row-major features of a whole series: row i is the feature vector known at the close of bar i. */
export interface FeatureMatrix {
  readonly names: readonly FeatureName[];
  readonly rows: number;
  readonly cols: number;
  /** Open time of each row's bar (the row is known at open + interval). */
  readonly time: Float64Array;
  /** rows × cols values, row-major. */
  readonly data: Float64Array;
}

/**
 * Calls `visit(bar, i)` for each bar of a series with one reused bar object: the batch twin of a streaming loop,
 * without an allocation per bar.
 */
export function forEachBar(series: CandleSeries, visit: (bar: FeatureBar, i: number) => void): void {
  const bar = { high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < series.length; i++) {
    bar.high = series.high[i] as number;
    bar.low = series.low[i] as number;
    bar.close = series.close[i] as number;
    bar.volume = series.volume[i] as number;
    visit(bar, i);
  }
}

/** Batch form of one calculator: its streaming updates over the series, one value per bar. */
export function foldSeries(calc: BarCalculator, series: CandleSeries): Float64Array {
  const out = new Float64Array(series.length);
  forEachBar(series, (bar, i) => {
    out[i] = calc.update(bar);
  });
  return out;
}

/** Batch form of FeatureSet: all 13 features of every bar of a series. */
export function computeFeatures(
  series: CandleSeries,
  tier: Tier,
  params: FeatureParams = DEFAULT_FEATURE_PARAMS,
): FeatureMatrix {
  const set = new FeatureSet(tier, params);
  const data = new Float64Array(series.length * FEATURE_COUNT);
  forEachBar(series, (bar, i) => {
    set.update(bar, data, i * FEATURE_COUNT);
  });
  return {
    names: FEATURE_NAMES,
    rows: series.length,
    cols: FEATURE_COUNT,
    time: series.time.slice(0, series.length),
    data,
  };
}

/** One column of a feature matrix, copied out. */
export function featureColumn(m: FeatureMatrix, name: FeatureName): Float64Array {
  const j = FEATURE_INDEX[name];
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j] as number;
  return out;
}
