// Output files of the training commands, written whole or not at all: the text goes to a temporary file beside
// the target and is renamed over it, so an interrupted run never leaves half a model for the bot to load.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, errorMessage } from '../../core/errors.js';

export async function writeTextAtomically(path: string, text: string, shown = path): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new InputError(`cannot write: ${errorMessage(err)}`, { file: shown }, { cause: err });
  }
}
