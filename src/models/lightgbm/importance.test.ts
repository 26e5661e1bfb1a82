import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureImportance } from './importance.js';
import { parseModel } from './parse.js';

const FIXTURES = new URL('../../../test/fixtures/lightgbm/', import.meta.url);

describe('featureImportance', () => {
  it.each(['categorical', 'linear', 'multiclassova', 'random_forest', 'early_stopped', 'one_leaf'])(
    'equals LightGBM feature_importance("split") and ("gain") exactly on %s',
    (name) => {
      const model = parseModel(readFileSync(new URL(`${name}/model.txt`, FIXTURES), 'utf8'), 'model.txt');
      const params = JSON.parse(readFileSync(new URL(`${name}/params.json`, FIXTURES), 'utf8')) as {
        importance_split: number[];
        importance_gain: number[];
      };
      const imp = featureImportance(model);
      expect(imp.map((f) => f.splits)).toEqual(params.importance_split);
      expect(imp.map((f) => f.gain)).toEqual(params.importance_gain);
      expect(imp.map((f) => f.name)).toEqual(model.featureNames);
    },
  );

  it('agrees with the split counts the CLI wrote into feature_importances:', () => {
    const model = parseModel(readFileSync(new URL('a_regression/model.txt', FIXTURES), 'utf8'), 'model.txt');
    const imp = new Map(featureImportance(model).map((f) => [f.name, f.splits]));
    expect(model.savedImportances.length).toBeGreaterThan(0);
    for (const saved of model.savedImportances) expect(imp.get(saved.name)).toBe(saved.value);
  });

  it('counts only the first iterations when asked', () => {
    const model = parseModel(readFileSync(new URL('a_regression/model.txt', FIXTURES), 'utf8'), 'model.txt');
    const first = featureImportance(model, 1).reduce((a, f) => a + f.splits, 0);
    expect(first).toBe(30);
  });
});
