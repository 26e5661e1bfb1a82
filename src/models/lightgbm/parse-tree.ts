// One `Tree=N` block of a model file → Tree, with every array checked against num_leaves and every index against
// its range, and the node graph checked to be a tree: a corrupted child index must not loop or mis-route.
import type { LinearLeaves, Tree } from './model.js';
import { CATEGORICAL_MASK, MISSING_NAN } from './model.js';
import type { Line } from './tokens.js';
import { parseFloatToken, parseIntToken, splitTokens } from './tokens.js';

/** Throws the InputError for a line; supplied by the file parser, which knows the file name. */
export type Fail = (line: number, message: string) => never;

const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;

const TREE_KEYS = new Set([
  'num_leaves',
  'num_cat',
  'split_feature',
  'split_gain',
  'threshold',
  'decision_type',
  'left_child',
  'right_child',
  'leaf_value',
  'leaf_weight',
  'leaf_count',
  'internal_value',
  'internal_weight',
  'internal_count',
  'cat_boundaries',
  'cat_threshold',
  'is_linear',
  'shrinkage',
  'leaf_const',
  'num_features',
  'leaf_features',
  'leaf_coeff',
]);

interface Field {
  readonly line: number;
  readonly value: string;
}

export function parseTree(
  index: number,
  treeLine: Line,
  body: readonly Line[],
  maxFeatureIdx: number,
  fail: Fail,
): Tree {
  const what = `tree ${index}`;
  const fields = new Map<string, Field>();
  for (const line of body) {
    const eq = line.text.indexOf('=');
    if (eq <= 0) fail(line.no, `${what}: expected key=value, got "${clip(line.text)}"`);
    const key = line.text.slice(0, eq);
    if (!TREE_KEYS.has(key)) fail(line.no, `${what}: unknown field "${clip(key)}"`);
    if (fields.has(key)) fail(line.no, `${what}: field "${key}" appears twice`);
    fields.set(key, { line: line.no, value: line.text.slice(eq + 1) });
  }
  const lastLine = body.length > 0 ? (body[body.length - 1] as Line).no : treeLine.no;

  const required = (key: string): Field =>
    fields.get(key) ?? fail(lastLine, `${what}: missing field "${key}" (file truncated or corrupted?)`);

  const tokens = (field: Field, key: string, count: number | undefined): string[] => {
    const list = splitTokens(field.value);
    if (count !== undefined && list.length !== count) {
      fail(field.line, `${what}: ${key} has ${list.length} values, expected ${count}`);
    }
    return list;
  };
  const floats = (key: string, count: number, field = fields.get(key)): Float64Array | undefined => {
    if (field === undefined) return undefined;
    const list = tokens(field, key, count);
    const out = new Float64Array(list.length); // a plain loop: Float64Array.from with a map function is slow
    for (let i = 0; i < list.length; i++) {
      const t = list[i] as string;
      const v = parseFloatToken(t);
      if (v === undefined) fail(field.line, `${what}: ${key}[${i}] is not a number: "${clip(t)}"`);
      out[i] = v;
    }
    return out;
  };
  const ints = (
    key: string,
    count: number | undefined,
    min: number,
    max: number,
    field = fields.get(key),
  ) => {
    if (field === undefined) return undefined;
    return tokens(field, key, count).map((t, i) => {
      const v = parseIntToken(t, min, max);
      if (v === undefined)
        fail(field.line, `${what}: ${key}[${i}] is not an integer in [${min}, ${max}]: "${clip(t)}"`);
      return v;
    });
  };
  const scalarInt = (key: string, min: number, max: number): number =>
    (ints(key, 1, min, max, required(key)) as number[])[0] as number;

  const numLeaves = scalarInt('num_leaves', 1, INT32_MAX);
  const numCat = scalarInt('num_cat', 0, INT32_MAX);
  const isLinear = fields.has('is_linear') ? scalarInt('is_linear', 0, 1) === 1 : false;
  const shrinkageField = fields.get('shrinkage');
  const shrinkage =
    shrinkageField === undefined ? 1 : ((floats('shrinkage', 1) as Float64Array)[0] as number);
  const leafValue = floats('leaf_value', numLeaves, required('leaf_value')) as Float64Array;
  const numNodes = numLeaves - 1;
  // A one-leaf tree predicts leaf_value[0]; LightGBM reads nothing else of it (it writes leaf_weight and the
  // node lines empty), so neither does this reader.
  const needNodes = numNodes > 0 || isLinear;
  const leafWeight = needNodes ? floats('leaf_weight', numLeaves) : undefined;
  const leafCountList = needNodes ? ints('leaf_count', numLeaves, -INT32_MAX - 1, INT32_MAX) : undefined;
  const nodeInts = (key: string, min: number, max: number): Int32Array =>
    Int32Array.from(needNodes ? (ints(key, numNodes, min, max, required(key)) as number[]) : []);
  const leftChild = nodeInts('left_child', -numLeaves, numNodes - 1);
  const rightChild = nodeInts('right_child', -numLeaves, numNodes - 1);
  const splitFeature = nodeInts('split_feature', 0, maxFeatureIdx);
  const threshold = needNodes
    ? (floats('threshold', numNodes, required('threshold')) as Float64Array)
    : new Float64Array(0);
  const decisionList = needNodes ? ints('decision_type', numNodes, -128, 127) : undefined;
  const decisionType = new Uint8Array(numNodes);
  if (decisionList !== undefined) {
    const line = (fields.get('decision_type') as Field).line;
    decisionList.forEach((d, i) => {
      const bits = d & 0xff;
      // Bit 0 categorical, bit 1 default-left, bits 2-3 missing type (0 None, 1 Zero, 2 NaN); nothing else.
      if ((bits & ~0x0f) !== 0 || bits >> 2 > MISSING_NAN) {
        fail(line, `${what}: decision_type[${i}] = ${d} has unknown bits (valid: 0-11)`);
      }
      decisionType[i] = bits;
    });
  }
  const splitGainRaw = needNodes ? floats('split_gain', numNodes) : undefined;
  // LightGBM stores split gains as float32; importance sums them that way.
  const splitGain = splitGainRaw === undefined ? new Float64Array(numNodes) : splitGainRaw.map(Math.fround);
  const internalValue = needNodes ? floats('internal_value', numNodes) : undefined;
  const internalWeight = needNodes ? floats('internal_weight', numNodes) : undefined;
  const internalCountList = needNodes
    ? ints('internal_count', numNodes, -INT32_MAX - 1, INT32_MAX)
    : undefined;

  let catBoundaries = new Int32Array([0]);
  let catThreshold = new Uint32Array(0);
  if (numCat > 0) {
    const boundaries = ints(
      'cat_boundaries',
      numCat + 1,
      0,
      INT32_MAX,
      required('cat_boundaries'),
    ) as number[];
    const bLine = (fields.get('cat_boundaries') as Field).line;
    boundaries.forEach((b, i) => {
      if (i === 0 ? b !== 0 : b < (boundaries[i - 1] as number)) {
        fail(bLine, `${what}: cat_boundaries must start at 0 and never decrease`);
      }
    });
    catBoundaries = Int32Array.from(boundaries);
    const words = boundaries[numCat] as number;
    catThreshold = Uint32Array.from(
      ints('cat_threshold', words, 0, UINT32_MAX, required('cat_threshold')) as number[],
    );
  }
  for (let node = 0; node < numNodes; node++) {
    const t = threshold[node] as number;
    if (Number.isNaN(t)) fail(required('threshold').line, `${what}: threshold[${node}] is NaN`);
    if (
      ((decisionType[node] as number) & CATEGORICAL_MASK) !== 0 &&
      !(Number.isInteger(t) && t >= 0 && t < numCat)
    ) {
      fail(
        required('threshold').line,
        `${what}: categorical node ${node} has threshold ${t}, which must index one of num_cat=${numCat} bitsets`,
      );
    }
  }

  const linear = isLinear ? parseLinear() : undefined;
  checkShape(
    what,
    numLeaves,
    leftChild,
    rightChild,
    (fields.get('left_child') ?? { line: treeLine.no }).line,
    fail,
  );

  return {
    index,
    line: treeLine.no,
    numLeaves,
    numCat,
    splitFeature,
    splitGain,
    threshold,
    decisionType,
    leftChild,
    rightChild,
    leafValue,
    leafWeight,
    leafCount: leafCountList === undefined ? undefined : Int32Array.from(leafCountList),
    internalValue,
    internalWeight,
    internalCount: internalCountList === undefined ? undefined : Int32Array.from(internalCountList),
    catBoundaries,
    catThreshold,
    linear,
    shrinkage,
  };

  function parseLinear(): LinearLeaves {
    const leafConst = floats('leaf_const', numLeaves, required('leaf_const')) as Float64Array;
    const counts = ints(
      'num_features',
      numLeaves,
      0,
      maxFeatureIdx + 1,
      required('num_features'),
    ) as number[];
    const total = counts.reduce((a, b) => a + b, 0);
    const features = ints('leaf_features', total, 0, maxFeatureIdx, required('leaf_features')) as number[];
    const coeff = floats('leaf_coeff', total, required('leaf_coeff')) as Float64Array;
    const leafFeatures: Int32Array[] = [];
    const leafCoeff: Float64Array[] = [];
    let at = 0;
    for (const n of counts) {
      leafFeatures.push(Int32Array.from(features.slice(at, at + n)));
      leafCoeff.push(coeff.slice(at, at + n));
      at += n;
    }
    return { leafConst, leafFeatures, leafCoeff };
  }
}

/** Every node but the root is some node's child exactly once, and so is every leaf: the graph is one tree. */
function checkShape(
  what: string,
  numLeaves: number,
  left: Int32Array,
  right: Int32Array,
  line: number,
  fail: Fail,
): void {
  const numNodes = numLeaves - 1;
  const nodeSeen = new Uint8Array(numNodes);
  const leafSeen = new Uint8Array(numLeaves);
  for (let node = 0; node < numNodes; node++) {
    for (const child of [left[node] as number, right[node] as number]) {
      if (child >= 0) {
        if (child === 0 || nodeSeen[child] === 1)
          fail(line, `${what}: node ${child} has more than one parent`);
        nodeSeen[child] = 1;
      } else {
        const leaf = ~child;
        if (leafSeen[leaf] === 1) fail(line, `${what}: leaf ${leaf} is reached from two nodes`);
        leafSeen[leaf] = 1;
      }
    }
  }
  // numNodes-1 distinct non-root nodes with one parent each, numLeaves distinct leaves: with 2·numNodes child
  // slots in all, every slot is used once. A cycle would need a node without a path from the root; walk to see.
  const reached = new Uint8Array(numNodes);
  const stack = numNodes > 0 ? [0] : [];
  let count = 0;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    reached[node] = 1;
    count++;
    for (const child of [left[node] as number, right[node] as number]) if (child >= 0) stack.push(child);
  }
  if (count !== numNodes) fail(line, `${what}: ${numNodes - count} nodes are not reachable from the root`);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
