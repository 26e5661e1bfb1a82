// Raw scores of a trained model on row-major raw values: the sum of the trees' outputs. The trainer's own
// validation uses it; files are checked against LightGBM's reader in tests.
import type { GbdtModel } from './gbdt.js';
import { leafOfRow } from './tree.js';

export function predictRaw(m: GbdtModel, x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (const t of m.trees) {
    for (let r = 0; r < rows; r++)
      out[r] = (out[r] as number) + (t.leafValue[leafOfRow(t, x, r * cols)] as number);
  }
  return out;
}
