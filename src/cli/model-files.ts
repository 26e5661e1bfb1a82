// Loading the configured model files: read, parse (every problem an InputError with file and line) and bind to
// the bot's features. Shared by every command that scores (doctor now; backtest, run and train later).
import { readFile } from 'node:fs/promises';
import { ModelScorer } from '../alpha/model-scorer.js';
import { parseModel, type LightGbmModel } from '../models/lightgbm/index.js';

export interface LoadedModel {
  readonly model: LightGbmModel;
  readonly scorer: ModelScorer;
}

/** `shown` is the path as the user should read it in messages. Throws ENOENT errors as they are. */
export async function loadModelFile(path: string, shown: string): Promise<LoadedModel> {
  const model = parseModel(await readFile(path, 'utf8'), shown);
  return { model, scorer: new ModelScorer(model, shown) };
}
