// Decimal text ↔ double, for the candle CSV files. Parsing works on bytes so the loader never builds a string per
// field; printing never uses exponent notation, so tiny prices (PEPE) stay readable and diff-able as 0.00000712.

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

const ZERO = 48;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const LOWER_E = 101;
const UPPER_E = 69;

/** Where the last `scanDecimal` stopped. A module variable rather than a returned pair: no allocation per field. */
let scanEnd = 0;

/**
 * Parses `[+-]digits[.digits][(e|E)[+-]digits]` (at least one mantissa digit) in bytes[start, end). Returns NaN
 * when the text is anything else — including `NaN`, `Infinity`, blanks and hex, which `Number()` would accept.
 *
 * The result is bit-identical to `Number(text)`: when the digits form an integer m ≤ 2^53 and the decimal exponent
 * k is within ±22, both m and 10^|k| are exact doubles, so one IEEE multiply or divide rounds correctly (Clinger's
 * fast path). Every other case falls back to `Number()`, which is correctly rounded too.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  const x = scanDecimal(bytes, start, end);
  return scanEnd === end ? x : NaN;
}

/**
 * Parses the number that starts at `start` and stops before the first byte that cannot continue it (or at
 * `end`); `scannedTo()` then tells where. NaN when no number starts there. The loader's fast path: it parses a
 * row's fields in one pass, checking only that each stops at a comma.
 */
export function scanDecimal(bytes: Uint8Array, start: number, end: number): number {
  let p = start;
  // -1 past the end: an empty range parses as no number.
  let c = p < end ? (bytes[p] as number) : -1;
  const negative = c === MINUS;
  if (negative || c === PLUS) p++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1; // digits after the dot; -1 before any dot
  for (; p < end; p++) {
    c = bytes[p] as number;
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === DOT && fraction < 0) {
      fraction = 0;
    } else break;
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (p < end && (c === LOWER_E || c === UPPER_E)) {
    p++;
    c = p < end ? (bytes[p] as number) : -1;
    const expNegative = c === MINUS;
    if (expNegative || c === PLUS) p++;
    const expStart = p;
    for (; p < end; p++) {
      const d = (bytes[p] as number) - ZERO;
      if (d < 0 || d > 9) break;
      // Cap the value: a huge exponent is left to Number(), which yields 0 or Infinity.
      if (exponent < 100_000) exponent = exponent * 10 + d;
    }
    if (p === expStart) return NaN;
    if (expNegative) exponent = -exponent;
  }
  scanEnd = p;
  const k = exponent - (fraction < 0 ? 0 : fraction);
  // While the mantissa stays ≤ 2^53 every step of `mantissa * 10 + d` was exact.
  if (mantissa > Number.MAX_SAFE_INTEGER || k < -22 || k > 22) return Number(asciiText(bytes, start, p));
  const value = k < 0 ? mantissa / (POW10[-k] as number) : mantissa * (POW10[k] as number);
  return negative ? -value : value;
}

/** End (exclusive) of the text the last `scanDecimal` call parsed. */
export function scannedTo(): number {
  return scanEnd;
}

const ascii = new TextDecoder();

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  // The grammar check above has already let through ASCII only.
  return ascii.decode(bytes.subarray(start, end));
}

/**
 * Shortest text that reads back as exactly `x`, in plain decimal notation (never `7.12e-6` or `1e+21`).
 * `String(x)` already gives the shortest round-trip digits; only its exponent form is rewritten.
 */
export function formatDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} as a decimal`);
  if (Object.is(x, -0)) return '-0';
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s.startsWith('-') ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Position of the decimal point within `digits` once the exponent is applied.
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
