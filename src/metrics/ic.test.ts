import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from './ic.js';

describe('pearson (IC)', () => {
  it('matches hand values and skips pairs with a NaN', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    // Deviations (−1.5, −0.5, 0.5, 1.5) and (−1.5, 0.5, −0.5, 1.5): 4 / 5.
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 15);
    expect(pearson([1, NaN, 2, 3, 4], [1, 100, 3, 2, 4])).toBeCloseTo(0.8, 15);
  });

  it('is NaN without two pairs or without variation', () => {
    expect(pearson([1], [2])).toBeNaN();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });
});

describe('spearman (rank IC)', () => {
  it('gives ties their average rank', () => {
    expect(averageRanks([10, 20, 20, 30, 20])).toEqual([1, 3, 3, 5, 3]);
    // Ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / sqrt(4.5 · 5) = 3/√10.
    expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(3 / Math.sqrt(10), 15);
  });

  it('is unchanged by increasing transforms and is 1 for any increasing relation', () => {
    fc.assert(
      fc.property(
        // Integers: ties are frequent, and the transforms below keep distinct values distinct.
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), {
          minLength: 3,
          maxLength: 40,
        }),
        (pairs) => {
          const x = pairs.map((p) => p[0]);
          const y = pairs.map((p) => p[1]);
          const rho = spearman(x, y);
          const rhoT = spearman(
            x.map((v) => v ** 3),
            y.map(Math.exp),
          );
          if (Number.isNaN(rho)) expect(rhoT).toBeNaN();
          else expect(rhoT).toBeCloseTo(rho, 12);
          if (new Set(x).size > 1) expect(spearman(x, x.map(Math.exp))).toBeCloseTo(1, 12);
        },
      ),
    );
  });
});
