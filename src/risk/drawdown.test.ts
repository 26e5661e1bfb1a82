import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { INITIAL_DRAWDOWN_STATE, exposureScale, updateDrawdown, type DrawdownState } from './drawdown.js';
import { riskParamsFromConfig } from './from-config.js';
import { DEFAULT_RISK_PARAMS, checkRiskParams } from './params.js';

const D = DEFAULT_RISK_PARAMS.drawdown;

function walk(equities: readonly number[], from: DrawdownState = INITIAL_DRAWDOWN_STATE) {
  const scales: number[] = [];
  let s = from;
  for (const e of equities) {
    s = updateDrawdown(s, e, D);
    scales.push(exposureScale(s, D));
  }
  return { state: s, scales };
}

describe('riskParamsFromConfig', () => {
  it('maps the shipped config onto exactly the documented defaults, which pass the checks', async () => {
    const { config } = await loadConfig('config/config.yaml', { env: {}, cwd: process.cwd() });
    const params = riskParamsFromConfig(config.risk);
    expect(params).toEqual(DEFAULT_RISK_PARAMS);
    expect(() => checkRiskParams(params)).not.toThrow();
  });
});

describe('drawdown scaling', () => {
  it('steps down at 5 % and 10 %, and back up only below half of each', () => {
    // peak 100: 4 % → 1; 5 % → 0.5; 3 % → still 0.5 (≥ 2.5 %); 2.4 % → 1;
    // 10.1 % → 0.2; 6 % → 0.2 (≥ 5 %); 4.9 % → 0.5; 4 % → 0.5; 2.4 % → 1.
    const { scales, state } = walk([100, 96, 95, 97, 97.6, 89.9, 94, 95.1, 96, 97.6]);
    expect(scales).toEqual([1, 1, 0.5, 0.5, 1, 0.2, 0.2, 0.5, 0.5, 1]);
    expect(state.peak).toBe(100);
    expect(state.drawdown).toBeCloseTo(0.024, 12);
  });

  it('starts its peak at the first observation, and a new peak restores full exposure at once', () => {
    const { scales, state } = walk([50_000, 44_000, 50_500]);
    expect(scales).toEqual([1, 0.2, 1]);
    expect(state.peak).toBe(50_500);
    expect(updateDrawdown(state, NaN, D)).toBe(state);
    expect(updateDrawdown(state, 0, D)).toBe(state);
  });

  it('does not whipsaw around a threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.026, max: 0.099, noNaN: true }), { maxLength: 50 }), (dds) => {
        // Once at the soft level, any drawdown between 2.5 % and 10 % keeps it there.
        const { scales } = walk([100, 95, ...dds.map((d) => 100 * (1 - d))]);
        expect(scales.slice(1).every((x) => x === 0.5)).toBe(true);
      }),
    );
  });

  it('is never above the scale the drawdown alone would give on the way down', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 50, max: 150, noNaN: true }), { minLength: 1, maxLength: 80 }),
        (eq) => {
          let s = INITIAL_DRAWDOWN_STATE;
          for (const e of eq) {
            s = updateDrawdown(s, e, D);
            const bare = s.drawdown >= D.hard ? D.hardExposure : s.drawdown >= D.soft ? D.softExposure : 1;
            expect(exposureScale(s, D)).toBeLessThanOrEqual(bare);
            if (s.drawdown < D.recoveryRatio * D.soft) expect(exposureScale(s, D)).toBe(1);
          }
        },
      ),
    );
  });
});
