// Fused multiply-add, a*b + c with one rounding, emulated in plain double arithmetic. JavaScript has no
// Math.fma, and LightGBM's transforms call glibc's exp, whose x86-64 FMA build (chosen at run time on every
// CPU with FMA) fuses its multiply-adds: reproducing it bit for bit needs a correctly rounded fma.
//
// Method (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to
// odd", IEEE TC 2008): a*b = uh + ul exactly (Dekker's product), c + uh = th + tl exactly (Knuth's two-sum),
// v = tl + ul rounded to odd, result = th + v rounded to nearest. Valid while nothing overflows or underflows,
// which holds for the bounded arguments exp() feeds it.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// The word order below assumes a little-endian machine (every platform Node runs on today).
f64[0] = 1;
if (u32[1] !== 0x3ff00000) throw new Error('fma.ts assumes a little-endian platform');

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's split into two 26-bit halves

/** a*b + c rounded once, for finite arguments whose product and sum stay within ±2^995 and above 2^-960. */
export function fma(a: number, b: number, c: number): number {
  // Dekker: uh + ul === a*b exactly.
  const uh = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = al * bl - (uh - ah * bh - al * bh - ah * bl);
  // Knuth: th + tl === c + uh exactly.
  const th = c + uh;
  const bb = th - c;
  const tl = c - (th - bb) + (uh - bb);
  // v = tl + ul, rounded to odd: the nearest-rounded sum, nudged one ulp towards the exact value when that sum
  // was inexact and landed on an even mantissa. Round-to-odd matters only when th + v is an exact tie; while v is
  // far below th every midpoint of th's grid lies on v's grid, so a rounded v can reach a midpoint but never
  // cross one, and checking for the tie is enough (this fast path keeps typed-array bit work off the hot path).
  const v = tl + ul;
  const vb = v - tl;
  const err = tl - (v - vb) + (ul - vb);
  const z = th + v;
  if (err === 0) return z;
  if (Math.abs(v) < Math.abs(th) * 0.0625) {
    const twoE = 2 * (v - (z - th)); // twice the rounding error of th + v, exact (Fast2Sum)
    if (twoE === 0 || z + twoE - z !== twoE) return z; // not a tie
  }
  return th + roundToOdd(v, err);
}

function roundToOdd(v: number, err: number): number {
  f64[0] = v;
  let lo = u32[0] as number;
  if ((lo & 1) !== 0) return v;
  let hi = u32[1] as number;
  if (err > 0 === v > 0) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  u32[0] = lo;
  u32[1] = hi;
  return f64[0];
}
