// The walk-forward backtest on the bundled sample with a small LightGBM config: no fold's models saw data from
// the fold's start minus the embargo on, one row per fold covering the traded period, the same result twice, and
// the model schedule switching models exactly at the fold boundaries.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema.js';
import { HOUR_MS } from '../src/core/time.js';
import type { MarketState } from '../src/engine/market-state.js';
import type { Predictor } from '../src/engine/targets.js';
import { FEATURE_COUNT } from '../src/features/feature-set.js';
import {
  type WalkForwardResult,
  walkForwardBacktest,
  walkForwardJson,
  walkForwardTable,
} from '../src/cli/backtest/walk-forward-backtest.js';
import { scheduledTargetsFor } from '../src/cli/engine-factory.js';
import { equityCsv, ordersCsv } from '../src/report/csv.js';
import { summaryJson } from '../src/report/summary.js';
import { sampleInputs, type SampleInputs } from './helpers/sample-backtest.js';

let inputs: SampleInputs;
let config: Config;
let result: WalkForwardResult;

function smallTraining(c: Config): Config {
  return {
    ...c,
    training: {
      ...c.training,
      folds: 3,
      fold_scheme: 'expanding',
      embargo_hours: 24,
      lightgbm: { ...c.training.lightgbm, num_iterations: 5, num_leaves: 4, min_data_in_leaf: 200 },
    },
  };
}

const fingerprint = (r: WalkForwardResult): string =>
  [
    JSON.stringify(walkForwardJson(config, r)),
    summaryJson(r.summary),
    summaryJson(r.fallback.summary),
    equityCsv(r.run.journal),
    ordersCsv(r.run.journal),
  ].join('\n');

beforeAll(async () => {
  inputs = await sampleInputs();
  config = smallTraining(inputs.config);
  result = await walkForwardBacktest({ ...inputs, config });
}, 60_000);

describe('walk-forward backtest on the bundled sample', () => {
  it('trains no model on data at or after its fold start minus the embargo', () => {
    const embargo = config.training.embargo_hours * HOUR_MS;
    expect(result.folds.length).toBe(3);
    for (const f of result.folds) {
      expect(f.models.map((m) => m.horizonBars)).toEqual([6, 24]);
      for (const m of f.models) {
        expect(m.trainRows).toBeGreaterThan(0);
        expect(m.trainFrom).toBeLessThan(m.trainTo);
        // Training rows end before the fold start minus the gap, labels before the fold starts.
        expect(m.trainTo).toBeLessThan(f.from - embargo);
        expect(m.trainTo).toBeLessThan(f.from - m.gapMs);
        expect(m.labelsTo).toBe(m.trainTo + m.horizonBars * HOUR_MS);
        expect(m.labelsTo).toBeLessThan(f.from);
        expect(m.gapMs).toBe(Math.max(embargo, m.horizonBars * HOUR_MS));
      }
    }
    // Expanding: each fold trains on more rows, and on rows the previous fold traded on.
    for (let k = 1; k < result.folds.length; k++) {
      const prev = result.folds[k - 1]!;
      const cur = result.folds[k]!;
      cur.models.forEach((m, i) => {
        expect(m.trainRows).toBeGreaterThan(prev.models[i]!.trainRows);
        expect(m.trainTo).toBeGreaterThan(prev.from);
      });
    }
  });

  it('has one row per fold, contiguous, covering every traded decision', () => {
    const json = walkForwardJson(config, result) as {
      perFold: { freshStart: unknown }[];
      combined: { fallback: unknown };
      freshStartChained: unknown;
    };
    expect(json.perFold).toHaveLength(3);
    expect(json.combined.fallback).toBeDefined();
    expect(json.perFold.every((f) => f.freshStart !== undefined)).toBe(true);
    expect(json.freshStartChained).toBeDefined();
    // Two tables: title, header, a row per fold, the total; a blank line between.
    const table = walkForwardTable(result).split('\n');
    expect(table).toHaveLength(2 * (2 + 3 + 1) + 1);
    expect(result.folds[0]!.from).toBe(result.run.decisionTimes[0]);
    for (let k = 1; k < result.folds.length; k++) {
      expect(result.folds[k]!.from).toBeGreaterThan(result.folds[k - 1]!.to);
    }
    expect(result.folds.reduce((a, f) => a + f.decisions, 0)).toBe(result.run.decisionTimes.length);
    // The fallback ran over the very same decisions.
    expect(result.fallback.run.decisionTimes).toEqual(result.run.decisionTimes);
    for (const f of result.folds) {
      expect(Number.isFinite(f.strategy.totalReturn)).toBe(true);
      expect(f.strategy.maxDrawdown).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(f.fallback.totalReturn)).toBe(true);
      expect(Number.isFinite(f.buyHoldBtc.totalReturn)).toBe(true);
      const traded = f.models.filter((m) => m.traded).length;
      expect(f.scorer === 'fallback').toBe(traded === 0);
      if (result.gate === 'per-fold') f.models.forEach((m) => expect(m.traded).toBe(m.oosEdge));
    }
    // Fold returns chain into the combined return: one continuous portfolio.
    const chained = result.folds.reduce((a, f) => a * (1 + f.strategy.totalReturn), 1) - 1;
    expect(chained).toBeCloseTo(result.summary.strategy.totalReturn, 10);
    // The fresh-cash folds compound into the chained curve; the first fold starts from fresh cash either way.
    const fresh = result.folds.reduce((a, f) => a * (1 + f.fresh.strategy.totalReturn), 1) - 1;
    expect(fresh).toBeCloseTo(result.chained.strategy.totalReturn, 10);
    expect(result.folds[0]!.fresh.strategy.totalReturn).toBeCloseTo(
      result.folds[0]!.strategy.totalReturn,
      12,
    );
    expect(result.folds[0]!.fresh.fallback.totalReturn).toBeCloseTo(
      result.folds[0]!.fallback.totalReturn,
      12,
    );
    for (const f of result.folds) expect(f.fresh.strategy.drawdownAtStart).toBe(0);
  });

  it('gives the same result twice with the same seed', async () => {
    const again = await walkForwardBacktest({ ...inputs, config });
    expect(fingerprint(again)).toBe(fingerprint(result));
  }, 60_000);
});

describe('scheduledTargetsFor', () => {
  it('scores with each period’s models from its start, the fallback before the first', () => {
    const calls: string[] = [];
    const predictor = (name: string): Predictor => ({
      name,
      predict: (features) => {
        calls.push(name);
        return new Float64Array(features.length / FEATURE_COUNT);
      },
    });
    const { targets, alphaSource } = scheduledTargetsFor(inputs.config, [
      { from: 2000, model6h: predictor('b6'), model24h: predictor('b24') },
      { from: 1000, model24h: predictor('a24') },
    ]);
    expect(alphaSource).toBe('walk-forward: model-24h, models');
    const at = (time: number): string[] => {
      calls.length = 0;
      const m = {
        time,
        assets: ['BTC', 'ETH'],
        features: { values: new Float64Array(2 * FEATURE_COUNT).fill(NaN) },
        volatility: () => NaN,
      } as unknown as MarketState;
      targets.score(m, 'chop');
      return [...calls];
    };
    expect(at(999)).toEqual([]);
    expect(at(1000)).toEqual(['a24']);
    expect(at(1999)).toEqual(['a24']);
    expect(at(2000)).toEqual(['b6', 'b24']);
    expect(at(5000)).toEqual(['b6', 'b24']);
  });
});
