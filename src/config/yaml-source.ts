// The config file as a YAML document with line numbers, so that every problem can point at its line.
// Syntax errors, duplicate keys and unresolved tags are all reported, each with its own line.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { InputError } from '../core/errors.js';

export type KeyPath = readonly PropertyKey[];

export interface YamlSource {
  /** The file as shown in messages. */
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export interface Located {
  /** 1-based line of the key (or list item) at the path; the deepest existing parent's line when absent. */
  readonly line: number;
  readonly found: boolean;
  /** The YAML node at the path, when found (a Scalar, YAMLMap, YAMLSeq or null for an empty value). */
  readonly node?: unknown;
}

export function parseYaml(text: string, file: string): { source: YamlSource; problems: InputError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const source: YamlSource = { file, doc, lines };
  const problems = [...doc.errors, ...doc.warnings].map((e) => yamlProblem(source, text, e));
  return { source, problems };
}

function yamlProblem(source: YamlSource, text: string, e: YAMLError): InputError {
  const line = source.lines.linePos(e.pos[0]).line;
  if (e.code === 'DUPLICATE_KEY') {
    const key = findPairAt(source, e.pos[0]);
    const name = key?.name ?? text.slice(e.pos[0], e.pos[1]).trim();
    return new InputError(`duplicate key "${name}"; each key may appear once`, {
      file: source.file,
      line,
      key: key === undefined ? undefined : formatKeyPath(key.path),
    });
  }
  return new InputError(`YAML syntax error: ${e.message}`, { file: source.file, line });
}

function findPairAt(source: YamlSource, offset: number): { path: KeyPath; name: string } | undefined {
  let hit: { path: KeyPath; name: string } | undefined;
  walkKeys(source, (path, name, _line, start) => {
    if (start === offset) hit = { path, name };
  });
  return hit;
}

/** `portfolio.max_position.tier1`, `universe.tier2[3]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function lineOf(source: YamlSource, node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range === undefined ? undefined : source.lines.linePos(range[0]).line;
}

/** Finds the key at a path, walking maps by key and lists by index. */
export function locate(source: YamlSource, path: KeyPath): Located {
  let node: unknown = source.doc.contents;
  let line = lineOf(source, node) ?? 1;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) return { line, found: false };
      line = lineOf(source, pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      line = lineOf(source, node) ?? line;
    } else {
      return { line, found: false };
    }
  }
  return { line, found: true, node };
}

/** Calls `visit` for every mapping key in the document, depth first, with its path, line and offset. */
export function walkKeys(
  source: YamlSource,
  visit: (path: KeyPath, key: string, line: number, offset: number) => void,
): void {
  const walk = (node: unknown, path: KeyPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? -1;
        visit([...path, name], name, lineOf(source, pair.key) ?? 1, offset);
        walk(pair.value, [...path, name]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(source.doc.contents, []);
}

/** How a value reads in a message. Long strings are cut: a misplaced secret must not be echoed whole. */
export function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'an empty value';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const value: unknown = isScalar(node) ? node.value : node;
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return 'a value of another type';
}

/** The value as written, for "X is out of range". */
export function valueText(node: unknown): string {
  const value: unknown = isScalar(node) ? node.value : node;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeNode(node);
}

function quote(s: string): string {
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 12)}…` : s);
}
