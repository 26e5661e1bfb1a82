import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fma } from './fma.js';
import { glibcExp } from './glibc-exp.js';

const LIBM = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/lightgbm/libm.json', import.meta.url), 'utf8'),
) as { exp: [string, string][]; log1p: [string, string][] };

function fromHex(hex: string): number {
  return new Float64Array(BigUint64Array.of(BigInt(`0x${hex}`)).buffer)[0] as number;
}
function toHex(x: number): string {
  return (new BigUint64Array(Float64Array.of(x).buffer)[0] as bigint).toString(16).padStart(16, '0');
}

/** x = m·2^e exactly, m an integer (BigInt). */
function decompose(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  let e = 0;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    e--;
  }
  while (Math.abs(v) > 2 ** 53) {
    v /= 2;
    e++;
  }
  return { m: BigInt(v), e };
}

/** The double nearest to n·2^e (ties to even), for results in the normal range. */
function roundToDouble(n: bigint, e: number): number {
  if (n === 0n) return 0;
  const neg = n < 0n;
  let a = neg ? -n : n;
  let exp = e;
  const bits = a.toString(2).length;
  if (bits > 53) {
    const drop = BigInt(bits - 53);
    const q = a >> drop;
    const rem = a - (q << drop);
    const half = 1n << (drop - 1n);
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    exp += Number(drop);
  }
  const value = Number(a) * 2 ** exp;
  return neg ? -value : value;
}

function exactFma(a: number, b: number, c: number): number {
  const A = decompose(a);
  const B = decompose(b);
  const C = decompose(c);
  const pe = A.e + B.e;
  const e = Math.min(pe, C.e);
  const sum = ((A.m * B.m) << BigInt(pe - e)) + (C.m << BigInt(C.e - e));
  return roundToDouble(sum, e);
}

describe('glibcExp', () => {
  it('equals glibc exp() bit for bit on every recorded argument', () => {
    expect(LIBM.exp.length).toBeGreaterThan(5000);
    const wrong = LIBM.exp.filter(([x, y]) => toHex(glibcExp(fromHex(x))) !== y);
    expect(wrong).toEqual([]);
  });

  it('differs from Math.exp on some of them (why it exists)', () => {
    const differ = LIBM.exp.filter(([x, y]) => toHex(Math.exp(fromHex(x))) !== y);
    expect(differ.length).toBeGreaterThan(10);
  });

  it('handles the special arguments like glibc', () => {
    expect(glibcExp(0)).toBe(1);
    expect(glibcExp(-0)).toBe(1);
    expect(glibcExp(NaN)).toBeNaN();
    expect(glibcExp(Infinity)).toBe(Infinity);
    expect(glibcExp(-Infinity)).toBe(0);
    expect(glibcExp(710)).toBe(Infinity);
    expect(glibcExp(-746)).toBe(0);
    expect(glibcExp(1e-300)).toBe(1);
    expect(glibcExp(-745.1)).toBe(5e-324);
  });
});

describe('Math.log1p', () => {
  it('equals glibc log1p() bit for bit (both are fdlibm), so xentlambda needs no port', () => {
    const wrong = LIBM.log1p.filter(([x, y]) => toHex(Math.log1p(fromHex(x))) !== y);
    expect(wrong).toEqual([]);
  });
});

describe('fma', () => {
  // The documented domain: no overflow, no underflow (exp() never leaves it).
  const moderate = fc
    .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
    .filter((x) => Math.abs(x) > 1e-100);
  it('rounds a*b + c once, like a hardware fused multiply-add', () => {
    fc.assert(
      fc.property(moderate, moderate, moderate, (a, b, c) => {
        expect(toHex(fma(a, b, c))).toBe(toHex(exactFma(a, b, c)));
      }),
      { numRuns: 20000 },
    );
  });

  it('is exact in the cancelling and tie-prone cases', () => {
    fc.assert(
      fc.property(moderate, moderate, fc.integer({ min: -3, max: 3 }), (a, b, k) => {
        // c close to -a*b makes the result the product's rounding error; tiny offsets probe the ties.
        const c = -(a * b) + k * Number.EPSILON * Math.abs(a * b);
        fc.pre(c !== 0);
        expect(toHex(fma(a, b, c))).toBe(toHex(exactFma(a, b, c)));
        const p = Math.fround(a);
        const q = Math.fround(b);
        expect(toHex(fma(p, q, 1))).toBe(toHex(exactFma(p, q, 1)));
      }),
      { numRuns: 20000 },
    );
  });
});
