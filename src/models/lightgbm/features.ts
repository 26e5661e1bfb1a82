// Matching a model's features to the columns of a table by name, as LightGBM does for CSV input with a header:
// column order does not matter, extra columns (a label, an id) are ignored, and a missing feature is an error
// that names every missing one at once.
import { InputError, type Location } from '../../core/errors.js';
import type { LightGbmModel } from './model.js';

export interface FeatureBinding {
  /** For each model feature i, the column it is read from. */
  readonly columnOfFeature: Int32Array;
  /** For each column, the model feature it feeds, or -1 when the model does not use that column. */
  readonly featureOfColumn: Int32Array;
}

/**
 * Maps model features to columns named `names`. Throws InputError listing every feature the columns lack
 * (and any name given twice), located at `where` (e.g. the CSV file and its header line).
 */
export function bindFeatures(
  model: Pick<LightGbmModel, 'featureNames'>,
  names: readonly string[],
  where: Location = {},
): FeatureBinding {
  const columnByName = new Map<string, number>();
  const duplicated = new Set<string>();
  names.forEach((name, column) => {
    if (columnByName.has(name)) duplicated.add(name);
    else columnByName.set(name, column);
  });
  const featureOfColumn = new Int32Array(names.length).fill(-1);
  const columnOfFeature = new Int32Array(model.featureNames.length);
  const missing: string[] = [];
  model.featureNames.forEach((feature, i) => {
    const column = columnByName.get(feature);
    if (column === undefined) {
      missing.push(feature);
      return;
    }
    if (duplicated.has(feature)) return;
    columnOfFeature[i] = column;
    featureOfColumn[column] = i;
  });
  const used = model.featureNames.filter((f) => duplicated.has(f));
  if (missing.length > 0 || used.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) {
      parts.push(
        `missing ${missing.length} of the model's ${model.featureNames.length} features: ${missing.join(', ')}`,
      );
    }
    if (used.length > 0) parts.push(`feature columns given more than once: ${used.join(', ')}`);
    throw new InputError(`${parts.join('; ')} (columns: ${names.join(', ')})`, where);
  }
  return { columnOfFeature, featureOfColumn };
}
