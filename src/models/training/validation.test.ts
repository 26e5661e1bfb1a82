import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkForwardFolds } from './validation.js';

const H = 3_600_000;

/** `assets` rows per hour for `hours` hours, sorted by time; some rows without a target. */
function timeline(
  hours: number,
  assets: number,
  missingEvery = 0,
): { time: Float64Array; usable: Uint8Array } {
  const time = new Float64Array(hours * assets);
  const usable = new Uint8Array(hours * assets);
  for (let h = 0; h < hours; h++) {
    for (let a = 0; a < assets; a++) {
      time[h * assets + a] = 1_700_000_000_000 + h * H;
      usable[h * assets + a] = missingEvery > 0 && (h * assets + a) % missingEvery === 0 ? 0 : 1;
    }
  }
  return { time, usable };
}

describe('walkForwardFolds', () => {
  it('purges and embargoes: no training label window [t, t+h] overlaps any test window, and the gap is ≥ h', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 0, max: 72 }),
        fc.constantFrom('expanding' as const, 'rolling' as const),
        fc.constantFrom(0, 2, 3, 5, 7),
        (folds, horizonBars, embargoBars, scheme, missingEvery) => {
          const { time, usable } = timeline(600, 3, missingEvery);
          const horizonMs = horizonBars * H;
          const result = walkForwardFolds(time, usable, {
            folds,
            scheme,
            horizonMs,
            embargoMs: embargoBars * H,
            windowMs: 100 * H,
          });
          expect(result).toHaveLength(folds);
          for (const f of result) {
            expect(f.test.length).toBeGreaterThan(0);
            const firstTest = Math.min(...Array.from(f.test, (r) => time[r] as number));
            let lastTrain = -Infinity;
            for (const r of f.train) {
              const t = time[r] as number;
              lastTrain = Math.max(lastTrain, t);
              // Label window of the training row ends strictly before any test row's window starts.
              expect(t + horizonMs).toBeLessThan(firstTest);
              expect(usable[r]).toBe(1);
            }
            for (const r of f.test) expect(usable[r]).toBe(1);
            expect(f.train.length).toBeGreaterThan(0);
            expect(firstTest - lastTrain).toBeGreaterThan(Math.max(horizonMs, embargoBars * H) - 1);
            expect(firstTest - lastTrain).toBeGreaterThanOrEqual(horizonMs);
            expect(f.gapMs).toBeGreaterThanOrEqual(horizonMs);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('tests on consecutive blocks after an initial training block; expanding keeps all earlier rows, rolling a window', () => {
    const { time, usable } = timeline(500, 2);
    const opts = { folds: 4, horizonMs: 24 * H, embargoMs: 24 * H, windowMs: 50 * H };
    const expanding = walkForwardFolds(time, usable, { ...opts, scheme: 'expanding' });
    const rolling = walkForwardFolds(time, usable, { ...opts, scheme: 'rolling' });
    for (let k = 1; k < expanding.length; k++) {
      const prev = expanding[k - 1];
      const cur = expanding[k];
      expect(cur?.testStart).toBeGreaterThan(prev?.testEnd as number);
      expect(cur?.train.length).toBeGreaterThan(prev?.train.length as number);
      expect(time[cur?.train[0] as number]).toBe(time[0]);
    }
    for (const f of rolling) expect(f.train.length).toBeLessThanOrEqual(2 * 50);
    expect(() =>
      walkForwardFolds(time.subarray(0, 10), usable.subarray(0, 10), { ...opts, scheme: 'expanding' }),
    ).toThrow(/too few decision times/);
  });
});
