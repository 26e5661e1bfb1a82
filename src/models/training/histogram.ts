// Histogram construction, the trainer's hot loop: for every row of a leaf, add its gradient and a count of 1
// to the bin of each feature. Histograms are Float64Arrays of (gradient sum, count) pairs, features one after
// the other. The loop is generated once per feature layout with the offsets as literals and the feature loop
// unrolled: V8 then emits straight loads and adds with no inner loop and no offset lookups, measured 2.5x
// faster than the plain nested loop (bench/training.bench.ts). Only integers computed here enter the source.

export type BinArray = Uint8Array | Uint16Array;

/** Adds rows[begin … end) of the binned matrix (`width` bins per row) into `hist`. */
export type HistogramBuilder = (
  bins: BinArray,
  grad: Float32Array,
  rows: Int32Array,
  begin: number,
  end: number,
  hist: Float64Array,
) => void;

/** `offset[f]`: index of feature f's first bin in the histogram (in bins, not pairs). */
export function createHistogramBuilder(width: number, offset: Int32Array): HistogramBuilder {
  const lines: string[] = [];
  for (let f = 0; f < width; f++) {
    const base = 2 * (offset[f] as number);
    if (!Number.isSafeInteger(base)) throw new Error('bad histogram offset');
    lines.push(`k = ${base} + (bins[o + ${f}] << 1); hist[k] += g; hist[k + 1] += 1;`);
  }
  const source = [
    'for (let i = begin; i < end; i++) {',
    '  const r = rows[i];',
    '  const g = grad[r];',
    `  const o = r * ${width};`,
    '  let k;',
    ...lines.map((l) => `  ${l}`),
    '}',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('bins', 'grad', 'rows', 'begin', 'end', 'hist', source) as HistogramBuilder;
}
