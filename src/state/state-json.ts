// A small JSON file written whole or not at all (state.json for humans and tools): the text goes to a temporary
// file in the same directory, is fsynced, renamed over the target, and the directory is fsynced (best effort) so
// the rename itself survives a power cut. Synchronous, for the live loop's shutdown path.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, errorMessage } from '../core/errors.js';

/** Writes `value` as two-space indented JSON with a final newline (NaN and ±Infinity become null). */
export function writeJsonAtomically(path: string, value: unknown): void {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined) throw new TypeError(`writeJsonAtomically: ${typeof value} is not JSON`);
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx');
    try {
      writeFileSync(fd, `${text}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InputError(`cannot write: ${errorMessage(err)}`, { file: path }, { cause: err });
  }
  try {
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {
    // Best effort: some platforms cannot fsync a directory.
  }
}
