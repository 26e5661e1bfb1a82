// `algobot model predict`: a LightGBM model over a CSV of features, one output line per row, printed as LightGBM
// prints them (%.17g, tab-separated per class; leaf indices with --leaf). Streams: the CSV is read in large
// chunks, predicted in batches by generated code, and written in large blocks, so a million rows take seconds.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError, errorMessage } from '../../core/errors.js';
import {
  compileModel,
  createBatchPredictor,
  FeatureCsvReader,
  formatG17,
  type LightGbmModel,
  parseModel,
} from '../../models/lightgbm/index.js';
import type { CommandContext } from '../context.js';

export interface ModelPredictOptions {
  readonly model: string;
  readonly input: string;
  readonly raw?: boolean | undefined;
  readonly leaf?: boolean | undefined;
  readonly startIteration?: number | undefined;
  readonly numIteration?: number | undefined;
}

const CHUNK_BYTES = 4 << 20;
const BATCH_ROWS = 4096;

/** Reads and parses a model file; the path as the user gave it names the file in messages. */
export function loadModel(ctx: CommandContext, file: string): LightGbmModel {
  let text: string;
  try {
    text = readFileSync(resolve(ctx.cwd, file), 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the model file: ${errorMessage(err)}`, { file });
  }
  return parseModel(text, file);
}

export async function modelPredict(ctx: CommandContext, opts: ModelPredictOptions): Promise<number> {
  if (opts.raw === true && opts.leaf === true) throw new UsageError('--raw and --leaf exclude each other');
  const model = loadModel(ctx, opts.model);
  const start = opts.startIteration ?? 0;
  if (start > 0 && start >= model.numIterations) {
    throw new UsageError(
      `--start-iteration ${start} is past the model's last iteration (it has ${model.numIterations})`,
    );
  }
  const compiled = compileModel(model);
  const output = opts.leaf === true ? 'leaf' : opts.raw === true ? 'raw' : 'transformed';
  const predictor = createBatchPredictor(compiled, {
    startIteration: start,
    numIteration: opts.numIteration,
    output,
  });
  const width = predictor.width;
  const values = new Float64Array(BATCH_ROWS * width);
  const leaves = new Int32Array(BATCH_ROWS * width);

  const reader = new FeatureCsvReader(
    opts.input,
    model.featureNames,
    ({ features, nRows }) => {
      const lines = new Array<string>(nRows);
      if (output === 'leaf') {
        predictor.predictLeaves(features, nRows, leaves);
        for (let r = 0; r < nRows; r++) lines[r] = leaves.subarray(r * width, (r + 1) * width).join('\t');
      } else {
        predictor.predict(features, nRows, values);
        for (let r = 0; r < nRows; r++) {
          let line = formatG17(values[r * width] as number);
          for (let j = 1; j < width; j++) line += `\t${formatG17(values[r * width + j] as number)}`;
          lines[r] = line;
        }
      }
      ctx.stdout.write(`${lines.join('\n')}\n`);
    },
    BATCH_ROWS,
  );

  let fd: number;
  try {
    fd = openSync(resolve(ctx.cwd, opts.input), 'r');
  } catch (err) {
    throw new InputError(`cannot read the input CSV: ${errorMessage(err)}`, { file: opts.input });
  }
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      reader.push(buffer.subarray(0, n));
    }
    reader.end();
  } finally {
    closeSync(fd);
  }
  return Promise.resolve(0);
}
