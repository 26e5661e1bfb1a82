import { describe, expect, it } from 'vitest';
import { convertOutput, parseObjective } from './objective.js';

describe('parseObjective', () => {
  it.each([
    ['regression', 'identity', 1, 1],
    ['regression sqrt', 'signed-square', 1, 1],
    ['regression_l1', 'identity', 1, 1],
    ['huber', 'identity', 1, 1],
    ['fair', 'identity', 1, 1],
    ['quantile', 'identity', 1, 1],
    ['mape', 'identity', 1, 1],
    ['binary sigmoid:1', 'sigmoid', 1, 1],
    ['binary sigmoid:0.6', 'sigmoid', 1, 0.6],
    ['multiclass num_class:3', 'softmax', 3, 1],
    ['multiclassova num_class:3 sigmoid:1.7', 'sigmoid-per-class', 3, 1.7],
    ['poisson', 'exp', 1, 1],
    ['gamma', 'exp', 1, 1],
    ['tweedie', 'exp', 1, 1],
    ['cross_entropy', 'logistic', 1, 1],
    ['cross_entropy_lambda', 'log1p-exp', 1, 1],
    ['lambdarank', 'identity', 1, 1],
    ['rank_xendcg', 'identity', 1, 1],
    ['custom', 'identity', 1, 1],
  ])('%s → %s', (text, transform, outputs, sigmoid) => {
    expect(parseObjective(text)).toEqual({
      name: text.split(' ')[0],
      text,
      transform,
      numOutputs: outputs,
      sigmoid,
    });
  });

  it('refuses unknown objectives and bad parameters', () => {
    expect(() => parseObjective('xgboost')).toThrow('unknown objective "xgboost"');
    expect(() => parseObjective('multiclass')).toThrow(/needs num_class/);
    expect(() => parseObjective('binary sigmoid:0')).toThrow(/sigmoid must be a positive number/);
    expect(() => parseObjective('binary sigmoid:abc')).toThrow(/sigmoid must be a positive number/);
  });
});

describe('convertOutput', () => {
  const apply = (text: string, values: number[]): number[] => {
    const a = Float64Array.from(values);
    convertOutput(parseObjective(text), a, 0, a.length);
    return Array.from(a);
  };

  it('squares with the sign for regression sqrt, -0 giving +0 as in C++', () => {
    expect(apply('regression sqrt', [-3])).toEqual([-9]);
    expect(Object.is(apply('regression sqrt', [-0])[0], 0)).toBe(true);
  });

  it('sigmoid uses the sigmoid parameter; softmax sums to 1 and survives large scores', () => {
    expect(apply('binary sigmoid:2', [0])).toEqual([0.5]);
    expect(apply('binary sigmoid:2', [1])[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    const p = apply('multiclass num_class:3', [1000, 1000, 1000]);
    expect(p).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(apply('multiclassova num_class:2 sigmoid:1', [0, 0])).toEqual([0.5, 0.5]);
  });

  it('exp, logistic and log1p(exp) transforms', () => {
    expect(apply('poisson', [0])).toEqual([1]);
    expect(apply('cross_entropy', [0])).toEqual([0.5]);
    expect(apply('cross_entropy_lambda', [0])).toEqual([Math.log1p(1)]);
  });

  it('transforms only the k values at the offset', () => {
    const a = Float64Array.from([5, 0, 0, 5]);
    convertOutput(parseObjective('binary sigmoid:1'), a, 1, 1);
    expect(Array.from(a)).toEqual([5, 0.5, 0, 5]);
  });
});
