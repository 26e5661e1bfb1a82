// `algobot model fit`: trains a gradient-boosted tree model on a CSV with LightGBM's parameter names and writes
// LightGBM's text format, loadable by LightGBM itself and by `algobot model predict`. Progress goes to stderr,
// the summary to stdout.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, errorMessage } from '../../core/errors.js';
import { parseNumericCsv, type NumericTable } from '../../models/training/csv-table.js';
import {
  ParamError,
  type TrainParams,
  modelToString,
  parseTrainParams,
  predictRaw,
  trainGbdt,
} from '../../models/training/index.js';
import { createObjective } from '../../models/training/objective.js';
import type { CommandContext } from '../context.js';
import { createProgress } from '../progress.js';
import { writeTextAtomically } from './write-atomic.js';

export interface ModelFitOptions {
  readonly input: string;
  readonly label: string;
  readonly param: readonly string[];
  readonly out: string;
  readonly valid?: string | undefined;
}

/** `key=value` settings (LightGBM names or aliases) → parameters; problems name the --param that caused them. */
export function paramsFromOptions(settings: readonly string[], base?: TrainParams): TrainParams {
  const entries = settings.map((s): [string, string] => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new InputError(`--param "${s}": expected key=value, e.g. num_leaves=31`);
    return [s.slice(0, eq).trim(), s.slice(eq + 1)];
  });
  try {
    return parseTrainParams(entries, base);
  } catch (err) {
    if (err instanceof ParamError) throw new InputError(err.message, { key: `--param ${err.param}` });
    throw err;
  }
}

async function readTable(ctx: CommandContext, file: string, label: string): Promise<NumericTable> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${errorMessage(err)}`, { file });
  }
  return parseNumericCsv(text, file, label);
}

export async function modelFit(ctx: CommandContext, opts: ModelFitOptions): Promise<number> {
  const params = paramsFromOptions(opts.param);
  if (params.earlyStoppingRound > 0 && opts.valid === undefined) {
    throw new InputError('early_stopping_round needs a validation set: add --valid <csv>', {
      key: '--param early_stopping_round',
    });
  }
  const train = await readTable(ctx, opts.input, opts.label);
  if (train.rows === 0) throw new InputError('has no data rows', { file: opts.input });
  let valid: NumericTable | undefined;
  if (opts.valid !== undefined) {
    valid = await readTable(ctx, opts.valid, opts.label);
    if (valid.featureNames.join(',') !== train.featureNames.join(',')) {
      throw new InputError(
        `its feature columns (${valid.featureNames.join(', ')}) differ from the training file's (${train.featureNames.join(', ')})`,
        { file: opts.valid },
      );
    }
  }
  const progress = createProgress(ctx.stderr);
  progress.start(params.numIterations, `training ${params.numIterations} iterations`);
  const model = trainGbdt(train, params, {
    valid,
    onIteration: (done) => progress.update(done),
  });
  progress.stop();
  await writeTextAtomically(resolve(ctx.cwd, opts.out), modelToString(model), opts.out);

  const fitted = predictRaw(model, train.x, train.rows, train.cols);
  let lines = `${opts.out}: ${model.trees.length} trees, ${train.cols} features, ${train.rows} rows; training ${model.metricName} ${createObjective(params).metric(fitted, train.y).toPrecision(6)}`;
  if (valid !== undefined) {
    const best =
      model.bestIteration === undefined ? '' : `, early stop: best iteration ${model.bestIteration}`;
    const v = model.validMetric[model.trees.length - 1] ?? NaN;
    lines += `; validation ${model.metricName} ${v.toPrecision(6)}${best}`;
  }
  ctx.stdout.write(`${lines}\n`);
  return 0;
}
