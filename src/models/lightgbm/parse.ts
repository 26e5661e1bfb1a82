// Reader of LightGBM's text model format (`version=v4`), mirroring GBDT::LoadModelFromString: a header of
// key=value lines, `Tree=N` blocks, `end of trees`, then the optional `feature_importances:`, `parameters:` and
// `pandas_categorical:` sections. Stricter than LightGBM where leniency could hide damage: unknown keys, a
// missing `end of trees`, tree_sizes that disagree with the blocks, are errors naming file and line.
import { InputError } from '../../core/errors.js';
import type { LightGbmModel, Tree } from './model.js';
import { NO_OBJECTIVE, parseObjective, type Objective } from './objective.js';
import { parseTree, type Fail } from './parse-tree.js';
import { type Line, parseIntToken, splitLines, splitTokens } from './tokens.js';

const HEADER_KEYS = new Set([
  'version',
  'num_class',
  'num_tree_per_iteration',
  'label_index',
  'max_feature_idx',
  'objective',
  'average_output',
  'feature_names',
  'monotone_constraints',
  'feature_infos',
  'tree_sizes',
]);

/** Parses a model file's text. `fileName` is only used in messages. Throws InputError naming file and line. */
export function parseModel(text: string, fileName: string): LightGbmModel {
  const fail: Fail = (line, message) => {
    throw new InputError(message, { file: fileName, line });
  };
  const lines = splitLines(text);
  let at = 0;
  const skipBlank = (): void => {
    while (at < lines.length && (lines[at] as Line).text.trim() === '') at++;
  };

  skipBlank();
  const first = lines[at];
  if (first === undefined) fail(1, 'empty file: not a LightGBM model');
  if (first.text !== 'tree') {
    fail(first.no, `not a LightGBM text model: expected the line "tree", got "${clip(first.text)}"`);
  }
  at++;

  // Header: key=value lines up to the first Tree= line.
  const header = new Map<string, { value: string; line: number }>();
  for (; at < lines.length; at++) {
    const line = lines[at] as Line;
    if (line.text.trim() === '') continue;
    if (line.text.startsWith('Tree=') || line.text === 'end of trees') break;
    const eq = line.text.indexOf('=');
    const key = eq < 0 ? line.text : line.text.slice(0, eq);
    if (!HEADER_KEYS.has(key)) fail(line.no, `unknown header line "${clip(line.text)}"`);
    if (header.has(key)) fail(line.no, `header key "${key}" appears twice`);
    header.set(key, { value: eq < 0 ? '' : line.text.slice(eq + 1), line: line.no });
  }
  const headerEnd = lines[Math.min(at, lines.length - 1)]?.no ?? 1;
  const need = (key: string): { value: string; line: number } =>
    header.get(key) ??
    fail(headerEnd, `header has no "${key}=" line (not a LightGBM v4 model, or truncated)`);
  const headerInt = (key: string, min: number): number => {
    const { value, line } = need(key);
    const n = parseIntToken(value.trim(), min, 2147483647);
    if (n === undefined) fail(line, `${key} must be an integer ≥ ${min}, got "${clip(value)}"`);
    return n;
  };

  const version = need('version');
  if (version.value !== 'v4') {
    fail(version.line, `model format version "${clip(version.value)}" is not supported (only version=v4)`);
  }
  const numClass = headerInt('num_class', 1);
  const numTreePerIteration = header.has('num_tree_per_iteration')
    ? headerInt('num_tree_per_iteration', 1)
    : numClass;
  const labelIndex = headerInt('label_index', 0);
  const maxFeatureIdx = headerInt('max_feature_idx', 0);
  const featureNames = splitTokens(need('feature_names').value);
  if (featureNames.length !== maxFeatureIdx + 1) {
    fail(
      need('feature_names').line,
      `feature_names lists ${featureNames.length} names, max_feature_idx=${maxFeatureIdx} needs ${maxFeatureIdx + 1}`,
    );
  }
  const featureInfos = splitTokens(need('feature_infos').value);
  if (featureInfos.length !== maxFeatureIdx + 1) {
    fail(
      need('feature_infos').line,
      `feature_infos lists ${featureInfos.length} entries, expected ${maxFeatureIdx + 1}`,
    );
  }
  const monotone = header.get('monotone_constraints');
  const monotoneConstraints =
    monotone === undefined ? undefined : parseMonotone(monotone, maxFeatureIdx, fail);
  const objective = readObjective(header.get('objective'), numClass, numTreePerIteration, fail);

  // Trees.
  const trees: Tree[] = [];
  const blockStarts: number[] = [];
  for (;;) {
    skipBlank();
    const line = lines[at];
    if (line === undefined) {
      fail(lines.length, `file ends after ${trees.length} trees without "end of trees" (truncated?)`);
    }
    if (line.text === 'end of trees') {
      blockStarts.push(line.start);
      at++;
      break;
    }
    if (!line.text.startsWith('Tree='))
      fail(line.no, `expected "Tree=${trees.length}", got "${clip(line.text)}"`);
    if (line.text !== `Tree=${trees.length}`) {
      fail(
        line.no,
        `expected "Tree=${trees.length}", got "${clip(line.text)}" (trees out of order or missing)`,
      );
    }
    blockStarts.push(line.start);
    at++;
    const body: Line[] = [];
    while (at < lines.length && (lines[at] as Line).text !== '') body.push(lines[at++] as Line);
    trees.push(parseTree(trees.length, line, body, maxFeatureIdx, fail));
  }
  if (trees.length % numTreePerIteration !== 0) {
    fail(
      headerEnd,
      `${trees.length} trees is not a whole number of iterations of num_tree_per_iteration=${numTreePerIteration}`,
    );
  }
  checkTreeSizes(header.get('tree_sizes'), blockStarts, text, fail);

  const tail = readSections(lines, at, fail);
  return {
    fileName,
    version: version.value,
    numClass,
    numTreePerIteration,
    labelIndex,
    maxFeatureIdx,
    objective,
    averageOutput: header.has('average_output'),
    featureNames,
    featureInfos,
    monotoneConstraints,
    trees,
    numIterations: trees.length / numTreePerIteration,
    ...tail,
  };
}

function readObjective(
  entry: { value: string; line: number } | undefined,
  numClass: number,
  numTreePerIteration: number,
  fail: Fail,
): Objective {
  if (entry === undefined) {
    if (numTreePerIteration !== 1) fail(1, `a model without objective must have num_tree_per_iteration=1`);
    return NO_OBJECTIVE;
  }
  let objective: Objective;
  try {
    objective = parseObjective(entry.value);
  } catch (err) {
    return fail(entry.line, (err as Error).message);
  }
  if (objective.numOutputs > 1 && objective.numOutputs !== numClass) {
    fail(entry.line, `objective says ${objective.numOutputs} classes but num_class=${numClass}`);
  }
  if (objective.numOutputs !== numTreePerIteration) {
    fail(
      entry.line,
      `objective "${objective.text}" gives ${objective.numOutputs} outputs per row but num_tree_per_iteration=${numTreePerIteration}`,
    );
  }
  return objective;
}

function parseMonotone(entry: { value: string; line: number }, maxFeatureIdx: number, fail: Fail): number[] {
  const list = splitTokens(entry.value).map((t) => {
    const v = parseIntToken(t, -1, 1);
    if (v === undefined) fail(entry.line, `monotone_constraints: "${clip(t)}" is not -1, 0 or 1`);
    return v;
  });
  if (list.length !== maxFeatureIdx + 1) fail(entry.line, `monotone_constraints has ${list.length} entries`);
  return list;
}

/**
 * tree_sizes holds each `Tree=N` block's length in bytes: LightGBM itself finds the trees by those offsets, so
 * a mismatch means an edited or damaged file. Skipped for files with CRLF line ends (converted by an editor or
 * git), whose lengths differ by design; the count must still agree.
 */
function checkTreeSizes(
  entry: { value: string; line: number } | undefined,
  blockStarts: readonly number[],
  text: string,
  fail: Fail,
): void {
  if (entry === undefined) return;
  const sizes = splitTokens(entry.value);
  const numTrees = blockStarts.length - 1;
  if (sizes.length !== numTrees) {
    fail(
      entry.line,
      `tree_sizes lists ${sizes.length} trees but the file has ${numTrees} (truncated or edited?)`,
    );
  }
  if (text.includes('\r')) return;
  for (let i = 0; i < numTrees; i++) {
    const start = blockStarts[i] as number;
    // Tree blocks are ASCII (a stray non-ASCII character fails number parsing), so characters are bytes.
    const size = (blockStarts[i + 1] as number) - start;
    if (sizes[i] !== String(size)) {
      fail(
        entry.line,
        `tree_sizes[${i}] is ${sizes[i]} but tree ${i} is ${size} bytes long (file edited or damaged)`,
      );
    }
  }
}

interface Sections {
  savedImportances: { name: string; value: number }[];
  parameters: { key: string; value: string }[];
  pandasCategorical: unknown;
}

function readSections(lines: readonly Line[], from: number, fail: Fail): Sections {
  const out: Sections = { savedImportances: [], parameters: [], pandasCategorical: null };
  let at = from;
  while (at < lines.length) {
    const line = lines[at] as Line;
    at++;
    if (line.text.trim() === '') continue;
    if (line.text === 'feature_importances:') {
      for (; at < lines.length && (lines[at] as Line).text !== ''; at++) {
        const l = lines[at] as Line;
        const eq = l.text.lastIndexOf('=');
        const value = eq > 0 ? Number(l.text.slice(eq + 1)) : NaN;
        if (eq <= 0 || !Number.isFinite(value))
          fail(l.no, `feature_importances: expected name=value, got "${clip(l.text)}"`);
        out.savedImportances.push({ name: l.text.slice(0, eq), value });
      }
    } else if (line.text === 'parameters:') {
      let closed = false;
      for (; at < lines.length; at++) {
        const l = lines[at] as Line;
        if (l.text === 'end of parameters') {
          closed = true;
          at++;
          break;
        }
        if (l.text === '') continue;
        const m = /^\[([^:\]]+): ?(.*)\]$/.exec(l.text);
        if (m === null) fail(l.no, `parameters: expected "[key: value]", got "${clip(l.text)}"`);
        out.parameters.push({ key: m[1] as string, value: m[2] as string });
      }
      if (!closed) fail(lines.length, 'parameters: block has no "end of parameters" (truncated?)');
    } else if (line.text.startsWith('pandas_categorical:')) {
      try {
        out.pandasCategorical = JSON.parse(line.text.slice('pandas_categorical:'.length)) as unknown;
      } catch {
        fail(line.no, 'pandas_categorical: not valid JSON');
      }
    } else {
      fail(line.no, `unexpected line after "end of trees": "${clip(line.text)}"`);
    }
  }
  return out;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
