// The walk-forward backtest: an out-of-sample backtest of trained models. The decision times are cut into test
// folds exactly as `algobot train` validates (modelFolds: the config's training.folds, fold_scheme, embargo); for
// each fold both models are trained by the training code path itself (trainAndValidate, the function behind
// `algobot train`) on the rows before the fold's start minus the gap only — the very rows training's fold uses —
// and the fold is traded with them. One continuous portfolio runs over every fold (warm-up on the bars before the
// first), its models switching at the fold boundaries; the fallback scorer runs over the same period to compare.
//
// models.require_oos_edge is applied per fold and honestly: trainAndValidate validates each fold's model by its
// own walk-forward folds inside that fold's training period (what `algobot train` on that period alone would put
// on the model card), and a model without an out-of-sample edge there is not traded in the fold. When the gate
// refuses any model, the models are also run ungated, so both results are there.
import { ModelScorer } from '../../alpha/model-scorer.js';
import { InputError } from '../../core/errors.js';
import { HOUR_MS, isoUtc } from '../../core/time.js';
import type { Config } from '../../config/schema.js';
import { universeCoins } from '../../config/universe.js';
import type { CandleSeries } from '../../data/candles.js';
import type { MemoryJournal } from '../../engine/journal.js';
import type { ExchangeInfo } from '../../exchange/wire/exchange-info.js';
import { parseModel } from '../../models/lightgbm/index.js';
import { buildLabelledDataset } from '../../models/training/dataset.js';
import { modelToString } from '../../models/training/index.js';
import { type ModelReport, modelFolds, trainAndValidate } from '../../models/training/walk-forward.js';
import { type BacktestSummary, basketEquity, performanceFigures } from '../../report/summary.js';
import { BASELINES, trainingSetup } from '../commands/train.js';
import type { ModelPeriod } from '../engine-factory.js';
import { type BacktestRun, runBacktest, summarizeBacktest } from './run-backtest.js';

export interface WalkForwardInput {
  readonly config: Config;
  readonly decision: ReadonlyMap<string, CandleSeries>;
  readonly stop?: ReadonlyMap<string, CandleSeries> | undefined;
  /** Data range (decision times) for training and trading, as `--from` / `--to`. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly exchangeInfo: ExchangeInfo;
  /** Training: `done` of `total` model fits; backtest: decisions of one run. */
  readonly onProgress?: ((stage: string, done: number, total: number) => void) | undefined;
}

/** One model of one fold: what it was trained on and how it did in its own training-period validation. */
export interface FoldModel {
  readonly name: string;
  readonly horizonBars: number;
  /** Decision times of the first and last training row, UTC ms. */
  readonly trainFrom: number;
  readonly trainTo: number;
  /** Close of the last bar any training label reads: trainTo + horizon. */
  readonly labelsTo: number;
  readonly trainRows: number;
  /** Gap kept between trainTo and the model's own test start, ms (max(embargo, horizon)). */
  readonly gapMs: number;
  /** Validation inside the training period (trainAndValidate's folds). */
  readonly innerOosRankIc: number;
  readonly oosEdge: boolean;
  readonly verdict: string;
  /** Traded in the fold (false: refused by models.require_oos_edge). */
  readonly traded: boolean;
}

export interface Figures {
  readonly totalReturn: number;
  readonly maxDrawdown: number;
  readonly sharpe: number;
}

/** A run of the engine over a fold: its figures, how invested it was, and the drawdown it entered the fold with. */
export interface RunFigures extends Figures {
  /** Mean of invested / equity over the fold's marks. */
  readonly exposure: number;
  /** Drawdown from peak equity at the fold's first mark (risk.drawdown scales exposure down from 5 %). */
  readonly drawdownAtStart: number;
}

/** The fold traded on its own: fresh initial cash at its start (warm-up on every earlier bar). */
export interface FreshFold {
  readonly strategy: RunFigures;
  readonly ungated?: RunFigures | undefined;
  readonly fallback: RunFigures;
}

export interface WalkForwardFold {
  readonly index: number;
  /** First and last decision time traded with this fold's models, UTC ms. */
  readonly from: number;
  readonly to: number;
  readonly decisions: number;
  readonly models: readonly FoldModel[];
  /** What scored the fold: models | model-6h | model-24h | fallback. */
  readonly scorer: string;
  /** The fold as part of one continuous portfolio across all folds. */
  readonly strategy: RunFigures;
  /** The fold's models traded regardless of the gate; only when the gate refused a model somewhere. */
  readonly ungated?: RunFigures | undefined;
  readonly fallback: RunFigures;
  readonly buyHoldBtc: Figures;
  readonly equalWeight: Figures;
  /** The fold on its own, from fresh cash: free of the drawdown state earlier folds left behind. */
  readonly fresh: FreshFold;
}

export interface WalkForwardResult {
  readonly run: BacktestRun;
  readonly summary: BacktestSummary;
  readonly fallback: { readonly run: BacktestRun; readonly summary: BacktestSummary };
  readonly ungated?: { readonly run: BacktestRun; readonly summary: BacktestSummary } | undefined;
  readonly gate: 'per-fold' | 'off';
  readonly folds: readonly WalkForwardFold[];
  /** The fresh-cash folds chained into one curve (each fold's equity scaled to where the previous one ended). */
  readonly chained: {
    readonly strategy: Figures;
    readonly ungated?: Figures | undefined;
    readonly fallback: Figures;
  };
}

interface TrainedModel {
  readonly info: Omit<FoldModel, 'traded'>;
  readonly scorer: ModelScorer;
  readonly testStart: number;
}

/** A trained model as the bot would trade it from its file: LightGBM text, parsed, with its feature transform. */
function scorerOf(report: ModelReport, name: string): ModelScorer {
  return new ModelScorer(parseModel(modelToString(report.model), name), name, report.spec.featureTransform);
}

function figuresOf(time: readonly number[], equity: readonly number[]): Figures {
  const p = performanceFigures(time, equity);
  return { totalReturn: p.totalReturn, maxDrawdown: p.maxDrawdown, sharpe: p.sharpe };
}

interface Marks {
  readonly time: number[];
  readonly equity: number[];
  readonly exposure: number;
  readonly drawdownAtStart: number;
}

/** Marks of the period [from, to], with the mark before it as the starting point when there is one. */
function marksOf(journal: MemoryJournal, from: number, to: number): Marks {
  const e = journal.equities;
  let i = e.findIndex((m) => m.time >= from);
  if (i < 0) i = e.length;
  const start = Math.max(0, i - 1);
  const part = e.slice(start).filter((m, k) => m.time <= to && (k === 0 || m.time >= from));
  const inside = part.filter((m) => m.time >= from);
  const exposure = inside.reduce((a, m) => a + (m.equity > 0 ? m.invested / m.equity : 0), 0);
  return {
    time: part.map((m) => m.time),
    equity: part.map((m) => m.equity),
    exposure: inside.length === 0 ? NaN : exposure / inside.length,
    drawdownAtStart: part[0]?.drawdown ?? NaN,
  };
}

function runFigures(m: Marks): RunFigures {
  return { ...figuresOf(m.time, m.equity), exposure: m.exposure, drawdownAtStart: m.drawdownAtStart };
}

/** Fresh-cash fold runs chained: each run's equity scaled to start where the previous one ended. */
function chain(runs: readonly BacktestRun[], cash: number): Figures {
  const time: number[] = [];
  const equity: number[] = [];
  let level = 1;
  for (const r of runs) {
    const e = r.journal.equities;
    for (const m of e) {
      time.push(m.time);
      equity.push(m.equity * level);
    }
    level *= (e[e.length - 1]?.equity ?? cash) / cash;
  }
  return figuresOf(time, equity);
}

export async function walkForwardBacktest(input: WalkForwardInput): Promise<WalkForwardResult> {
  const { config } = input;
  if (config.strategy.name !== 'ml') {
    throw new InputError('--walk-forward trains models: it needs strategy.name ml', { key: 'strategy.name' });
  }
  const universe = universeCoins(config);
  const assets = universe.map((u) => {
    const series = input.decision.get(u.coin);
    if (series === undefined) throw new RangeError(`no decision candles for ${u.coin}`);
    return { ...u, series };
  });
  const intervalMs = assets[0]?.series.intervalMs ?? HOUR_MS;
  const { specs, settings } = trainingSetup(config, intervalMs);
  const range = { from: input.from, to: input.to };
  const full = buildLabelledDataset(
    assets,
    specs.map((s) => s.spec.horizonBars),
    range,
  );
  if (full.features.rows === 0)
    throw new InputError('no feature rows in the data range (too little history?)');
  const layouts = specs.map((s) => {
    try {
      return modelFolds(full, s.spec, settings);
    } catch (err) {
      if (err instanceof Error && /too few decision times/.test(err.message)) {
        throw new InputError(`${err.message}; use a longer --from/--to range or fewer training.folds`);
      }
      throw err;
    }
  });

  // Train: per fold, per model, on the fold's training rows only.
  const gate = config.models.require_oos_edge;
  const fits = settings.folds * specs.length * (settings.folds + 1);
  let fitted = 0;
  const trained: TrainedModel[][] = [];
  for (let k = 0; k < settings.folds; k++) {
    const perModel: TrainedModel[] = [];
    for (const [m, s] of specs.entries()) {
      const fold = layouts[m]?.[k];
      if (fold === undefined) throw new Error(`no fold ${k + 1} for ${s.name}`);
      const h = s.spec.horizonBars;
      // The rows walkForwardFolds keeps for training: t < testStart − gap (and, rolling, t ≥ testStart − gap − window).
      const to = fold.testStart - fold.gapMs - 1;
      const from =
        settings.scheme === 'rolling'
          ? Math.max(input.from ?? -Infinity, fold.testStart - fold.gapMs - settings.windowBars * intervalMs)
          : input.from;
      const ds = buildLabelledDataset(assets, [h], { from, to });
      const target = ds.targets.get(h) as Float64Array;
      const usable: number[] = [];
      target.forEach((v, r) => {
        if (Number.isFinite(v)) usable.push(r);
      });
      const firstRow = fold.train[0] as number;
      const lastRow = fold.train[fold.train.length - 1] as number;
      if (
        usable.length !== fold.train.length ||
        ds.features.time[usable[0] as number] !== full.features.time[firstRow] ||
        ds.features.time[usable[usable.length - 1] as number] !== full.features.time[lastRow]
      ) {
        throw new Error(
          `fold ${k + 1} of ${s.name}: the training period's rows differ from the fold's split`,
        );
      }
      let report: ModelReport;
      try {
        report = trainAndValidate(ds, s.spec, settings, BASELINES, (done) =>
          input.onProgress?.('training', fitted + done, fits),
        );
      } catch (err) {
        if (err instanceof Error && /too few decision times/.test(err.message)) {
          throw new InputError(
            `fold ${k + 1} of ${s.name}: its training period is too short to validate (${err.message}); use a longer --from/--to range or fewer training.folds`,
          );
        }
        throw err;
      }
      fitted += settings.folds + 1;
      const trainFrom = full.features.time[firstRow] as number;
      const trainTo = full.features.time[lastRow] as number;
      perModel.push({
        info: {
          name: s.name,
          horizonBars: h,
          trainFrom,
          trainTo,
          labelsTo: trainTo + h * intervalMs,
          trainRows: fold.train.length,
          gapMs: fold.gapMs,
          innerOosRankIc: report.outOfSample.rankIc,
          oosEdge: report.oosEdge,
          verdict: report.verdict,
        },
        scorer: scorerOf(report, `${s.file} (walk-forward fold ${k + 1})`),
        testStart: fold.testStart,
      });
    }
    trained.push(perModel);
  }

  // A fold is traded from the later of its models' test starts (they differ by a few hours: the 24h target
  // ends a day before the data) to the next fold's start; the last fold to the end of the data.
  const starts = trained.map((ms) => Math.max(...ms.map((m) => m.testStart)));
  const schedule = (useGate: boolean): ModelPeriod[] =>
    trained.map((ms, k) => {
      const use = (m: TrainedModel | undefined): ModelScorer | undefined =>
        m !== undefined && (!useGate || m.info.oosEdge) ? m.scorer : undefined;
      return { from: starts[k] as number, model6h: use(ms[0]), model24h: use(ms[1]) };
    });
  const refused = gate && trained.some((ms) => ms.some((m) => !m.info.oosEdge));

  const backtest = async (stage: string, modelSchedule?: ModelPeriod[]): Promise<BacktestRun> =>
    runBacktest({
      config,
      decision: input.decision,
      stop: input.stop,
      from: starts[0],
      to: input.to,
      modelSchedule,
      exchangeInfo: input.exchangeInfo,
      onProgress: (done, total) => input.onProgress?.(stage, done, total),
    });
  const run = await backtest('walk-forward backtest', schedule(gate));
  const fallbackRun = await backtest('fallback backtest');
  const ungatedRun = refused ? await backtest('ungated backtest', schedule(false)) : undefined;

  // Each fold on its own from fresh cash, with its models only (and the fallback, and ungated).
  const foldEnd = (k: number): number | undefined =>
    k + 1 < starts.length ? (starts[k + 1] as number) - 1 : input.to;
  const freshRuns = async (stage: string, periods?: ModelPeriod[]): Promise<BacktestRun[]> => {
    const runs: BacktestRun[] = [];
    for (let k = 0; k < starts.length; k++) {
      runs.push(
        await runBacktest({
          config,
          decision: input.decision,
          stop: input.stop,
          from: starts[k],
          to: foldEnd(k),
          model6h: periods?.[k]?.model6h,
          model24h: periods?.[k]?.model24h,
          exchangeInfo: input.exchangeInfo,
          onProgress: (done, total) => input.onProgress?.(`${stage}, fold ${k + 1}`, done, total),
        }),
      );
    }
    return runs;
  };
  const fresh = await freshRuns('fresh-cash folds', schedule(gate));
  const freshFallback = await freshRuns('fresh-cash folds, fallback');
  const freshUngated = refused ? await freshRuns('fresh-cash folds, ungated', schedule(false)) : undefined;
  const whole = (r: BacktestRun): RunFigures => runFigures(marksOf(r.journal, -Infinity, Infinity));

  const btc = input.decision.get(config.regime.benchmark);
  const basket = universe.map((u) => input.decision.get(u.coin)).filter((s) => s !== undefined);
  const cash = config.backtest.initial_cash;
  const fee = config.backtest.fees.taker;
  const folds: WalkForwardFold[] = trained.map((ms, k) => {
    const from = starts[k] as number;
    const to = foldEnd(k) ?? Infinity;
    const marks = marksOf(run.journal, from, to);
    const fb = marksOf(fallbackRun.journal, from, to);
    const un = ungatedRun === undefined ? undefined : marksOf(ungatedRun.journal, from, to);
    const traded = ms.map((m) => !gate || m.info.oosEdge);
    const scorer =
      traded[0] === true && traded[1] === true
        ? 'models'
        : traded[0] === true
          ? 'model-6h'
          : traded[1] === true
            ? 'model-24h'
            : 'fallback';
    return {
      index: k + 1,
      from,
      to: Math.min(to, marks.time[marks.time.length - 1] ?? to),
      decisions: run.decisionTimes.filter((t) => t >= from && t <= to).length,
      models: ms.map((m, i) => ({ ...m.info, traded: traded[i] === true })),
      scorer,
      strategy: runFigures(marks),
      ungated: un === undefined ? undefined : runFigures(un),
      fallback: runFigures(fb),
      buyHoldBtc: figuresOf(marks.time, btc === undefined ? [] : basketEquity([btc], marks.time, cash, fee)),
      equalWeight: figuresOf(marks.time, basketEquity(basket, marks.time, cash, fee)),
      fresh: {
        strategy: whole(fresh[k] as BacktestRun),
        ungated: freshUngated === undefined ? undefined : whole(freshUngated[k] as BacktestRun),
        fallback: whole(freshFallback[k] as BacktestRun),
      },
    };
  });
  return {
    run,
    summary: summarizeBacktest(config, input.decision, run),
    fallback: { run: fallbackRun, summary: summarizeBacktest(config, input.decision, fallbackRun) },
    ungated:
      ungatedRun === undefined
        ? undefined
        : { run: ungatedRun, summary: summarizeBacktest(config, input.decision, ungatedRun) },
    gate: gate ? 'per-fold' : 'off',
    folds,
    chained: {
      strategy: chain(fresh, cash),
      ungated: freshUngated === undefined ? undefined : chain(freshUngated, cash),
      fallback: chain(freshFallback, cash),
    },
  };
}

function figuresJson(f: Figures | RunFigures): Record<string, number> {
  return { ...f };
}

/** The `walkForward` field of summary.json: how the folds were cut and trained, and the figures per fold. */
export function walkForwardJson(config: Config, r: WalkForwardResult): unknown {
  const t = config.training;
  const combined = (
    s: BacktestSummary['strategy'] | BacktestSummary['benchmarks']['buyHoldBtc'],
  ): unknown => ({
    totalReturn: s.totalReturn,
    maxDrawdown: s.maxDrawdown,
    sharpe: s.sharpe,
    scoreDaily: s.competitionScore.daily.score,
  });
  return {
    folds: t.folds,
    foldScheme: t.fold_scheme,
    embargoHours: t.embargo_hours,
    training:
      "each fold's 6h and 24h models are fitted by trainAndValidate (as `algobot train`) on the rows before the fold's start minus max(embargo, horizon) only",
    gate:
      r.gate === 'per-fold'
        ? "models.require_oos_edge applied per fold: a model is traded only if it beat the baselines in the walk-forward validation inside its own training period; 'ungated' trades every fold's models"
        : 'models.require_oos_edge is false: every fold trades its models',
    period: r.summary.period,
    continuous:
      "'combined' and each fold's strategy / ungated / fallback: one portfolio across all folds (a fold inherits the drawdown state of the ones before); 'freshStart': each fold traded alone from fresh cash, 'freshStartChained' those compounded",
    combined: {
      strategy: combined(r.summary.strategy),
      ...(r.ungated && { ungated: combined(r.ungated.summary.strategy) }),
      fallback: combined(r.fallback.summary.strategy),
      buyHoldBtc: combined(r.summary.benchmarks.buyHoldBtc),
      equalWeight: combined(r.summary.benchmarks.equalWeight),
    },
    perFold: r.folds.map((f) => ({
      fold: f.index,
      from: isoUtc(f.from),
      to: isoUtc(f.to),
      decisions: f.decisions,
      scorer: f.scorer,
      models: f.models.map((m) => ({
        name: m.name,
        horizonBars: m.horizonBars,
        trainFrom: isoUtc(m.trainFrom),
        trainTo: isoUtc(m.trainTo),
        labelsTo: isoUtc(m.labelsTo),
        trainRows: m.trainRows,
        gapHours: m.gapMs / HOUR_MS,
        innerOosRankIc: m.innerOosRankIc,
        oosEdge: m.oosEdge,
        traded: m.traded,
        verdict: m.verdict,
      })),
      strategy: figuresJson(f.strategy),
      ...(f.ungated && { ungated: figuresJson(f.ungated) }),
      fallback: figuresJson(f.fallback),
      buyHoldBtc: figuresJson(f.buyHoldBtc),
      equalWeight: figuresJson(f.equalWeight),
      freshStart: {
        strategy: figuresJson(f.fresh.strategy),
        ...(f.fresh.ungated && { ungated: figuresJson(f.fresh.ungated) }),
        fallback: figuresJson(f.fresh.fallback),
      },
    })),
    freshStartChained: {
      strategy: figuresJson(r.chained.strategy),
      ...(r.chained.ungated && { ungated: figuresJson(r.chained.ungated) }),
      fallback: figuresJson(r.chained.fallback),
    },
  };
}

function layout(table: readonly (readonly string[])[]): string {
  const width = (table[0] ?? []).map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  return table
    .map((row) =>
      row
        .map((v, c) => v.padEnd(width[c] as number))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The per-fold tables as `algobot backtest --walk-forward` prints them: one portfolio, then fresh-cash folds. */
export function walkForwardTable(r: WalkForwardResult): string {
  const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : '-');
  const day = (t: number): string => isoUtc(t).slice(0, 10);
  const un = r.ungated !== undefined;
  const s = r.summary;
  const continuous = [
    [
      'fold',
      'period',
      'train rows 6h/24h',
      'scorer',
      'return',
      'max dd',
      'exposure',
      'dd at start',
      ...(un ? ['ungated'] : []),
      'fallback',
      'BTC',
      'equal wt',
    ],
    ...r.folds.map((f) => [
      String(f.index),
      `${day(f.from)} → ${day(f.to)}`,
      f.models.map((m) => m.trainRows).join('/'),
      f.scorer,
      pct(f.strategy.totalReturn),
      pct(f.strategy.maxDrawdown),
      pct(f.strategy.exposure),
      pct(f.strategy.drawdownAtStart),
      ...(un ? [pct(f.ungated?.totalReturn ?? NaN)] : []),
      pct(f.fallback.totalReturn),
      pct(f.buyHoldBtc.totalReturn),
      pct(f.equalWeight.totalReturn),
    ]),
    [
      'all',
      `${(s.period.from ?? '-').slice(0, 10)} → ${(s.period.to ?? '-').slice(0, 10)}`,
      '',
      '',
      pct(s.strategy.totalReturn),
      pct(s.strategy.maxDrawdown),
      pct(s.strategy.exposureMean),
      '',
      ...(un ? [pct(r.ungated?.summary.strategy.totalReturn ?? NaN)] : []),
      pct(r.fallback.summary.strategy.totalReturn),
      pct(s.benchmarks.buyHoldBtc.totalReturn),
      pct(s.benchmarks.equalWeight.totalReturn),
    ],
  ];
  const fresh = [
    [
      'fold',
      'scorer',
      'return',
      'max dd',
      'exposure',
      ...(un ? ['ungated', 'ungated dd'] : []),
      'fallback',
      'fallback dd',
    ],
    ...r.folds.map((f) => [
      String(f.index),
      f.scorer,
      pct(f.fresh.strategy.totalReturn),
      pct(f.fresh.strategy.maxDrawdown),
      pct(f.fresh.strategy.exposure),
      ...(un ? [pct(f.fresh.ungated?.totalReturn ?? NaN), pct(f.fresh.ungated?.maxDrawdown ?? NaN)] : []),
      pct(f.fresh.fallback.totalReturn),
      pct(f.fresh.fallback.maxDrawdown),
    ]),
    [
      'chained',
      '',
      pct(r.chained.strategy.totalReturn),
      pct(r.chained.strategy.maxDrawdown),
      '',
      ...(un ? [pct(r.chained.ungated?.totalReturn ?? NaN), pct(r.chained.ungated?.maxDrawdown ?? NaN)] : []),
      pct(r.chained.fallback.totalReturn),
      pct(r.chained.fallback.maxDrawdown),
    ],
  ];
  return [
    'one portfolio across the folds:',
    layout(continuous),
    '',
    'each fold on its own, from fresh cash (chained: the folds compounded):',
    layout(fresh),
  ].join('\n');
}
