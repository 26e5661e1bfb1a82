import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { regimeParamsFromConfig } from './from-config.js';
import { DEFAULT_REGIME_PARAMS, checkRegimeParams } from './params.js';

describe('regimeParamsFromConfig', () => {
  it('maps the shipped config onto exactly the documented defaults, which pass the detector checks', async () => {
    const { config } = await loadConfig('config/config.yaml', { env: {}, cwd: process.cwd() });
    const params = regimeParamsFromConfig(config.regime);
    expect(params).toEqual(DEFAULT_REGIME_PARAMS);
    expect(() => checkRegimeParams(params)).not.toThrow();
  });
});
