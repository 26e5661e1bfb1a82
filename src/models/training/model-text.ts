// Writes a trained model in LightGBM's text format (`version=v4`), as GBDT::SaveModelToString and
// Tree::ToString write it, so the real LightGBM (Booster(model_file=…), the CLI) and our reader load it:
// thresholds, leaf values and weights with 17 significant digits (they must read back to the same doubles),
// gains and internal values with 6, as LightGBM prints them; tree_sizes in bytes; split-count importances; the
// parameters block; Python's `pandas_categorical:null` trailer.
import { formatG17 } from '../lightgbm/format.js';
import type { GbdtModel } from './gbdt.js';
import { lightGbmParameterLines } from './params.js';
import type { TrainedTree } from './tree.js';

/** C++ iostream's default formatting (precision 6, like printf's %g). */
export function formatG6(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const e = x.toExponential(5);
  const at = e.indexOf('e');
  const exp = Number(e.slice(at + 1));
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${trimZeros(e.slice(0, at))}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return trimZeros(x.toFixed(5 - exp));
}

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

function join(values: ArrayLike<number>, count: number, fmt: (x: number) => string): string {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = fmt(values[i] as number);
  return out.join(' ');
}

const int = (x: number): string => String(x);

/** One tree's block without the `Tree=i` line (Tree::ToString), ending in a blank line. */
export function treeToString(t: TrainedTree): string {
  const L = t.numLeaves;
  const N = L - 1;
  return [
    `num_leaves=${L}`,
    'num_cat=0',
    `split_feature=${join(t.splitFeature, N, int)}`,
    `split_gain=${join(t.splitGain, N, formatG6)}`,
    `threshold=${join(t.threshold, N, formatG17)}`,
    `decision_type=${join(t.decisionType, N, int)}`,
    `left_child=${join(t.leftChild, N, int)}`,
    `right_child=${join(t.rightChild, N, int)}`,
    `leaf_value=${join(t.leafValue, L, formatG17)}`,
    // LightGBM leaves the weight of a constant (one-leaf) tree out.
    `leaf_weight=${L > 1 ? join(t.leafWeight, L, formatG17) : ''}`,
    `leaf_count=${join(t.leafCount, L, int)}`,
    `internal_value=${join(t.internalValue, N, formatG6)}`,
    `internal_weight=${join(t.internalWeight, N, formatG6)}`,
    `internal_count=${join(t.internalCount, N, int)}`,
    'is_linear=0',
    `shrinkage=${formatG6(t.shrinkage)}`,
    '',
    '',
  ].join('\n');
}

/** Splits per feature over all trees (LightGBM's importance_type=split), in feature order. */
export function splitImportance(m: GbdtModel): Float64Array {
  const out = new Float64Array(m.featureNames.length);
  for (const t of m.trees) {
    for (let i = 0; i < t.numLeaves - 1; i++) {
      const f = t.splitFeature[i] as number;
      out[f] = (out[f] as number) + 1;
    }
  }
  return out;
}

/** Total split gain per feature over all trees (LightGBM's importance_type=gain), in feature order. */
export function gainImportance(m: GbdtModel): Float64Array {
  const out = new Float64Array(m.featureNames.length);
  for (const t of m.trees) {
    for (let i = 0; i < t.numLeaves - 1; i++) {
      const f = t.splitFeature[i] as number;
      out[f] = (out[f] as number) + (t.splitGain[i] as number);
    }
  }
  return out;
}

const encoder = new TextEncoder();

/** The whole model file. */
export function modelToString(m: GbdtModel): string {
  for (const name of m.featureNames) {
    if (name === '' || /\s/.test(name))
      throw new Error(`feature name "${name}" cannot be written: LightGBM names have no spaces`);
  }
  const blocks = m.trees.map((t, i) => `Tree=${i}\n${treeToString(t)}\n`);
  const header = [
    'tree',
    'version=v4',
    'num_class=1',
    'num_tree_per_iteration=1',
    'label_index=0',
    `max_feature_idx=${m.featureNames.length - 1}`,
    `objective=${m.objective}`,
    `feature_names=${m.featureNames.join(' ')}`,
    `feature_infos=${m.featureInfos.join(' ')}`,
    `tree_sizes=${blocks.map((b) => encoder.encode(b).length).join(' ')}`,
    '',
    '',
  ].join('\n');
  const imp = splitImportance(m);
  const pairs = m.featureNames
    .map((name, j) => ({ name, count: imp[j] as number }))
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count); // Array#sort is stable: ties keep feature order, as std::stable_sort
  const importances = pairs.map((p) => `${p.name}=${p.count}\n`).join('');
  const params = lightGbmParameterLines(m.params)
    .map(([k, v]) => `[${k}: ${v}]\n`)
    .join('');
  return (
    `${header}${blocks.join('')}end of trees\n\nfeature_importances:\n${importances}\n` +
    `parameters:\n${params}\nend of parameters\n\npandas_categorical:null\n`
  );
}
