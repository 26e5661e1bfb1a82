// The fastest path: each tree turned into a JavaScript expression (nested conditionals with the thresholds and
// leaf values as literals), a few dozen trees per generated function, each function looping over all rows of a
// batch. V8 compiles these to straight-line compare-and-branch code with no array reads for the tree itself:
// measured about 4x faster than the typed-array walk of compile.ts on a 200-tree, 31-leaf model (see
// bench/lightgbm.bench.ts). Each row's features are read once into locals and the sums kept in locals, which
// keeps the functions small for V8's optimising compiler (a third of the compile time of indexing the row at
// every node). Only numbers and integer indices the parser validated are written into the source.
import type { CompiledModel, OutputKind } from './compile.js';
import type { Tree } from './model.js';
import { CATEGORICAL_MASK, DEFAULT_LEFT_MASK, MISSING_NAN, MISSING_ZERO, ZERO_THRESHOLD } from './model.js';
import { convertOutput } from './objective.js';
import { type IterationOptions, iterationRange } from './predict-reference.js';
import { coverageRows } from './warm-up.js';

/** Internal nodes per generated function: big enough to amortise the row loop, small enough for V8 to optimise. */
const NODES_PER_FUNCTION = 600;

type Chunk = (
  x: Float64Array,
  nRows: number,
  out: Float64Array | Int32Array,
  cat: (v: number, start: number, length: number) => boolean,
  lin: (leaf: number, x: Float64Array, o: number) => number,
) => void;

export interface BatchPredictor {
  /** Values written per row: classes for predictions, used trees for leaf indices. */
  readonly width: number;
  /**
   * Predicts nRows rows of `features` (row-major, numFeatures per row, model feature order) into `out`
   * (width per row). Values of `features` inside LightGBM's zero band are set to 0 first (in place).
   */
  predict(features: Float64Array, nRows: number, out: Float64Array): void;
  /** Leaf indices (output 'leaf' only). */
  predictLeaves(features: Float64Array, nRows: number, out: Int32Array): void;
}

export interface BatchOptions extends IterationOptions {
  readonly output?: OutputKind | 'leaf' | undefined;
  /**
   * Run the generated code once over rows that reach every leaf (warm-up.ts) before returning, so that V8
   * optimises each function once with feedback for every node. For predictors called many times on small
   * batches (the engine's hourly decisions); costs about 20 ms for 200 trees of 31 leaves.
   */
  readonly warmUp?: boolean | undefined;
}

/** Generates the prediction code for one iteration range and output kind. */
export function createBatchPredictor(c: CompiledModel, options: BatchOptions = {}): BatchPredictor {
  const { start, count } = iterationRange(c.model, options);
  const k = c.numOutputs;
  const output = options.output ?? 'transformed';
  const firstTree = start * k;
  const nTrees = count * k;
  const width = output === 'leaf' ? nTrees : k;
  const nf = c.numFeatures;
  const cat = (v: number, begin: number, length: number): boolean => {
    // static_cast<int> on x86-64: NaN, ≤ -1 and ≥ 2^31 become INT_MIN and go right; (-1, 0) truncates to 0.
    if (!(v > -1 && v < 2147483648)) return false;
    const i = v | 0;
    const word = i >>> 5;
    return word < length && (((c.catWords[begin + word] as number) >>> (i & 31)) & 1) === 1;
  };
  const lin = (leaf: number, x: Float64Array, o: number): number => {
    let out = c.leafConst[leaf] as number;
    for (let i = c.linStart[leaf] as number, end = c.linEnd[leaf] as number; i < end; i++) {
      const v = x[o + (c.linFeature[i] as number)] as number;
      if (v !== v) return c.leafValue[leaf] as number;
      out += (c.linCoeff[i] as number) * v;
    }
    return out;
  };

  const chunks: Chunk[] = [];
  let body: string[] = [];
  let nodes = 0;
  /** Features the chunk's splits read: loaded once per row into locals f<j> (see nodeExpr). */
  const used = new Set<number>();
  const flush = (): void => {
    if (body.length === 0) return;
    const features = [...used].sort((a, b) => a - b);
    // Sums are carried in locals s<j> (one per output) and stored once per row: the same additions in the same
    // order as adding each tree into out[b + j], so the same doubles.
    const sums = output === 'leaf' ? [] : Array.from({ length: k }, (_, j) => j);
    const source = [
      `for (let r = 0; r < nRows; r++) {`,
      `const o = r * ${nf};`,
      `const b = r * ${width};`,
      ...features.map((f) => `const f${f} = x[o + ${f}];`),
      ...sums.map((j) => `let s${j} = out[b + ${j}];`),
      ...body,
      ...sums.map((j) => `out[b + ${j}] = s${j};`),
      `}`,
    ].join('\n');
    chunks.push(makeFunction(source));
    body = [];
    nodes = 0;
    used.clear();
  };
  for (let i = 0; i < nTrees; i++) {
    const t = firstTree + i;
    const tree = c.model.trees[t] as Tree;
    const leafBase = c.leafBase[t] as number;
    const leafExpr = (leaf: number): string => {
      if (output === 'leaf') return String(leaf);
      if (c.treeIsLinear[t] === 1) return `lin(${leafBase + leaf}, x, o)`;
      return literal(tree.leafValue[leaf] as number);
    };
    const expr = tree.numLeaves > 1 ? nodeExpr(tree, 0, leafExpr, c, t) : leafExpr(0);
    for (let n = 0; n < tree.numLeaves - 1; n++) used.add(tree.splitFeature[n] as number);
    body.push(output === 'leaf' ? `out[b + ${i}] = ${expr};` : `s${i % k} += ${expr};`);
    nodes += tree.numLeaves;
    if (nodes >= NODES_PER_FUNCTION) flush();
  }
  flush();

  const run = (features: Float64Array, nRows: number, out: Float64Array | Int32Array): void => {
    if (features.length < nRows * nf)
      throw new RangeError(`features holds fewer than ${nRows} rows of ${nf}`);
    if (out.length < nRows * width)
      throw new RangeError(`out holds fewer than ${nRows} rows of ${width} values`);
    zeroBand(features, nRows * nf);
    out.fill(0, 0, nRows * width);
    for (const chunk of chunks) chunk(features, nRows, out, cat, lin);
  };

  if (options.warmUp === true) {
    const { rows, count } = coverageRows(c, firstTree, nTrees);
    run(rows, count, output === 'leaf' ? new Int32Array(count * width) : new Float64Array(count * width));
  }

  return {
    width,
    predict(features, nRows, out) {
      if (output === 'leaf')
        throw new Error('this predictor was created for leaf indices: use predictLeaves');
      run(features, nRows, out);
      if (output === 'raw') return;
      for (let r = 0; r < nRows; r++) {
        if (c.model.averageOutput)
          for (let o = r * k; o < r * k + k; o++) out[o] = (out[o] as number) / count;
        convertOutput(c.model.objective, out, r * k, k);
      }
    },
    predictLeaves(features, nRows, out) {
      if (output !== 'leaf') throw new Error("create the predictor with output: 'leaf' for leaf indices");
      run(features, nRows, out);
    },
  };
}

/** LightGBM's parsers read |v| <= kZeroThreshold as 0.0 (a dropped sparse entry); so must the generated code. */
function zeroBand(x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v <= ZERO_THRESHOLD && v >= -ZERO_THRESHOLD) x[i] = 0;
  }
}

function nodeExpr(
  tree: Tree,
  node: number,
  leafExpr: (leaf: number) => string,
  c: CompiledModel,
  t: number,
): string {
  const sub = (child: number): string =>
    child < 0 ? leafExpr(~child) : nodeExpr(tree, child, leafExpr, c, t);
  const L = sub(tree.leftChild[node] as number);
  const R = sub(tree.rightChild[node] as number);
  const d = tree.decisionType[node] as number;
  const f = tree.splitFeature[node] as number;
  const th = tree.threshold[node] as number;
  // The row's feature f, loaded into a local at the top of the row loop (flush).
  const x = `f${f}`;
  if ((d & CATEGORICAL_MASK) !== 0 && tree.numCat > 0) {
    const cat = th;
    const begin = (tree.catBoundaries[cat] as number) + (c.catBase[t] as number);
    const length = (tree.catBoundaries[cat + 1] as number) - (tree.catBoundaries[cat] as number);
    return `(cat(${x}, ${begin}, ${length}) ? ${L} : ${R})`;
  }
  const missing = (d >> 2) & 3;
  const defaultLeft = (d & DEFAULT_LEFT_MASK) !== 0;
  const t$ = literal(th);
  if (missing === MISSING_ZERO) {
    // Zero and NaN are missing; rows are prepared, so the zero band is exactly 0.
    return `(${x} !== ${x} || ${x} === 0 ? ${defaultLeft ? L : R} : ${x} <= ${t$} ? ${L} : ${R})`;
  }
  // NaN goes the default way (missing type NaN) or where 0 goes (None); a comparison with NaN is false.
  const nanLeft = missing === MISSING_NAN ? defaultLeft : 0 <= th;
  return nanLeft ? `(${x} > ${t$} ? ${R} : ${L})` : `(${x} <= ${t$} ? ${L} : ${R})`;
}

/** A double as JavaScript source that evaluates to exactly that double. */
function literal(v: number): string {
  if (Object.is(v, -0)) return '-0';
  return String(v); // shortest round-trip form; also Infinity, -Infinity, NaN
}

function makeFunction(source: string): Chunk {
  // The source is built only from numbers and indices (see above), never from text in the model file.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('x', 'nRows', 'out', 'cat', 'lin', source) as Chunk;
}
