// Loading the configured models: read, parse (every problem an InputError with file and line), bind to the bot's
// features, and check each against its model card: the cross-sectional transform it was trained with, and — with
// `models.require_oos_edge` — whether it beat the baselines out of sample. A model that did not is not traded: the
// bot says why and uses the other model or the fallback scorer. Shared by doctor, backtest and run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError, errorMessage } from '../core/errors.js';
import { displayPath } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ModelScorer } from '../alpha/model-scorer.js';
import { parseModel, type LightGbmModel } from '../models/lightgbm/index.js';
import { FEATURE_TRANSFORMS } from '../models/training/cross-section.js';
import type { Predictor } from '../engine/targets.js';

export const MODEL_CARD_FILE = 'model-card.json';

export interface LoadedModel {
  readonly model: LightGbmModel;
  readonly scorer: ModelScorer;
}

/** `shown` is the path as the user should read it in messages. Throws ENOENT errors as they are. */
export async function loadModelFile(
  path: string,
  shown: string,
  transform: ModelScorer['transform'] = 'none',
): Promise<LoadedModel> {
  const model = parseModel(await readFile(path, 'utf8'), shown);
  return { model, scorer: new ModelScorer(model, shown, transform) };
}

const cardSchema = z.object({
  models: z.array(
    z.object({
      file: z.string(),
      horizon_bars: z.number().int().positive(),
      feature_transform: z.enum(FEATURE_TRANSFORMS),
      oos_edge: z.boolean(),
      verdict: z.string(),
    }),
  ),
});

export type ModelSlot =
  | { readonly status: 'used'; readonly loaded: LoadedModel; readonly note: string }
  | { readonly status: 'missing' | 'refused'; readonly note: string };

export interface ConfiguredModels {
  readonly m6h: ModelSlot;
  readonly m24h: ModelSlot;
}

/**
 * The two configured models as the bot will use them. A missing file is not an error (the fallback stands in);
 * a broken file, a card that cannot be read, or a card that contradicts the file is: the bot must not start on it.
 */
export async function loadConfiguredModels(config: Config, cwd: string): Promise<ConfiguredModels> {
  const { models } = config;
  const cardPath = join(models.dir, MODEL_CARD_FILE);
  const card = await readCard(cardPath, displayPath(cwd, cardPath));
  const slot = async (file: string, horizon: number): Promise<ModelSlot> => {
    const path = join(models.dir, file);
    const shown = displayPath(cwd, path);
    const entry = card?.models.find((m) => m.file === file);
    if (entry !== undefined && entry.horizon_bars !== horizon) {
      throw new InputError(
        `the model card says ${file} predicts ${entry.horizon_bars} bars ahead, not ${horizon}`,
        {
          file: displayPath(cwd, cardPath),
        },
      );
    }
    let loaded: LoadedModel;
    try {
      loaded = await loadModelFile(path, shown, entry?.feature_transform ?? 'none');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return { status: 'missing', note: `${shown} missing` };
      throw err;
    }
    if (models.require_oos_edge) {
      if (entry === undefined) {
        return {
          status: 'refused',
          note: `${shown} has no entry in ${MODEL_CARD_FILE}, so its out-of-sample edge is unknown (models.require_oos_edge)`,
        };
      }
      if (!entry.oos_edge) return { status: 'refused', note: `${shown}: ${entry.verdict}` };
    }
    const transform =
      entry === undefined || entry.feature_transform === 'none'
        ? 'features as computed'
        : `${entry.feature_transform}-transformed features`;
    const edge =
      entry === undefined ? 'no model card' : entry.oos_edge ? 'out-of-sample edge' : 'no out-of-sample edge';
    return {
      status: 'used',
      loaded,
      note: `${shown}: ${loaded.model.trees.length} trees, ${transform}, ${edge}`,
    };
  };
  return { m6h: await slot(models.file_6h, 6), m24h: await slot(models.file_24h, 24) };
}

async function readCard(path: string, shown: string): Promise<z.infer<typeof cardSchema> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(errorMessage(err), { file: shown });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not JSON: ${errorMessage(err)}`, { file: shown });
  }
  const parsed = cardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a model card: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, {
      file: shown,
    });
  }
  return parsed.data;
}

export interface TradedModels {
  readonly m6?: Predictor | undefined;
  readonly m24?: Predictor | undefined;
  /** What was loaded, refused or missing, and what stands in. */
  readonly note: string;
}

/** The models the configured strategy trades (none for the MA baseline), as `backtest` and `run` use them. */
export async function tradedModels(config: Config, cwd: string): Promise<TradedModels> {
  if (config.strategy.name !== 'ml') return { note: 'strategy: ma_crossover' };
  const { m6h, m24h } = await loadConfiguredModels(config, cwd);
  const m6 = m6h.status === 'used' ? m6h.loaded.scorer : undefined;
  const m24 = m24h.status === 'used' ? m24h.loaded.scorer : undefined;
  const notes = `${m6h.note}; ${m24h.note}`;
  return {
    m6,
    m24,
    note: m6 === undefined && m24 === undefined ? `${notes}: using the fallback scorer` : notes,
  };
}
