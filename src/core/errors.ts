// Typed errors. The CLI maps them to exit codes: bad usage or bad input → 2, runtime failure → 1.
// `retryable` tells callers whether trying again could help (network, 5xx, 429) or not (bad input).

/** Where a bad input was found: a file, a 1-based line, a key path. Every part is optional. */
export interface Location {
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly key?: string | undefined;
}

export function formatLocation(loc: Location): string {
  let where = '';
  if (loc.file !== undefined) where = loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file;
  if (loc.key !== undefined) where = where === '' ? loc.key : `${where}: ${loc.key}`;
  return where;
}

export abstract class AlgobotError extends Error {
  abstract readonly exitCode: 1 | 2;
  readonly retryable: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line itself is wrong: unknown option, missing argument. */
export class UsageError extends AlgobotError {
  readonly exitCode = 2;
}

/** A capability that a later issue builds. */
export class NotBuiltError extends AlgobotError {
  readonly exitCode = 2;
}

/** A file, config value or data row is invalid. The message names where. */
export class InputError extends AlgobotError {
  readonly exitCode = 2;
  readonly location: Location;
  constructor(message: string, location: Location = {}, options?: { cause?: unknown }) {
    const where = formatLocation(location);
    super(where === '' ? message : `${where}: ${message}`, options);
    this.location = location;
  }
}

/** Several input problems found at once (config validation reports all of them). */
export class InputErrors extends InputError {
  readonly problems: readonly InputError[];
  constructor(summary: string, problems: readonly InputError[]) {
    super([summary, ...problems.map((p) => `  - ${p.message}`)].join('\n'));
    this.problems = problems;
  }
}

/** Something failed while running: network down, exchange error, disk full. */
export class RuntimeFailure extends AlgobotError {
  readonly exitCode = 1;
  override readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options);
    this.retryable = options?.retryable ?? false;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
