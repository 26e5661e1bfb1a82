// Settings that come from outside the config file: the process environment, then a `.env` file in the working
// directory for whatever the environment leaves unset (the environment wins, as with dotenv). Only the
// ROOSTOO_* variables are read from it; nothing is written back into process.env.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { errorMessage, InputError } from '../core/errors.js';

export type EnvSource = 'environment' | '.env';

export interface EnvValue {
  readonly value: string;
  readonly source: EnvSource;
}

export interface Environment {
  /** A variable's value and where it came from; empty strings count as unset. */
  get(name: string): EnvValue | undefined;
  /** Absolute path of the `.env` file that was read, if there was one. */
  readonly envFile: string | undefined;
}

export interface EnvOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export async function readEnvironment(opts: EnvOptions): Promise<Environment> {
  const file = join(opts.cwd, '.env');
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new InputError(`cannot read .env: ${errorMessage(err)}`, { file }, { cause: err });
    }
  }
  const dotenv = text === undefined ? {} : parseEnv(text);
  return {
    envFile: text === undefined ? undefined : file,
    get(name) {
      const fromEnv = opts.env[name];
      if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: 'environment' };
      const fromFile = dotenv[name];
      if (fromFile !== undefined && fromFile !== '') return { value: fromFile, source: '.env' };
      return undefined;
    },
  };
}
