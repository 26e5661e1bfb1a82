import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZERO_THRESHOLD, findBins, nextUp, valueToBin } from './binning.js';

const opts = { maxBin: 255, minDataInBin: 3, filterCount: 1 };

/** The sample values as findBins takes them: zeros left out, counted in the total. */
function bin(values: readonly number[], maxBin = 255): ReturnType<typeof findBins> {
  const nonZero = values.filter((v) => Number.isNaN(v) || Math.abs(v) > ZERO_THRESHOLD);
  return findBins(Float64Array.from(nonZero), values.length, { ...opts, maxBin });
}

describe('nextUp', () => {
  it('is the next double up, across signs and word boundaries', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-Number.MIN_VALUE)).toBe(-0);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
    expect(nextUp(2 ** 53)).toBe(2 ** 53 + 2);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (x) => {
        const up = nextUp(x);
        expect(up > x).toBe(true);
        expect((x + up) / 2 === x || (x + up) / 2 === up).toBe(true); // nothing in between
      }),
    );
  });
});

describe('findBins', () => {
  it('splits a value and its bin exactly: value <= upperBound[b] ⇔ bin(value) <= b', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.integer({ min: 2, max: 64 }),
        (values, maxBin) => {
          const m = bin(values, maxBin);
          expect(m.numBin).toBeLessThanOrEqual(maxBin);
          for (const v of values) {
            const b = valueToBin(m, v);
            if (Number.isNaN(v)) {
              expect(b).toBe(m.numBin - 1);
              continue;
            }
            const lastRegular = m.nanBin ? m.numBin - 2 : m.numBin - 1;
            for (let t = 0; t < lastRegular; t++) expect(v <= (m.upperBounds[t] as number)).toBe(b <= t);
          }
        },
      ),
    );
  });

  it('gives zero a bin of its own and NaN the last bin', () => {
    const values = [-3, -2, -1, 0, 0, 0, 1, 2, 3, NaN, NaN];
    const m = bin(values);
    expect(m.nanBin).toBe(true);
    expect(Number.isNaN(m.upperBounds[m.numBin - 1])).toBe(true);
    const zero = valueToBin(m, 0);
    expect(valueToBin(m, -1)).toBeLessThan(zero);
    expect(valueToBin(m, 1)).toBeGreaterThan(zero);
    expect(valueToBin(m, 1e-36)).toBe(zero); // inside LightGBM's zero band
    expect([m.min, m.max]).toEqual([-3, 3]);
  });

  it('puts about equally many values in each bin when there are more distinct values than bins', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * 100);
    const m = bin(values, 16);
    const counts = new Array<number>(m.numBin).fill(0);
    for (const v of values) counts[valueToBin(m, v)]! += 1;
    expect(m.numBin).toBeGreaterThan(10);
    for (const c of counts) expect(c).toBeLessThan(2 * (10_000 / m.numBin));
  });

  it('marks a constant feature, or one no split could leave min_data on both sides of, trivial', () => {
    expect(bin([5, 5, 5, 5]).trivial).toBe(true);
    const rare = [...new Array<number>(100).fill(1), 2];
    expect(findBins(Float64Array.from(rare), 101, { ...opts, filterCount: 20 }).trivial).toBe(true);
    expect(findBins(Float64Array.from(rare), 101, { ...opts, filterCount: 1 }).trivial).toBe(false);
  });
});
