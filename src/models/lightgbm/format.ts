// Numbers printed as LightGBM prints predictions: C++ iostream with precision 17, i.e. printf's "%.17g" —
// 17 significant digits, trailing zeros dropped, exponent form below 1e-4 or from 1e17, exponents with at
// least two digits (1e-05, 1.5e+20), and nan / inf / -inf.
//
// Number#toPrecision(17) gives the same digits except on exact ties (a double whose exact decimal expansion has
// 18 significant digits ending in 5): ECMAScript rounds those up, glibc's printf to even. A tie needs a
// non-integer with at most 25 fractional bits (5^k < 10^18), so one multiplication screens almost every number.

const TWO_25 = 33554432;

/** `%.17g` of x, byte-identical to glibc's printf. */
export function formatG17(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isInteger(x) && Number.isInteger(x * TWO_25)) {
    const tie = tieDigits(x);
    if (tie !== undefined) return fromDigits(x < 0, tie.digits, tie.exp);
  }
  const s = x.toPrecision(17);
  const e = s.indexOf('e');
  if (e >= 0) {
    // JS uses exponent form for exponents < -6 or ≥ 17; %g does too, with a two-digit exponent.
    const sign = s.charCodeAt(e + 1) === 45 ? '-' : '+';
    const digits = s.slice(e + 2);
    return `${trimZeros(s.slice(0, e))}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
  }
  // Fixed form: %g switches to exponent form below 1e-4 (after rounding), JS only below 1e-6.
  const neg = s.charCodeAt(0) === 45;
  if (s.startsWith('0.0000', neg ? 1 : 0)) {
    const body = s.slice(neg ? 3 : 2);
    let zeros = 0;
    while (body.charCodeAt(zeros) === 48) zeros++;
    return fromDigits(neg, body.slice(zeros), -(zeros + 1));
  }
  return trimZeros(s);
}

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/** %.17g from 17 significant digits and the decimal exponent of the first one. */
function fromDigits(neg: boolean, digits: string, exp: number): string {
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 17) {
    const abs = Math.abs(exp);
    return `${sign}${trimZeros(`${digits[0] as string}.${digits.slice(1)}`)}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  if (exp < 0) return `${sign}${trimZeros(`0.${'0'.repeat(-exp - 1)}${digits}`)}`;
  return `${sign}${trimZeros(`${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`)}`;
}

/** For x with ≤ 25 fractional bits: if it is an exact 17-digit tie, its digits rounded half to even. */
function tieDigits(x: number): { digits: string; exp: number } | undefined {
  let m = Math.abs(x);
  let k = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  // |x| = m / 2^k = m·5^k / 10^k exactly.
  const exact = (BigInt(m) * 5n ** BigInt(k)).toString();
  if (exact.length !== 18 || !exact.endsWith('5')) return undefined;
  let exp = exact.length - k - 1;
  const kept = BigInt(exact.slice(0, 17));
  let digits = (kept % 2n === 0n ? kept : kept + 1n).toString();
  if (digits.length > 17) {
    digits = digits.slice(0, 17);
    exp++;
  }
  return { digits, exp };
}
