// exp(x) exactly as glibc computes it on x86-64 CPUs with FMA. LightGBM's sigmoid, softmax, poisson/gamma/tweedie
// and cross-entropy-lambda transforms call std::exp, which on Linux is glibc's; V8's Math.exp is a different
// algorithm and differs from it in the last bit for about 4% of arguments, which shows in 17-digit output.
//
// glibc ≥ 2.28 uses the table-driven algorithm of ARM's optimized-routines (sysdeps/ieee754/dbl-64/e_exp.c):
// x = k·ln2/128 + r, exp(x) = 2^(k/128) · exp(r), exp(r) by a degree-5 polynomial. At run time glibc picks a
// build compiled with FMA on CPUs that have it (every x86-64 CPU since about 2013); this module reproduces that
// build's operation order, read from its machine code (__ieee754_exp_fma in glibc 2.36), with an emulated fma.
// Checked bit for bit against glibc on millions of arguments (test/fixtures/lightgbm/glibc-exp.json).
import { fma } from './fma.js';

const N = 128;
// Constants of glibc's __exp_data, as exact bit patterns.
const INV_LN2_N = fromBits(0x40671547, 0x652b82fe); // 128/ln 2
const NEG_LN2_HI_N = fromBits(0xbf762e42, 0xfefa0000); // -ln2/128, high part
const NEG_LN2_LO_N = fromBits(0xbd0cf79a, 0xbc9e3b3a); // -ln2/128, low part
const C2 = fromBits(0x3fdfffff, 0xfffffdbd);
const C3 = fromBits(0x3fc55555, 0x5555543c);
const C4 = fromBits(0x3fa55555, 0xcf172b91);
const C5 = fromBits(0x3f811111, 0x67a4d017);
const SHIFT = 6755399441055744; // 0x1.8p52: adding it rounds to an integer
const TWO_1009 = 2 ** 1009;
const TWO_M1022 = 2 ** -1022;
// 2^e for the exponents the main path meets (|x| < 512 → |e| ≤ 739): a lookup beats Math.pow here.
const POW2_BIAS = 740;
const POW2 = new Float64Array(2 * POW2_BIAS + 1).map((_, i) => 2 ** (i - POW2_BIAS));

// 2^(k/128) ≈ H[k]·(1 + T[k]): H the nearest double, T the nearest double to the relative remainder. The same
// table glibc ships, derived here from the mathematics (BigInt fixed point) rather than copied.
const H = new Float64Array(N);
const T = new Float64Array(N);

function fromBits(hi: number, lo: number): number {
  const u = new Uint32Array([lo, hi]);
  return new Float64Array(u.buffer)[0] as number;
}

/** exp(x), bit-identical to glibc's FMA build for every double x (NaN, ±Infinity, subnormal results included). */
export function glibcExp(x: number): number {
  const ax = Math.abs(x);
  let special = false;
  if (!(ax >= 5.551115123125783e-17 && ax < 512)) {
    // |x| < 2^-54 (where exp(x) rounds to 1 + x), |x| ≥ 512, or NaN.
    if (ax < 5.551115123125783e-17) return 1 + x;
    if (ax >= 1024 || x !== x) {
      if (x === -Infinity) return 0;
      if (ax === Infinity || x !== x) return 1 + x;
      return x < 0 ? 0 : Infinity;
    }
    special = true;
  }
  const kd0 = fma(x, INV_LN2_N, SHIFT);
  const kd = kd0 - SHIFT; // the integer nearest to x·128/ln2, ties to even
  const r = fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x));
  const ki = kd | 0; // |kd| < 2^18 here
  const idx = ki & (N - 1);
  const e = ki >> 7; // floor(ki / 128)
  const tail = T[idx] as number;
  const h = H[idx] as number;
  const p23 = fma(r, C3, C2);
  const t0 = r + tail;
  const r2 = r * r;
  const p45 = fma(r, C5, C4);
  const u = fma(p23, r2, t0);
  const tmp = fma(r2 * r2, p45, u);
  if (!special) {
    const scale = h * (POW2[e + POW2_BIAS] as number);
    return fma(scale, tmp, scale);
  }
  return specialCase(tmp, h, e);
}

// Results near overflow or in the subnormal range: glibc scales into range first so that only one rounding
// happens (its specialcase()).
function specialCase(tmp: number, h: number, e: number): number {
  if (e > 0) {
    const scale = h * 2 ** (e - 1009);
    return TWO_1009 * fma(scale, tmp, scale);
  }
  const scale = h * 2 ** (e + 1022);
  const st = scale * tmp; // the FMA build does not fuse this branch
  let y = scale + st;
  if (y < 1) {
    let lo = scale - y + st;
    const hi = 1 + y;
    lo = 1 - hi + y + lo;
    y = hi + lo - 1;
    if (y === 0) y = 0;
  }
  return TWO_M1022 * y;
}

// --- table construction -------------------------------------------------------------------------------------

const FRAC = 256n; // fixed-point fraction bits: far more than the 106 the table needs
buildTable();

function buildTable(): void {
  const one = 1n << FRAC;
  // r = 2^(1/128) by Newton's method on r^128 = 2.
  let r = one + (one >> 7n);
  for (let i = 0; i < 40; i++) {
    let p = r;
    for (let j = 0; j < 7; j++) p = (p * p) >> FRAC; // r^128
    const p127 = (p << FRAC) / r;
    const next = r - ((p - 2n * one) << FRAC) / (128n * p127);
    if (next === r) break;
    r = next;
  }
  let v = one;
  for (let k = 0; k < N; k++) {
    const hk = fixedToDouble(v);
    H[k] = hk;
    const hFixed = doubleToFixed(hk);
    T[k] = fixedToDouble(((v - hFixed) << FRAC) / hFixed);
    v = (v * r) >> FRAC;
  }
}

/** The double nearest to the fixed-point value f / 2^FRAC (f a BigInt, any sign, no tie handling needed). */
function fixedToDouble(f: bigint): number {
  if (f === 0n) return 0;
  const neg = f < 0n;
  const a = neg ? -f : f;
  const bits = a.toString(2).length;
  const drop = BigInt(Math.max(0, bits - 53));
  let m = a >> drop;
  const rem = a - (m << drop);
  if (drop > 0n && rem * 2n >= 1n << drop) m += 1n; // round half up: the values here are irrational
  const value = Number(m) * 2 ** (Number(drop) - Number(FRAC));
  return neg ? -value : value;
}

function doubleToFixed(d: number): bigint {
  // d is in [1, 2): its 52 fraction bits scale exactly.
  return BigInt(d * 2 ** 52) << (FRAC - 52n);
}
