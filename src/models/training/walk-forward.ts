// One model (one horizon) from a labelled dataset: walk-forward validation against baselines on the same folds,
// then the final fit on every row. Everything the model card reports comes from here.
import { FEATURE_COUNT, FEATURE_NAMES } from '../../features/feature-set.js';
import { type FeatureTransform, demeanByTime, transformCrossSection } from './cross-section.js';
import { type LabelledDataset, timeGroups } from './dataset.js';
import { type GbdtModel, trainGbdt } from './gbdt.js';
import { type ScoreSummary, evaluateScores } from './metrics.js';
import { gainImportance, splitImportance } from './model-text.js';
import type { TrainParams } from './params.js';
import { predictRaw } from './predict.js';
import { type Fold, type FoldOptions, walkForwardFolds } from './validation.js';

export interface ModelSpec {
  readonly horizonBars: number;
  readonly demeanTarget: boolean;
  readonly featureTransform: FeatureTransform;
}

/** A score read off a raw feature row (FEATURE_NAMES order at `offset`), e.g. 24h reversal. */
export interface Baseline {
  readonly name: string;
  score(row: Float64Array, offset: number): number;
}

export interface ValidationSettings {
  readonly folds: number;
  readonly scheme: FoldOptions['scheme'];
  readonly embargoBars: number;
  readonly windowBars: number;
  readonly roundTripCost: number;
  readonly params: TrainParams;
}

export interface FoldReport {
  readonly index: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
  readonly gapMs: number;
  readonly inSample: ScoreSummary;
  readonly outOfSample: ScoreSummary;
  readonly baselines: Readonly<Record<string, ScoreSummary>>;
}

export interface ModelReport {
  readonly spec: ModelSpec;
  readonly folds: readonly FoldReport[];
  /** Over the union of the folds' test rows. */
  readonly outOfSample: ScoreSummary;
  readonly inSampleMeanRankIc: number;
  readonly baselines: Readonly<Record<string, ScoreSummary>>;
  readonly model: GbdtModel;
  readonly importance: readonly {
    readonly feature: string;
    readonly splits: number;
    readonly gain: number;
  }[];
  /** Out-of-sample rank IC above zero and above every baseline's on the same folds. */
  readonly oosEdge: boolean;
  readonly verdict: string;
}

/** Feature matrix the model sees: the bot's features, transformed across assets per decision time. */
export function modelFeatures(ds: LabelledDataset, transform: FeatureTransform): Float64Array {
  const x = ds.features.data.slice();
  const groups = timeGroups(ds.features.time);
  for (let g = 0; g + 1 < groups.length; g++) {
    transformCrossSection(x, FEATURE_COUNT, groups[g] as number, groups[g + 1] as number, transform);
  }
  return x;
}

function subset(x: Float64Array, y: Float64Array, rows: Int32Array): { x: Float64Array; y: Float64Array } {
  const sx = new Float64Array(rows.length * FEATURE_COUNT);
  const sy = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    sx.set(x.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), i * FEATURE_COUNT);
    sy[i] = y[r] as number;
  });
  return { x: sx, y: sy };
}

/** The walk-forward folds of one model on a dataset: its rows with a target, split as trainAndValidate splits them. */
export function modelFolds(ds: LabelledDataset, spec: ModelSpec, s: ValidationSettings): Fold[] {
  const target = ds.targets.get(spec.horizonBars);
  if (target === undefined) throw new Error(`no target for ${spec.horizonBars} bars`);
  const usable = Uint8Array.from(target, (v) => (Number.isFinite(v) ? 1 : 0));
  return walkForwardFolds(ds.features.time, usable, {
    folds: s.folds,
    scheme: s.scheme,
    horizonMs: spec.horizonBars * ds.intervalMs,
    embargoMs: s.embargoBars * ds.intervalMs,
    windowMs: s.windowBars * ds.intervalMs,
  });
}

export function trainAndValidate(
  ds: LabelledDataset,
  spec: ModelSpec,
  s: ValidationSettings,
  baselines: readonly Baseline[],
  onTrained?: (done: number, total: number) => void,
): ModelReport {
  const f = ds.features;
  const target = ds.targets.get(spec.horizonBars);
  const fwd = ds.returns.get(spec.horizonBars);
  if (target === undefined || fwd === undefined) throw new Error(`no target for ${spec.horizonBars} bars`);
  const x = modelFeatures(ds, spec.featureTransform);
  const y = spec.demeanTarget ? demeanByTime(target, timeGroups(f.time)) : target;
  const usable = Uint8Array.from(target, (v) => (Number.isFinite(v) ? 1 : 0));
  const horizonMs = spec.horizonBars * ds.intervalMs;
  const folds = modelFolds(ds, spec, s);
  const total = folds.length + 1;
  const baselineScores = baselines.map((b) => {
    const out = new Float64Array(f.rows);
    for (let r = 0; r < f.rows; r++) out[r] = b.score(f.data, r * FEATURE_COUNT);
    return { name: b.name, out };
  });
  const evaluate = (rows: Int32Array, score: Float64Array): ScoreSummary =>
    evaluateScores({
      rows,
      time: f.time,
      score,
      target,
      forwardReturn: fwd,
      asset: f.asset,
      horizonMs,
      roundTripCost: s.roundTripCost,
    });

  const oosScore = new Float64Array(f.rows).fill(NaN);
  const reports: FoldReport[] = [];
  const inSampleIcs: number[] = [];
  for (const fold of folds) {
    const tr = subset(x, y, fold.train);
    const model = trainGbdt(
      { rows: fold.train.length, cols: FEATURE_COUNT, x: tr.x, y: tr.y, featureNames: FEATURE_NAMES },
      s.params,
    );
    const te = subset(x, y, fold.test);
    const inScore = new Float64Array(f.rows).fill(NaN);
    predictRaw(model, tr.x, fold.train.length, FEATURE_COUNT).forEach(
      (v, i) => (inScore[fold.train[i] as number] = v),
    );
    predictRaw(model, te.x, fold.test.length, FEATURE_COUNT).forEach(
      (v, i) => (oosScore[fold.test[i] as number] = v),
    );
    const inSample = evaluate(fold.train, inScore);
    inSampleIcs.push(inSample.rankIc);
    reports.push({
      index: fold.index,
      trainRows: fold.train.length,
      testRows: fold.test.length,
      trainFrom: f.time[fold.train[0] as number] as number,
      trainTo: f.time[fold.train[fold.train.length - 1] as number] as number,
      testFrom: fold.testStart,
      testTo: fold.testEnd,
      gapMs: fold.gapMs,
      inSample,
      outOfSample: evaluate(fold.test, oosScore),
      baselines: Object.fromEntries(baselineScores.map((b) => [b.name, evaluate(fold.test, b.out)])),
    });
    onTrained?.(reports.length, total);
  }
  const allTest = Int32Array.from(folds.flatMap((fold) => Array.from(fold.test)));
  const outOfSample = evaluate(allTest, oosScore);
  const baselineOverall = Object.fromEntries(baselineScores.map((b) => [b.name, evaluate(allTest, b.out)]));

  const all = Int32Array.from({ length: f.rows }, (_, r) => r).filter((r) => usable[r] === 1);
  const full = subset(x, y, all);
  const model = trainGbdt(
    { rows: all.length, cols: FEATURE_COUNT, x: full.x, y: full.y, featureNames: FEATURE_NAMES },
    s.params,
  );
  onTrained?.(total, total);

  const splits = splitImportance(model);
  const gains = gainImportance(model);
  const importance = FEATURE_NAMES.map((feature, j) => ({
    feature,
    splits: splits[j] as number,
    gain: gains[j] as number,
  })).sort((a, b) => b.gain - a.gain);
  const best = Object.entries(baselineOverall).reduce(
    (acc, [name, v]) => (v.rankIc > acc.ic ? { name, ic: v.rankIc } : acc),
    { name: '', ic: -Infinity },
  );
  const oosEdge = outOfSample.rankIc > 0 && outOfSample.rankIc > best.ic;
  const verdict = oosEdge
    ? `beats every baseline out of sample (rank IC ${outOfSample.rankIc.toFixed(4)} vs best baseline ${best.name} ${best.ic.toFixed(4)})`
    : `does NOT beat the baselines out of sample (rank IC ${outOfSample.rankIc.toFixed(4)} vs best baseline ${best.name} ${best.ic.toFixed(4)}); with models.require_oos_edge the bot uses the fallback scorer`;
  return {
    spec,
    folds: reports,
    outOfSample,
    inSampleMeanRankIc: inSampleIcs.reduce((a, b) => a + b, 0) / inSampleIcs.length,
    baselines: baselineOverall,
    model,
    importance,
    oosEdge,
    verdict,
  };
}
