// Feature binning as LightGBM does it (BinMapper::FindBin, GreedyFindBin, FindBinWithZeroAsOneBin in
// src/io/bin.cpp): bins hold about equally many sample values, a value that fills a bin by itself gets its own,
// zero always has a bin of its own (so "is it exactly zero" is one split), and NaN, when the training data has
// any, gets the last bin. A bin's upper bound is (just above) the midpoint between the last value in it and the
// first value of the next bin, so `value <= upperBound[b]` ⇔ `bin(value) <= b`: a split on bins written as a
// double threshold predicts exactly what the trainer saw.
import type { SeededRandom } from './random.js';

/** LightGBM's kZeroThreshold (1e-35f widened to double): values this close to zero are zero. */
export const ZERO_THRESHOLD = Math.fround(1e-35);

export interface BinMapper {
  /** Bins, the NaN bin included. */
  readonly numBin: number;
  /** Upper bound of each bin; the last regular bin's is +Infinity, the NaN bin's is NaN. */
  readonly upperBounds: Float64Array;
  /** The training data had NaN: the last bin holds it, and splits learn which way it goes. */
  readonly nanBin: boolean;
  /** One bin only, or no split could leave min_data_in_leaf on both sides: never split on. */
  readonly trivial: boolean;
  /** Smallest and largest value seen (zero included when present), for `feature_infos`. */
  readonly min: number;
  readonly max: number;
}

export interface BinningOptions {
  readonly maxBin: number;
  readonly minDataInBin: number;
  /** LightGBM's feature_pre_filter count: min_data_in_leaf scaled to the sample. */
  readonly filterCount: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Word order of a double seen as two 32-bit words (little-endian on every platform Node runs on, but checked).
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** The next double towards +Infinity (C's nextafter(x, INFINITY)). */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  const lo = u32[LO] as number;
  if (x > 0) {
    // Magnitude up by one unit in the last place.
    if (lo === 0xffffffff) {
      u32[LO] = 0;
      u32[HI] = (u32[HI] as number) + 1;
    } else u32[LO] = lo + 1;
  } else if (lo === 0) {
    u32[LO] = 0xffffffff;
    u32[HI] = (u32[HI] as number) - 1;
  } else u32[LO] = lo - 1;
  return f64[0];
}

/** b is a or the double just above it (LightGBM's CheckDoubleEqualOrdered; a ≤ b). */
function equalOrdered(a: number, b: number): boolean {
  return b === a || b <= nextUp(a);
}

/**
 * Bin bounds of one feature from a sample of its values. `values` are the sample's non-zero values
 * (|v| > ZERO_THRESHOLD, NaN included); `totalSample` counts the zeros too.
 */
export function findBins(values: Float64Array, totalSample: number, o: BinningOptions): BinMapper {
  let finite = 0;
  const v = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (x === x) v[finite++] = x;
  }
  const naCount = values.length - finite;
  const nanBin = naCount > 0;
  const sorted = v.subarray(0, finite).sort();
  const zeroCount = totalSample - finite - naCount;

  // At most one zero is inserted, so finite + 1 slots hold every distinct value.
  const distinctBuf = new Float64Array(finite + 1);
  const countBuf = new Int32Array(finite + 1);
  let nd = 0;
  const add = (value: number, count: number): void => {
    distinctBuf[nd] = value;
    countBuf[nd++] = count;
  };
  if (finite === 0 || ((sorted[0] as number) > 0 && zeroCount > 0)) add(0, zeroCount);
  if (finite > 0) add(sorted[0] as number, 1);
  for (let i = 1; i < finite; i++) {
    const prev = sorted[i - 1] as number;
    const cur = sorted[i] as number;
    if (!equalOrdered(prev, cur)) {
      if (prev < 0 && cur > 0) add(0, zeroCount);
      add(cur, 1);
    } else {
      distinctBuf[nd - 1] = cur; // LightGBM keeps the larger of two near-equal values
      countBuf[nd - 1] = (countBuf[nd - 1] as number) + 1;
    }
  }
  if (finite > 0 && (sorted[finite - 1] as number) < 0 && zeroCount > 0) add(0, zeroCount);
  const distinct = distinctBuf.subarray(0, nd);
  const counts = countBuf.subarray(0, nd);

  const bounds = nanBin
    ? [...zeroAsOneBin(distinct, counts, o.maxBin - 1, totalSample - naCount, o.minDataInBin), NaN]
    : zeroAsOneBin(distinct, counts, o.maxBin, totalSample, o.minDataInBin);
  const numBin = bounds.length;
  const inBin = new Array<number>(numBin).fill(0);
  let b = 0;
  for (let i = 0; i < nd; i++) {
    while ((distinct[i] as number) > (bounds[b] as number) && b < numBin - 1) b++;
    inBin[b] = (inBin[b] as number) + (counts[i] as number);
  }
  if (nanBin) inBin[numBin - 1] = naCount;
  const trivial = numBin <= 1 || needFilter(inBin, totalSample, o.filterCount);
  return {
    numBin,
    upperBounds: Float64Array.from(bounds),
    nanBin,
    trivial,
    min: distinct[0] as number,
    max: distinct[nd - 1] as number,
  };
}

/** True when no bin boundary leaves filterCount values on both sides (LightGBM's NeedFilter). */
function needFilter(inBin: readonly number[], total: number, filterCount: number): boolean {
  let left = 0;
  for (let i = 0; i < inBin.length - 1; i++) {
    left += inBin[i] as number;
    if (left >= filterCount && total - left >= filterCount) return false;
  }
  return true;
}

function zeroAsOneBin(
  distinct: Float64Array,
  counts: Int32Array,
  maxBin: number,
  total: number,
  minDataInBin: number,
): number[] {
  let leftData = 0;
  let zeros = 0;
  let rightData = 0;
  for (let i = 0; i < distinct.length; i++) {
    const d = distinct[i] as number;
    if (d <= -ZERO_THRESHOLD) leftData += counts[i] as number;
    else if (d > ZERO_THRESHOLD) rightData += counts[i] as number;
    else zeros += counts[i] as number;
  }
  let leftEnd = 0;
  while (leftEnd < distinct.length && (distinct[leftEnd] as number) <= -ZERO_THRESHOLD) leftEnd++;
  let bounds: number[] = [];
  if (leftEnd > 0 && maxBin > 1) {
    const leftMax = Math.max(1, Math.trunc((leftData / (total - zeros)) * (maxBin - 1)));
    bounds = greedyFindBin(
      distinct.slice(0, leftEnd),
      counts.slice(0, leftEnd),
      leftMax,
      leftData,
      minDataInBin,
    );
    if (bounds.length > 0) bounds[bounds.length - 1] = -ZERO_THRESHOLD;
  }
  let rightStart = -1;
  for (let i = leftEnd; i < distinct.length; i++) {
    if ((distinct[i] as number) > ZERO_THRESHOLD) {
      rightStart = i;
      break;
    }
  }
  const rightMax = maxBin - 1 - bounds.length;
  if (rightStart >= 0 && rightMax > 0) {
    const right = greedyFindBin(
      distinct.subarray(rightStart),
      counts.subarray(rightStart),
      rightMax,
      rightData,
      minDataInBin,
    );
    bounds.push(ZERO_THRESHOLD, ...right);
  } else {
    bounds.push(Infinity);
  }
  return bounds;
}

function greedyFindBin(
  distinct: Float64Array,
  counts: Int32Array,
  maxBinIn: number,
  total: number,
  minDataInBin: number,
): number[] {
  const n = distinct.length;
  const bounds: number[] = [];
  const push = (value: number): void => {
    const last = bounds[bounds.length - 1];
    if (last === undefined || !equalOrdered(last, value)) bounds.push(value);
  };
  if (n <= maxBinIn) {
    let inBin = 0;
    for (let i = 0; i < n - 1; i++) {
      inBin += counts[i] as number;
      if (inBin >= minDataInBin) {
        const before = bounds.length;
        push(nextUp(((distinct[i] as number) + (distinct[i + 1] as number)) / 2));
        if (bounds.length > before) inBin = 0;
      }
    }
    bounds.push(Infinity);
    return bounds;
  }
  let maxBin = maxBinIn;
  if (minDataInBin > 0) maxBin = Math.max(1, Math.min(maxBin, Math.trunc(total / minDataInBin)));
  let meanBinSize = total / maxBin;
  let restBins = maxBin;
  let restSample = total;
  const big = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if ((counts[i] as number) >= meanBinSize) {
      big[i] = 1;
      restBins--;
      restSample -= counts[i] as number;
    }
  }
  meanBinSize = restSample / restBins;
  const upper = new Array<number>(maxBin).fill(Infinity);
  const lower = new Array<number>(maxBin).fill(Infinity);
  let binCount = 0;
  lower[0] = distinct[0] as number;
  let inBin = 0;
  for (let i = 0; i < n - 1; i++) {
    if (big[i] === 0) restSample -= counts[i] as number;
    inBin += counts[i] as number;
    if (
      big[i] === 1 ||
      inBin >= meanBinSize ||
      (big[i + 1] === 1 && inBin >= Math.max(1, meanBinSize * 0.5))
    ) {
      upper[binCount] = distinct[i] as number;
      binCount++;
      lower[binCount] = distinct[i + 1] as number;
      if (binCount >= maxBin - 1) break;
      inBin = 0;
      if (big[i] === 0) {
        restBins--;
        meanBinSize = restSample / restBins;
      }
    }
  }
  binCount++;
  for (let i = 0; i < binCount - 1; i++) {
    push(nextUp(((upper[i] as number) + (lower[i + 1] as number)) / 2));
  }
  bounds.push(Infinity);
  return bounds;
}

/** The bin of a value: the first bin whose upper bound is ≥ it; NaN to the NaN bin (or as 0 without one). */
export function valueToBin(m: BinMapper, value: number): number {
  let x = value;
  if (x !== x) {
    if (m.nanBin) return m.numBin - 1;
    x = 0;
  }
  let l = 0;
  let r = m.nanBin ? m.numBin - 2 : m.numBin - 1;
  const ub = m.upperBounds;
  while (l < r) {
    const mid = (l + r - 1) >> 1;
    if (x <= (ub[mid] as number)) r = mid;
    else l = mid + 1;
  }
  return l;
}

/** Bin mappers of every column of a row-major matrix, from a sample of at most `sampleCount` rows. */
export function findAllBins(
  x: Float64Array,
  rows: number,
  cols: number,
  o: BinningOptions & { readonly sampleCount: number },
  rng: SeededRandom,
): BinMapper[] {
  const sample = rows > o.sampleCount ? rng.sample(rows, o.sampleCount) : undefined;
  const total = sample === undefined ? rows : sample.length;
  const filterCount = Math.trunc((o.filterCount * total) / Math.max(1, rows));
  const mappers: BinMapper[] = [];
  const values = new Float64Array(total);
  for (let j = 0; j < cols; j++) {
    let k = 0;
    for (let s = 0; s < total; s++) {
      const r = sample === undefined ? s : (sample[s] as number);
      const v = x[r * cols + j] as number;
      // Zeros are not sample values: LightGBM reads them as sparse and counts them from the total.
      if (v !== v || Math.abs(v) > ZERO_THRESHOLD) values[k++] = v;
    }
    mappers.push(findBins(values.subarray(0, k), total, { ...o, filterCount }));
  }
  return mappers;
}

/** The bins of the selected columns (`used`, in order), row-major: rows × used.length. */
export function binMatrix(
  x: Float64Array,
  rows: number,
  cols: number,
  mappers: readonly BinMapper[],
  used: readonly number[],
): Uint8Array | Uint16Array {
  const width = used.length;
  const wide = used.some((j) => (mappers[j] as BinMapper).numBin > 256);
  const out = wide ? new Uint16Array(rows * width) : new Uint8Array(rows * width);
  for (let u = 0; u < width; u++) {
    const j = used[u] as number;
    const m = mappers[j] as BinMapper;
    for (let r = 0; r < rows; r++) out[r * width + u] = valueToBin(m, x[r * cols + j] as number);
  }
  return out;
}
