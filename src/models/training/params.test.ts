import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_PARAMS, ParamError, parseTrainParams } from './params.js';

describe('parseTrainParams', () => {
  it('reads LightGBM names and aliases', () => {
    const p = parseTrainParams([
      ['n_estimators', '250'],
      ['eta', '0.03'],
      ['max_leaves', '15'],
      ['min_child_samples', '50'],
      ['reg_alpha', '0.1'],
      ['reg_lambda', '2'],
      ['colsample_bytree', '0.8'],
      ['subsample', '0.7'],
      ['subsample_freq', '1'],
      ['objective', 'huber'],
      ['alpha', '1.5'],
      ['random_state', '9'],
      ['early_stopping_rounds', '20'],
      ['num_threads', '4'], // accepted, no effect on a single-threaded deterministic trainer
    ]);
    expect(p).toMatchObject({
      numIterations: 250,
      learningRate: 0.03,
      numLeaves: 15,
      minDataInLeaf: 50,
      lambdaL1: 0.1,
      lambdaL2: 2,
      featureFraction: 0.8,
      baggingFraction: 0.7,
      baggingFreq: 1,
      objective: 'huber',
      alpha: 1.5,
      seed: 9,
      earlyStoppingRound: 20,
    });
    expect(parseTrainParams([['objective', 'mse']]).objective).toBe('regression');
    expect(parseTrainParams([])).toEqual(DEFAULT_TRAIN_PARAMS);
  });

  it('refuses unknown names, naming them', () => {
    expect(() => parseTrainParams([['num_leafs', '31']])).toThrow(/unknown parameter "num_leafs"/);
    try {
      parseTrainParams([['colsample_bylevel', '0.5']]);
    } catch (err) {
      expect(err).toBeInstanceOf(ParamError);
      expect((err as ParamError).param).toBe('colsample_bylevel');
    }
  });

  it('refuses bad values, unsupported objectives and two spellings of one parameter', () => {
    expect(() => parseTrainParams([['num_leaves', '1']])).toThrow(/num_leaves must be ≥ 2/);
    expect(() => parseTrainParams([['learning_rate', '0']])).toThrow(/> 0/);
    expect(() => parseTrainParams([['bagging_fraction', '1.5']])).toThrow(/≤ 1/);
    expect(() => parseTrainParams([['num_iterations', '10.5']])).toThrow(/integer/);
    expect(() => parseTrainParams([['max_bin', 'many']])).toThrow(/integer, got "many"/);
    expect(() => parseTrainParams([['objective', 'binary']])).toThrow(/not supported/);
    expect(() =>
      parseTrainParams([
        ['eta', '0.1'],
        ['learning_rate', '0.2'],
      ]),
    ).toThrow(/already set/);
  });
});
