// Turns zod issues into InputErrors that point at a line and say what is allowed:
//   config/config.yaml:42: portfolio.max_position.tier1: 1.5 is out of range; allowed: a number > 0 and ≤ 1
// The allowed range comes from the leaf schema's description (see fields.ts), found by walking the schema
// along the issue's path; the offending value comes from the YAML node, as written.
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { closest } from './suggest.js';
import { describeNode, formatKeyPath, locate, valueText } from './yaml-source.js';
import type { KeyPath, YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (cur instanceof z.ZodNullable || cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
  return cur;
}

/** The schema at a path, or undefined when the path leaves the schema (an unknown key). */
export function schemaAt(root: z.ZodType, path: KeyPath): z.ZodType | undefined {
  let cur: z.ZodType | undefined = root;
  for (const seg of path) {
    if (cur === undefined) return undefined;
    const u = unwrap(cur);
    if (u instanceof z.ZodObject) cur = (u.shape as Record<string, z.ZodType>)[String(seg)];
    else if (u instanceof z.ZodArray) cur = u.element as z.ZodType;
    else return undefined;
  }
  return cur;
}

function describeSchema(s: z.ZodType | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (s.description !== undefined) return s.description;
  const u = unwrap(s);
  if (u.description !== undefined) return u.description;
  if (u instanceof z.ZodObject) return 'a section of settings (a mapping)';
  if (u instanceof z.ZodArray) return 'a list';
  return undefined;
}

function knownKeys(s: z.ZodType | undefined): string[] {
  const u = s === undefined ? undefined : unwrap(s);
  return u instanceof z.ZodObject ? Object.keys(u.shape) : [];
}

export interface IssueContext {
  readonly source: YamlSource;
  readonly schema: z.ZodType;
  /** Keys already reported for another reason (secrets): no second "unknown key" error for them. */
  readonly skipUnknown: (path: KeyPath) => boolean;
}

export function issueToErrors(issue: Issue, ctx: IssueContext): InputError[] {
  const { source } = ctx;
  const at = (path: KeyPath, message: string, line: number): InputError =>
    new InputError(message, {
      file: source.file,
      line,
      key: path.length === 0 ? undefined : formatKeyPath(path),
    });

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schemaAt(ctx.schema, issue.path));
    return issue.keys
      .map((key) => [...issue.path, key])
      .filter((path) => !ctx.skipUnknown(path))
      .map((path) => {
        const key = String(path[path.length - 1]);
        const guess = closest(key, known);
        const hint =
          guess !== undefined ? ` (did you mean "${guess}"?)` : `; known keys here: ${known.join(', ')}`;
        return at(path, `unknown key "${key}"${hint}`, locate(source, path).line);
      });
  }

  const loc = locate(source, issue.path);
  if (issue.code === 'custom') return [at(issue.path, issue.message, loc.line)];

  const allowed = describeSchema(schemaAt(ctx.schema, issue.path));
  if (!loc.found) {
    const expected = allowed === undefined ? '' : `; expected ${allowed}`;
    return [at(issue.path, `missing required key${expected}`, loc.line)];
  }
  return [at(issue.path, valueMessage(issue, loc.node, allowed), loc.line)];
}

function valueMessage(issue: Issue, node: unknown, allowed: string | undefined): string {
  const allowedText = allowed === undefined ? '' : `; allowed: ${allowed}`;
  const shown = valueText(node);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${allowed ?? article(issue.expected)}, got ${describeNode(node)}`;
    case 'too_big':
    case 'too_small':
      return `${shown} is out of range${allowedText}`;
    case 'not_multiple_of':
      if (issue.divisor === 1) return `${shown} is not an integer${allowedText}`;
      return `${shown} is not a multiple of ${issue.divisor}${allowedText}`;
    case 'invalid_value': {
      const value = scalarValue(node);
      const guess =
        typeof value === 'string'
          ? closest(
              value,
              issue.values.map((v) => String(v)),
            )
          : undefined;
      const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
      return `${shown} is not allowed${allowedText}${hint}`;
    }
    case 'invalid_format':
      return `${shown} is not valid${allowedText}`;
    default:
      return `${issue.message}${allowedText}`;
  }
}

function scalarValue(node: unknown): unknown {
  return (node as { value?: unknown } | null)?.value;
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
