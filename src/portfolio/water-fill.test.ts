import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawWeights, trailingVolatility } from './raw-weights.js';
import { waterFill, waterFillWithGroup } from './water-fill.js';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('waterFill', () => {
  it('shares the budget in proportion when no cap binds', () => {
    const w = waterFill([1, 2, 1], [0.5, 0.5, 0.5], 0.8);
    expect(w[0]).toBeCloseTo(0.2, 15);
    expect(w[1]).toBeCloseTo(0.4, 15);
    expect(w[2]).toBeCloseTo(0.2, 15);
  });

  it('fixes a capped name and gives its excess to the others', () => {
    // λ = 0.1 → third passes its 0.05 cap; 0.25 left for the first two: 0.125 each.
    const w = waterFill([1, 1, 1], [0.15, 0.15, 0.05], 0.3);
    expect(w).toEqual([0.125, 0.125, 0.05]);
  });

  it('cascades: a second round can cap another name', () => {
    // λ = 0.9/6: 0.45, 0.3, 0.15 → the first two reach their caps (0.2, 0.3); 0.4 is left for the third alone,
    // which reaches its cap 0.3 in the second round: 0.1 stays in cash.
    const w = waterFill([3, 2, 1], [0.2, 0.3, 0.3], 0.9);
    expect(w).toEqual([0.2, 0.3, 0.3]);
  });

  it('leaves in cash what no name can take', () => {
    expect(sum(waterFill([3, 1], [0.15, 0.15], 0.9))).toBeCloseTo(0.3, 15);
    expect(waterFill([], [], 0.9)).toEqual([]);
    expect(waterFill([1, 0], [0.5, 0.5], 0.4)).toEqual([0.4, 0]);
  });

  it('is min(cap, λ·raw) with Σ = min(budget, Σ caps)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0.01, max: 100, noNaN: true }),
            fc.double({ min: 0.01, max: 1, noNaN: true }),
          ),
          {
            maxLength: 12,
          },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pairs, budget) => {
          const raw = pairs.map((p) => p[0]);
          const caps = pairs.map((p) => p[1]);
          const w = waterFill(raw, caps, budget);
          expect(sum(w)).toBeCloseTo(Math.min(budget, sum(caps)), 9);
          // One λ for every uncapped name.
          const lambdas = w
            .map((x, i) => x / (raw[i] as number))
            .filter((_, i) => (w[i] as number) < (caps[i] as number));
          for (const l of lambdas) expect(l).toBeCloseTo(lambdas[0] as number, 9);
          w.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(caps[i] as number);
          });
        },
      ),
    );
  });
});

describe('waterFillWithGroup', () => {
  it('holds the group to its cap and gives the rest to the others', () => {
    // Four equal names, two in a group capped at 0.12, caps 0.1 / 0.05, budget 0.4:
    // unconstrained: group gets 0.05 + 0.05 = 0.1 ≤ 0.12 → unchanged.
    expect(
      waterFillWithGroup([1, 1, 1, 1], [0.1, 0.1, 0.05, 0.05], [false, false, true, true], 0.12, 0.4),
    ).toEqual([0.1, 0.1, 0.05, 0.05]);
    // Five group names at cap 0.05 would take 0.25; the sleeve allows 0.12 (0.024 each); 0.28 left for the two
    // others, capped at 0.15 each: 0.14 each.
    const w = waterFillWithGroup(
      [1, 1, 1, 1, 1, 1, 1],
      [0.15, 0.15, 0.05, 0.05, 0.05, 0.05, 0.05],
      [false, false, true, true, true, true, true],
      0.12,
      0.4,
    );
    expect(w[0]).toBeCloseTo(0.14, 15);
    expect(w[1]).toBeCloseTo(0.14, 15);
    for (const x of w.slice(2)) expect(x).toBeCloseTo(0.024, 15);
  });
});

describe('rawWeights', () => {
  it('is 1/σ at tilt 0 and (α/α_max)^tilt / σ otherwise', () => {
    const assets = [
      { alpha: 0.004, volatility: 0.01 },
      { alpha: 0.002, volatility: 0.02 },
    ];
    expect(rawWeights(assets, 0)).toEqual([100, 50]);
    expect(rawWeights(assets, 1)).toEqual([100, 25]);
    expect(rawWeights(assets, 2)).toEqual([100, 12.5]);
  });
});

describe('trailingVolatility', () => {
  it('is the sample σ of the last `bars` log returns', () => {
    const closes = [50, 100, 110, 99, 108.9];
    // returns ln 1.1, ln 0.9, ln 1.1 (the first close is outside the window of 3)
    const r = [Math.log(1.1), Math.log(0.9), Math.log(1.1)];
    const m = (r[0]! + r[1]! + r[2]!) / 3;
    const want = Math.sqrt(r.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
    expect(trailingVolatility(closes, 4, 3)).toBeCloseTo(want, 15);
    expect(trailingVolatility(closes, 2, 3)).toBeNaN(); // not enough closes
    expect(trailingVolatility([1, 0, 1, 1], 3, 3)).toBeNaN();
  });
});
