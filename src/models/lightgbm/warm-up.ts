// Rows that reach every leaf of a model, for warming up the generated code of codegen.ts before it predicts.
//
// Why: V8 optimises a function with the type feedback its operations collected so far, and an operation that
// never ran has none. In the generated code every tree node is a comparison of its own, so a node no row has
// reached yet is compiled as "deoptimise here": the first row that reaches it throws the function back to the
// interpreter, to be compiled again (100–200 ms of compiler work per function) once it is hot again. Fed hour by
// hour, a backtest keeps reaching new nodes as the market drifts: on the 34-coin year, over a hundred such
// deoptimisations per run and most of a second of slow predictions. Running every node once, on rows built for
// the purpose, before the first real prediction, gives every comparison its feedback, so each function is
// optimised once. The rows only exercise the code: what they predict is thrown away.
import type { CompiledModel } from './compile.js';
import { compiledLeaf } from './compile.js';
import { ZERO_THRESHOLD, type Tree } from './model.js';

/** Categorical splits (compile.ts's node kind 4) cannot be aimed at with an interval; they are left to chance. */
const CATEGORICAL_KIND = 4;

/**
 * Rows (row-major, c.numFeatures values each, model feature order) that together reach every leaf of trees
 * [firstTree, firstTree + nTrees) that a row can be aimed at. Each row aims at one leaf not reached yet in as
 * many trees as it can: a path is a set of bounds on features (left of a numerical split is v ≤ threshold, right
 * is v > threshold), and a tree is descended towards a leaf not reached yet as long as every feature's interval
 * stays non-empty. The row is then walked through every tree to mark what it really reaches (NaN, zero-as-missing
 * and categorical splits are not aimed at; a leaf missed when aimed at is not aimed at again). Leaves that only
 * NaN reaches (an empty interval) get a row each at the end. A few hundred rows for a 200-tree, 31-leaf model.
 * Deterministic.
 */
export function coverageRows(
  c: CompiledModel,
  firstTree: number,
  nTrees: number,
): { rows: Float64Array; count: number } {
  const nf = c.numFeatures;
  const endTree = firstTree + nTrees;
  const { left, right, feature, threshold, kind } = c;
  // Leaves and nodes are global indices (compile.ts); children < 0 are ~leaf.
  const nodeParent = new Int32Array(feature.length).fill(-1);
  const leafParent = new Int32Array(c.leafValue.length).fill(-1);
  const leafIsLeft = new Uint8Array(c.leafValue.length);
  /** Leaves neither reached nor given up on below each node. */
  const open = new Int32Array(feature.length);
  /** Reached, or aimed at and missed: not aimed at again. */
  const closed = new Uint8Array(c.leafValue.length).fill(1);
  const trees: number[] = [];
  for (let t = firstTree; t < endTree; t++) {
    const root = c.root[t] as number;
    if (root < 0) continue; // a one-leaf tree has no node to warm up
    trees.push(t);
    for (let n = root; n < root + (c.model.trees[t] as Tree).numLeaves - 1; n++) {
      for (let side = 0; side < 2; side++) {
        const child = (side === 0 ? left[n] : right[n]) as number;
        if (child >= 0) nodeParent[child] = n;
        else {
          leafParent[~child] = n;
          leafIsLeft[~child] = side === 0 ? 1 : 0;
          closed[~child] = 0;
        }
      }
    }
  }
  for (let g = 0; g < closed.length; g++) {
    if (closed[g] === 1) continue;
    for (let p = leafParent[g] as number; p >= 0; p = nodeParent[p] as number)
      open[p] = (open[p] as number) + 1;
  }
  const close = (g: number): void => {
    if (closed[g] === 1) return;
    closed[g] = 1;
    for (let p = leafParent[g] as number; p >= 0; p = nodeParent[p] as number)
      open[p] = (open[p] as number) - 1;
  };

  const lo = new Float64Array(nf).fill(-Infinity);
  const hi = new Float64Array(nf).fill(Infinity);
  /** Depth-first towards an open leaf that keeps every interval non-empty; the leaf, or -1 (intervals restored). */
  const descend = (n: number): number => {
    const f = feature[n] as number;
    const th = threshold[n] as number;
    const aimable = kind[n] !== CATEGORICAL_KIND;
    for (let side = 0; side < 2; side++) {
      const child = (side === 0 ? left[n] : right[n]) as number;
      if (child < 0 ? closed[~child] === 1 : open[child] === 0) continue;
      const oldLo = lo[f] as number;
      const oldHi = hi[f] as number;
      if (aimable) {
        if (side === 0) hi[f] = Math.min(oldHi, th);
        else lo[f] = Math.max(oldLo, th);
        if (!((lo[f] as number) < (hi[f] as number))) {
          lo[f] = oldLo;
          hi[f] = oldHi;
          continue;
        }
      }
      const leaf = child < 0 ? ~child : descend(child);
      if (leaf >= 0) return leaf;
      lo[f] = oldLo;
      hi[f] = oldHi;
    }
    return -1;
  };

  const row = new Float64Array(nf);
  const out: number[] = [];
  const aimed: number[] = [];
  const emit = (): void => {
    for (let f = 0; f < nf; f++) row[f] = valueIn(lo[f] as number, hi[f] as number, f);
    for (const t of trees) close(compiledLeaf(c, t, row, 0));
    for (const g of aimed) close(g); // missed: not aimed at again
    for (let f = 0; f < nf; f++) out.push(row[f] as number);
  };
  for (;;) {
    lo.fill(-Infinity);
    hi.fill(Infinity);
    aimed.length = 0;
    for (const t of trees) {
      const root = c.root[t] as number;
      if (open[root] === 0) continue;
      const leaf = descend(root);
      if (leaf >= 0) aimed.push(leaf);
    }
    if (aimed.length === 0) break;
    emit();
  }
  // What is left can only be reached with an empty interval somewhere: NaN there (valueIn), one leaf per row.
  for (const t of trees) {
    const first = c.leafBase[t] as number;
    for (let g = first; g < first + (c.model.trees[t] as Tree).numLeaves; g++) {
      if (closed[g] === 1) continue;
      lo.fill(-Infinity);
      hi.fill(Infinity);
      for (let n = leafParent[g] as number, isLeft = leafIsLeft[g] === 1; n >= 0;) {
        const f = feature[n] as number;
        if (kind[n] !== CATEGORICAL_KIND) {
          if (isLeft) hi[f] = Math.min(hi[f] as number, threshold[n] as number);
          else lo[f] = Math.max(lo[f] as number, threshold[n] as number);
        }
        const p = nodeParent[n] as number;
        if (p >= 0) isLeft = left[p] === n;
        n = p;
      }
      aimed.length = 0;
      aimed.push(g);
      emit();
    }
  }
  return { rows: Float64Array.from(out), count: nf === 0 ? 0 : out.length / nf };
}

/**
 * A value v with lo < v ≤ hi, not an integer where there is room (an integer would teach a comparison with an
 * integer threshold small-integer feedback, which the first fractional feature would then invalidate), nor in
 * the zero band (which reads as 0, i.e. missing, for zero-as-missing splits). NaN when the interval is empty.
 */
function valueIn(lo: number, hi: number, f: number): number {
  if (!(lo < hi)) return NaN;
  const base = 0.3183098861837907 + f * 0.0078125; // arbitrary fractional values, one per feature
  let v: number;
  if (lo < base && base <= hi) v = base;
  else if (lo === -Infinity) v = hi - 0.5 * (Math.abs(hi) + 1) - 0.0078125;
  else if (hi === Infinity) v = lo + 0.5 * (Math.abs(lo) + 1) + 0.0078125;
  else v = lo + (hi - lo) / 2;
  if (!(lo < v && v <= hi)) v = hi; // rounding at extreme magnitudes
  if (v <= ZERO_THRESHOLD && v >= -ZERO_THRESHOLD && hi > 0 && lo < 0) v = hi > 1 ? 0.5 : hi;
  return v;
}
