import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { bindFeatures } from './features.js';

const model = { featureNames: ['ret_1h', 'rsi_14', 'tier'] };

describe('bindFeatures', () => {
  it('maps features to columns by name, in any order, ignoring extra columns', () => {
    const b = bindFeatures(model, ['target', 'tier', 'ret_1h', 'id', 'rsi_14']);
    expect(Array.from(b.columnOfFeature)).toEqual([2, 4, 1]);
    expect(Array.from(b.featureOfColumn)).toEqual([-1, 2, 0, -1, 1]);
  });

  it('names every missing feature at once, with the location', () => {
    let err: unknown;
    try {
      bindFeatures(model, ['target', 'rsi_14'], { file: 'x.csv', line: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.location).toEqual({ file: 'x.csv', line: 1 });
    expect(e.message).toBe(
      "x.csv:1: missing 2 of the model's 3 features: ret_1h, tier (columns: target, rsi_14)",
    );
  });

  it('refuses a feature column given twice (which one would be meant?)', () => {
    expect(() => bindFeatures(model, ['ret_1h', 'rsi_14', 'tier', 'tier'])).toThrow(
      /feature columns given more than once: tier/,
    );
    // A duplicated column the model does not use is harmless.
    expect(() => bindFeatures(model, ['ret_1h', 'rsi_14', 'tier', 'x', 'x'])).not.toThrow();
  });
});
