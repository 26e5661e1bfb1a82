// `algobot model info FILE`: what a LightGBM model is and what it was trained with — objective, trees,
// iterations, classes, features with their importance computed from the trees, and the training parameters.
import { featureImportance, type LightGbmModel, type Tree } from '../../models/lightgbm/index.js';
import type { CommandContext } from '../context.js';
import { loadModel } from './model-predict.js';

export async function modelInfo(ctx: CommandContext, file: string): Promise<number> {
  const model = loadModel(ctx, file);
  ctx.stdout.write(describeModel(model));
  return Promise.resolve(0);
}

/** The report `model info` prints. */
export function describeModel(model: LightGbmModel): string {
  const out: string[] = [];
  const trees = model.trees;
  const leaves = trees.map((t) => t.numLeaves);
  const linear = trees.filter((t) => t.linear !== undefined).length;
  const categorical = trees.filter((t: Tree) => t.numCat > 0).length;
  const transform = model.objective.transform;
  const objective = model.objective.text === '' ? '(none: raw scores)' : model.objective.text;
  out.push(`${model.fileName}: LightGBM text model, format ${model.version}`);
  const row = (key: string, value: string): void => {
    out.push(`  ${key.padEnd(22)}${value}`);
  };
  row('objective', `${objective}  (output: ${transform})`);
  row('classes', String(model.numClass));
  row(
    'trees',
    `${trees.length} (${model.numIterations} iterations × ${model.numTreePerIteration} per iteration)`,
  );
  row('average_output', model.averageOutput ? 'yes (random forest: predictions are the mean)' : 'no');
  if (trees.length > 0) {
    row('leaves per tree', `${Math.min(...leaves)} to ${Math.max(...leaves)}, ${sum(leaves)} in all`);
  }
  row('linear trees', String(linear));
  row('categorical trees', String(categorical));
  const trainedIterations = model.parameters.find((p) => p.key === 'num_iterations')?.value;
  if (trainedIterations !== undefined && Number(trainedIterations) !== model.numIterations) {
    row(
      'note',
      `trained with num_iterations=${trainedIterations}; the file keeps ${model.numIterations} (early stopping)`,
    );
  }

  const importance = featureImportance(model);
  out.push('', `features (${model.featureNames.length}), importance from the trees (splits with gain > 0):`);
  const nameWidth = Math.max(7, ...model.featureNames.map((n) => n.length)) + 2;
  out.push(
    `  ${'#'.padStart(3)}  ${'feature'.padEnd(nameWidth)}${'splits'.padStart(8)}  ${'gain'.padStart(16)}  info`,
  );
  for (const f of importance) {
    const info = model.featureInfos[f.index] ?? '';
    out.push(
      `  ${String(f.index).padStart(3)}  ${f.name.padEnd(nameWidth)}${String(f.splits).padStart(8)}  ${formatGain(f.gain).padStart(16)}  ${info}`,
    );
  }
  if (model.parameters.length > 0) {
    out.push('', 'training parameters:');
    for (const p of model.parameters) out.push(`  ${p.key}: ${p.value}`);
  }
  if (model.pandasCategorical !== null)
    out.push('', `pandas_categorical: ${JSON.stringify(model.pandasCategorical)}`);
  return `${out.join('\n')}\n`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function formatGain(gain: number): string {
  return gain === 0 ? '0' : gain.toPrecision(8).replace(/\.?0+$/, '');
}
