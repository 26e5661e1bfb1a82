import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatG17 } from './format.js';

/** %.17g computed exactly with BigInt: the exact decimal expansion, rounded half to even to 17 digits. */
function exactG17(x: number): string {
  const neg = x < 0 || Object.is(x, -0);
  let m = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  let digits: string;
  let exp10: number;
  if (e === 0) {
    digits = BigInt(m).toString();
    exp10 = digits.length - 1;
  } else {
    digits = (BigInt(m) * 5n ** BigInt(-e)).toString(); // m·2^e = m·5^-e / 10^-e
    exp10 = digits.length - 1 + e;
  }
  digits = digits.padEnd(18, '0');
  let kept = BigInt(digits.slice(0, 17));
  const rest = digits.slice(17);
  const half = `5${'0'.repeat(rest.length - 1)}`;
  if (rest > half || (rest === half && kept % 2n === 1n)) kept += 1n;
  let d = kept.toString();
  if (d.length > 17) {
    d = d.slice(0, 17);
    exp10++;
  }
  const sign = neg ? '-' : '';
  const trim = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp10 < -4 || exp10 >= 17) {
    const a = Math.abs(exp10);
    return `${sign}${trim(`${d[0]}.${d.slice(1)}`)}e${exp10 < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
  }
  if (exp10 < 0) return `${sign}${trim(`0.${'0'.repeat(-exp10 - 1)}${d}`)}`;
  return `${sign}${trim(`${d.slice(0, exp10 + 1)}.${d.slice(exp10 + 1)}`)}`;
}

describe('formatG17', () => {
  it('prints like printf("%.17g") on known values', () => {
    const cases: [number, string][] = [
      [0.19030862271619836, '0.19030862271619836'],
      [0.04735814904586879, '0.04735814904586879'],
      [0.1, '0.10000000000000001'],
      [1, '1'],
      [-2.5, '-2.5'],
      [100, '100'],
      [1e16, '10000000000000000'],
      [1e17, '1e+17'],
      [1.5e300, '1.5000000000000001e+300'],
      [0.0001, '0.0001'],
      [0.00001, '1.0000000000000001e-05'],
      [-3.5e-7, '-3.4999999999999998e-07'],
      [5e-324, '4.9406564584124654e-324'],
      [0, '0'],
      [-0, '-0'],
      [NaN, 'nan'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
    ];
    for (const [x, s] of cases) expect(formatG17(x)).toBe(s);
  });

  it('rounds exact ties half to even, as glibc does (JavaScript would round them up)', () => {
    // 26215/2^18 = 0.100002288818359375 exactly: the 18th digit is a 5 with nothing after it.
    expect(formatG17(26215 / 2 ** 18)).toBe('0.10000228881835938');
    expect((26215 / 2 ** 18).toPrecision(17)).toBe('0.10000228881835938');
    // 26217/2^18 = 0.100009918212890625: half-even keeps the 2, toPrecision would print ...0627.
    expect(formatG17(26217 / 2 ** 18)).toBe('0.10000991821289062');
    expect((26217 / 2 ** 18).toPrecision(17)).toBe('0.10000991821289063');
  });

  it('equals an exact BigInt %.17g on arbitrary doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(formatG17(x)).toBe(exactG17(x));
      }),
      { numRuns: 20000 },
    );
  });

  it('equals an exact BigInt %.17g on short dyadic numbers, where ties live', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        (m, k, neg) => {
          const x = ((neg ? -1 : 1) * m) / 2 ** k;
          expect(formatG17(x)).toBe(exactG17(x));
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('always round-trips: 17 significant digits identify a double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Number(formatG17(x)), x)).toBe(true);
      }),
    );
  });
});
