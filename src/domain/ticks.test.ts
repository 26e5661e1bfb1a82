import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSteps, parseSteps, stepsToNumber, toSteps, valueExceeds } from './ticks.js';

describe('tick arithmetic', () => {
  it('does not lose a step to float noise when rounding down', () => {
    expect(toSteps(0.00246, 5, 'floor')).toBe(246); // 0.00246 × 1e5 = 245.99999999999997
    expect(toSteps(0.0024600000000000004, 5, 'floor')).toBe(246);
    expect(toSteps(0.002469, 5, 'floor')).toBe(246);
    expect(toSteps(0.002461, 5, 'ceil')).toBe(247);
  });

  it('formats with exactly `precision` decimals and parses back', () => {
    expect(formatSteps(245, 5)).toBe('0.00245');
    expect(formatSteps(8459601, 2)).toBe('84596.01');
    expect(formatSteps(7, 0)).toBe('7');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 0, max: 10 }), (steps, p) => {
        expect(parseSteps(formatSteps(steps, p), p)).toBe(steps);
      }),
    );
  });

  it('parses only plain decimals within the precision', () => {
    expect(parseSteps('1.50', 1)).toBe(15);
    expect(parseSteps('1.55', 1)).toBeUndefined();
    expect(parseSteps('1e-7', 8)).toBeUndefined();
    expect(parseSteps('-1', 2)).toBeUndefined();
    expect(parseSteps('.5', 2)).toBeUndefined();
    expect(parseSteps('0.0024600000000000004', 5)).toBeUndefined();
  });

  it('compares an order value with the minimum exactly: it must be above, not equal', () => {
    expect(valueExceeds(100, 2, 1, 0, 1)).toBe(false); // 1.00 × 1 = 1
    expect(valueExceeds(101, 2, 1, 0, 1)).toBe(true); // 1.01
    expect(valueExceeds(8459601, 2, 1, 5, 1)).toBe(false); // 84596.01 × 0.00001 = 0.85
    expect(valueExceeds(8459601, 2, 2, 5, 1)).toBe(true); // 1.69
  });

  it('rounds down large quantities: 1404494382.7 PEPE at precision 0 is 1404494382, never more than held', () => {
    expect(toSteps(1404494382.7, 0, 'floor')).toBe(1404494382);
    expect(toSteps(1404494382.7, 0, 'ceil')).toBe(1404494383);
    expect(toSteps(987654321.55, 1, 'floor')).toBe(9876543215);
  });

  it('floor never exceeds the value and ceil never falls below it, at any size', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, p) => {
        const scaled = x * 10 ** p;
        fc.pre(scaled < 2 ** 52);
        const down = toSteps(x, p, 'floor');
        const up = toSteps(x, p, 'ceil');
        // Exact comparisons in decimal: steps × 10^-p against x, allowing only the few-ulp noise of the product.
        const tol = 8 * Number.EPSILON * Math.max(1, scaled);
        expect(down).toBeLessThanOrEqual(scaled + tol);
        expect(up).toBeGreaterThanOrEqual(scaled - tol);
        expect(up - down).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stepsToNumber', () => {
  it('is bit for bit the number the decimal text reads back as', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().map(Math.abs), fc.integer({ min: 0, max: 18 }), (steps, p) => {
        expect(Object.is(stepsToNumber(steps, p), Number(formatSteps(steps, p)))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
