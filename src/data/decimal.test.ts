import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal, scanDecimal, scannedTo } from './decimal.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const parse = (s: string): number => parseDecimal(bytes(s), 0, s.length);

describe('parseDecimal', () => {
  it('reads the forms found in the data, exponent notation included', () => {
    expect(parse('60497.99')).toBe(60497.99);
    expect(parse('1726272000000')).toBe(1726272000000);
    expect(parse('2.334e-05')).toBe(0.00002334);
    expect(parse('0.00000712')).toBe(7.12e-6);
    expect(parse('564671068833')).toBe(564671068833);
    expect(parse('-1.5E+3')).toBe(-1500);
    expect(parse('.5')).toBe(0.5);
    expect(parse('5.')).toBe(5);
  });

  it('rejects what is not a plain decimal number, even where Number() would accept it', () => {
    for (const s of ['', ' 1', '1 ', 'abc', 'NaN', 'Infinity', '-inf', '0x1A', '1e', '1e+', '.', '-', '1.2.3', '1,5']) {
      expect(parse(s), s).toBeNaN();
    }
  });

  it('is bit-identical to Number() on the shortest text of any double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        expect(Object.is(parse(s), Number(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('is bit-identical to Number() on arbitrary digit strings, long mantissas and exponents included', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^[0-9]{1,25}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,25}$/)),
        fc.option(fc.integer({ min: -340, max: 340 })),
      )
      .map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`);
    fc.assert(
      fc.property(decimal, (s) => {
        expect(Object.is(parse(s), Number(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('scanDecimal stops at the first byte that cannot continue the number', () => {
    const b = bytes('12.5,7e2,x');
    expect(scanDecimal(b, 0, b.length)).toBe(12.5);
    expect(scannedTo()).toBe(4);
    expect(scanDecimal(b, 5, b.length)).toBe(700);
    expect(scannedTo()).toBe(8);
    expect(scanDecimal(b, 9, b.length)).toBeNaN();
  });
});

describe('formatDecimal', () => {
  it('never uses exponent notation', () => {
    expect(formatDecimal(7.12e-6)).toBe('0.00000712');
    expect(formatDecimal(2.334e-5)).toBe('0.00002334');
    expect(formatDecimal(1e-7)).toBe('0.0000001');
    expect(formatDecimal(-1.5e-9)).toBe('-0.0000000015');
    expect(formatDecimal(1e21)).toBe('1000000000000000000000');
    expect(formatDecimal(1.2345e22)).toBe('12345000000000000000000');
    expect(formatDecimal(60497.99)).toBe('60497.99');
    expect(formatDecimal(-0)).toBe('-0');
  });

  it('reads back bit-identical, for every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatDecimal(x);
        expect(s).not.toMatch(/e/i);
        expect(Object.is(parse(s), x)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses non-finite values', () => {
    expect(() => formatDecimal(NaN)).toThrow(RangeError);
    expect(() => formatDecimal(Infinity)).toThrow(RangeError);
  });
});
