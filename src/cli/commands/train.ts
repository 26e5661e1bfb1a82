// `algobot train`: builds the 6h and 24h models from candles. For each: the bot's own feature rows and the
// vol-normalised forward return, walk-forward folds (purged, embargoed) scored against baselines on the same
// folds, then the final fit on all rows. Writes the two LightGBM model files, model-card.json and model-card.md.
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { HOUR_MS } from '../../core/time.js';
import { roundTripCost } from '../../alpha/alpha.js';
import { fallbackScore } from '../../alpha/fallback.js';
import { alphaParamsFromConfig } from '../../alpha/from-config.js';
import { displayPath, loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { FEATURE_INDEX } from '../../features/feature-set.js';
import { buildLabelledDataset } from '../../models/training/dataset.js';
import { type CardModel, modelCardJson, modelCardMarkdown } from '../../models/training/model-card.js';
import { modelToString, parseTrainParams } from '../../models/training/index.js';
import {
  type Baseline,
  type ModelSpec,
  type ValidationSettings,
  trainAndValidate,
} from '../../models/training/walk-forward.js';
import type { CommandContext } from '../context.js';
import { dateRange, loadUniverseSeries } from '../options.js';
import { createProgress } from '../progress.js';
import { writeTextAtomically } from './write-atomic.js';

export interface TrainOptions {
  readonly config: string;
  readonly data?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly out?: string | undefined;
}

/** The simple scores every model must beat out of sample, computed on the raw feature rows. */
export const BASELINES: readonly Baseline[] = [
  { name: 'reversal_24h', score: (row, o) => -(row[o + FEATURE_INDEX.ret_24h] as number) },
  { name: 'momentum_24h', score: (row, o) => row[o + FEATURE_INDEX.ret_24h] as number },
  { name: 'fallback', score: (row, o) => fallbackScore(row, o) },
];

function bars(hours: number, intervalMs: number, key: string): number {
  const b = (hours * HOUR_MS) / intervalMs;
  if (!Number.isInteger(b) || b < 1) {
    throw new InputError(`${hours} h is not a whole number of data.interval bars`, { key });
  }
  return b;
}

/** The two models to build and the validation settings, from the config's `training` section. */
export function trainingSetup(
  config: Config,
  intervalMs: number,
): { specs: { name: string; file: string; spec: ModelSpec }[]; settings: ValidationSettings } {
  const t = config.training;
  const specs: { name: string; file: string; spec: ModelSpec }[] = (
    [
      ['model_6h', config.models.file_6h, t.model_6h],
      ['model_24h', config.models.file_24h, t.model_24h],
    ] as const
  ).map(([key, file, m]) => ({
    name: file.replace(/\.txt$/, ''),
    file,
    spec: {
      horizonBars: bars(m.horizon_hours, intervalMs, `training.${key}.horizon_hours`),
      demeanTarget: m.demean_target,
      featureTransform: m.feature_transform,
    },
  }));
  const lgb = t.lightgbm;
  const params = parseTrainParams(Object.entries(lgb).map(([k, v]) => [k, String(v)]));
  const settings = {
    folds: t.folds,
    scheme: t.fold_scheme,
    embargoBars: bars(t.embargo_hours, intervalMs, 'training.embargo_hours'),
    windowBars: bars(t.rolling_window_days * 24, intervalMs, 'training.rolling_window_days'),
    roundTripCost: roundTripCost(alphaParamsFromConfig(config.alpha).cost),
    params,
  };
  return { specs, settings };
}

export async function train(ctx: CommandContext, opts: TrainOptions): Promise<number> {
  const { from, to } = dateRange(opts);
  const { config } = await loadConfig(resolve(ctx.cwd, opts.config), { env: ctx.env, cwd: ctx.cwd });
  const outDir = opts.out === undefined ? config.models.dir : resolve(ctx.cwd, opts.out);
  const dir = opts.data === undefined ? config.data.dir : resolve(ctx.cwd, opts.data);
  const assets = await loadUniverseSeries(config, ctx.cwd, opts.data);
  const intervalMs = assets[0]?.series.intervalMs ?? HOUR_MS;
  const { specs, settings } = trainingSetup(config, intervalMs);
  const ds = buildLabelledDataset(
    assets,
    specs.map((s) => s.spec.horizonBars),
    { from, to },
  );
  if (ds.features.rows === 0)
    throw new InputError('no feature rows in the data range (too little history?)', { file: dir });

  const progress = createProgress(ctx.stderr);
  const models: CardModel[] = [];
  for (const s of specs) {
    progress.start(settings.folds + 1, `${s.name}: ${settings.folds} folds + final fit`);
    let report;
    try {
      report = trainAndValidate(ds, s.spec, settings, BASELINES, (done) => progress.update(done));
    } catch (err) {
      progress.stop();
      if (err instanceof Error && /too few decision times/.test(err.message)) {
        throw new InputError(`${err.message}; use a longer --from/--to range or fewer training.folds`);
      }
      throw err;
    }
    progress.stop();
    models.push({ name: s.name, file: s.file, report });
  }

  const card = {
    created: ctx.clock.now(),
    dataDir: displayPath(ctx.cwd, dir),
    interval: config.data.interval,
    coins: ds.features.coins,
    from: ds.features.time[0] as number,
    to: ds.features.time[ds.features.rows - 1] as number,
    rows: ds.features.rows,
    settings,
    models,
  };
  for (const m of models) {
    await writeTextAtomically(
      resolve(outDir, m.file),
      modelToString(m.report.model),
      displayPath(ctx.cwd, resolve(outDir, m.file)),
    );
  }
  await writeTextAtomically(
    resolve(outDir, 'model-card.json'),
    `${JSON.stringify(modelCardJson(card), null, 2)}\n`,
  );
  await writeTextAtomically(resolve(outDir, 'model-card.md'), modelCardMarkdown(card));

  const lines = [
    `${displayPath(ctx.cwd, outDir)}: ${models.map((m) => m.file).join(', ')}, model-card.json, model-card.md`,
  ];
  for (const m of models) {
    const r = m.report;
    const base = Object.entries(r.baselines)
      .map(([k, v]) => `${k} ${v.rankIc.toFixed(4)}`)
      .join(', ');
    lines.push(
      `${m.name}: out-of-sample rank IC ${r.outOfSample.rankIc.toFixed(4)} (t ${r.outOfSample.tStat.toFixed(2)}), in-sample ${r.inSampleMeanRankIc.toFixed(4)}; baselines: ${base}; ${r.oosEdge ? 'beats the baselines' : 'does NOT beat the baselines'}`,
    );
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
