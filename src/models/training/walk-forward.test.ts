// The whole validation pipeline on real candles (the bundled sample): shuffled targets must score nothing out of
// sample (no leak through features, folds or transforms), and a target the features do explain must score well.
import { describe, expect, it } from 'vitest';
import { readCandleDir } from '../../data/candle-file.js';
import { FEATURE_COUNT, FEATURE_INDEX } from '../../features/feature-set.js';
import type { Tier } from '../../features/types.js';
import { demeanByTime, transformCrossSection } from './cross-section.js';
import { type LabelledDataset, buildLabelledDataset, timeGroups } from './dataset.js';
import { parseTrainParams } from './params.js';
import { SeededRandom } from './random.js';
import { trainAndValidate } from './walk-forward.js';

const SAMPLE = new URL('../../../data/sample/1h/', import.meta.url).pathname;
const COINS: readonly [string, Tier][] = [
  ['BTC', 1],
  ['ETH', 1],
  ['SOL', 2],
  ['BNB', 2],
  ['XRP', 2],
  ['DOGE', 2],
  ['ADA', 2],
  ['LINK', 2],
];

async function sample(): Promise<LabelledDataset> {
  const series = await readCandleDir(SAMPLE, { interval: '1h', coins: COINS.map(([c]) => c) });
  const assets = COINS.map(([coin, tier]) => ({
    coin,
    tier,
    series: series.get(coin) as NonNullable<ReturnType<typeof series.get>>,
  }));
  return buildLabelledDataset(assets, [6, 24], { from: Date.UTC(2025, 5, 1) });
}

const settings = {
  folds: 3,
  scheme: 'expanding' as const,
  embargoBars: 24,
  windowBars: 24 * 60,
  roundTripCost: 0.003,
  params: parseTrainParams([
    ['num_iterations', '40'],
    ['num_leaves', '7'],
    ['min_data_in_leaf', '200'],
    ['learning_rate', '0.1'],
    ['bagging_fraction', '0.7'],
    ['bagging_freq', '1'],
  ]),
};

describe('buildLabelledDataset', () => {
  it('labels each row with ln(c[t+h]/c[t]) / (rvol_24·√h), NaN where the window passes the data', async () => {
    const ds = await sample();
    const y = ds.targets.get(24) as Float64Array;
    const ret = ds.returns.get(24) as Float64Array;
    const last = ds.features.time[ds.features.rows - 1] as number;
    for (let r = 0; r < ds.features.rows; r += 97) {
      const vol = ds.features.data[r * FEATURE_COUNT + FEATURE_INDEX.rvol_24] as number;
      if ((ds.features.time[r] as number) > last - 24 * 3_600_000) expect(y[r]).toBeNaN();
      else expect(y[r]).toBeCloseTo((ret[r] as number) / (vol * Math.sqrt(24)), 12);
    }
    // Forward returns agree with ret_24h 24 bars later (the feature is the same log return, looking back).
    const r0 = 0;
    const later = Array.from(ds.features.time).findIndex(
      (t, i) =>
        t === (ds.features.time[r0] as number) + 24 * 3_600_000 &&
        ds.features.asset[i] === ds.features.asset[r0],
    );
    expect(ret[r0]).toBeCloseTo(
      ds.features.data[later * FEATURE_COUNT + FEATURE_INDEX.ret_24h] as number,
      12,
    );
  });
});

describe('cross-sectional transforms', () => {
  it('rank maps each feature to [-0.5, 0.5] per decision time, keeps tier, and demeaning centres targets', () => {
    const x = Float64Array.from({ length: 4 * FEATURE_COUNT }, (_, i) => (i * 7919) % 13);
    transformCrossSection(x, FEATURE_COUNT, 0, 4, 'rank');
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const col = [0, 1, 2, 3].map((r) => x[r * FEATURE_COUNT + j] as number);
      if (j === FEATURE_INDEX.tier) continue;
      expect(Math.min(...col)).toBeGreaterThanOrEqual(-0.5);
      expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    }
    const y = Float64Array.from([1, 2, 3, NaN, 10, 20]);
    const d = demeanByTime(y, Int32Array.from([0, 4, 6]));
    expect(Array.from(d)).toEqual([-1, 0, 1, NaN, -5, 5]);
    expect(Array.from(timeGroups(Float64Array.from([1, 1, 2, 3, 3])))).toEqual([0, 2, 3, 5]);
  });
});

describe('trainAndValidate', () => {
  it('finds nothing out of sample in shuffled targets: the pipeline does not leak', async () => {
    const ds = await sample();
    const rng = new SeededRandom(11);
    const shuffled = new Map(ds.targets);
    for (const h of [6, 24]) {
      const y = (ds.targets.get(h) as Float64Array).slice();
      for (let i = y.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        [y[i], y[j]] = [y[j] as number, y[i] as number];
      }
      shuffled.set(h, y);
    }
    const r = trainAndValidate(
      { ...ds, targets: shuffled },
      { horizonBars: 6, demeanTarget: true, featureTransform: 'rank' },
      settings,
      [],
    );
    expect(Math.abs(r.outOfSample.rankIc)).toBeLessThan(0.02);
    expect(Math.abs(r.outOfSample.tStat)).toBeLessThan(2.5);
    expect(r.inSampleMeanRankIc).toBeGreaterThan(r.outOfSample.rankIc); // it does fit noise in sample
  });

  it('scores a target the features explain, and beats a baseline that cannot see it', async () => {
    const ds = await sample();
    const f = ds.features;
    // Target = a known function of this hour's features (no future information at all) plus noise.
    const rng = new SeededRandom(5);
    const y = Float64Array.from({ length: f.rows }, (_, r) => {
      const z = f.data[r * FEATURE_COUNT + FEATURE_INDEX.zscore_ema_24] as number;
      return -0.5 * z + (rng.nextFloat() - 0.5) * 2;
    });
    const targets = new Map([[6, y]]);
    const r = trainAndValidate(
      { ...ds, targets },
      { horizonBars: 6, demeanTarget: true, featureTransform: 'rank' },
      settings,
      [{ name: 'momentum_24h', score: (row, o) => row[o + FEATURE_INDEX.ret_24h] as number }],
    );
    expect(r.outOfSample.rankIc).toBeGreaterThan(0.2);
    expect(r.outOfSample.tStat).toBeGreaterThan(5);
    expect(r.oosEdge).toBe(true);
    expect(r.importance[0]?.feature).toBe('zscore_ema_24');
  });
});
