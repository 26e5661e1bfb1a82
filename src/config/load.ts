// Loads config/config.yaml: YAML with line numbers → secret-key scan → schema → environment overrides → paths.
// Every problem is collected and thrown at once as InputErrors, each with file, line and key path, so one run
// of `algobot doctor` shows everything to fix.
//
// Relative paths in the config (data.dir, data.stop_dir, models.dir, state.*, logging.file) are resolved
// against the working directory, like the config path itself (`--config config/config.yaml`) and every path
// given on the command line (`--data data/sample/1h`): one rule for every path the user types. Run the bot
// from the project root. After loading, every path in `config` is absolute.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { errorMessage, InputError, InputErrors } from '../core/errors.js';
import { readEnvironment } from './env.js';
import type { EnvOptions } from './env.js';
import { httpUrl } from './fields.js';
import { issueToErrors } from './issues.js';
import { findSecretKeys } from './secret-keys.js';
import { secretsFrom } from './secrets.js';
import type { Secrets } from './secrets.js';
import { configSchema, isLoopbackUrl, ROOSTOO_TIMESTAMP_WINDOW_MS } from './schema.js';
import type { Config } from './schema.js';
import { formatKeyPath, parseYaml } from './yaml-source.js';

export const BASE_URL_VAR = 'ROOSTOO_BASE_URL';

export interface LoadedConfig {
  /** Validated; paths absolute; exchange.base_url is the effective one (ROOSTOO_BASE_URL wins). */
  readonly config: Config;
  /** Absolute path of the config file. */
  readonly path: string;
  /** The config file as messages show it: relative to the working directory when inside it. */
  readonly file: string;
  /** Where exchange.base_url came from. */
  readonly baseUrlSource: 'config' | 'environment' | '.env';
  /** Roostoo API keys from the environment or .env; absent keys are undefined (see secretsRequired). */
  readonly secrets: Secrets;
  /** Absolute path of the .env file that was read, if any. */
  readonly envFile: string | undefined;
}

export type LoadOptions = EnvOptions;

export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

async function readConfigText(abs: string, file: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `config file not found (looked for ${abs})`
        : code === 'EISDIR'
          ? 'is a directory, not a config file'
          : `cannot read the config file: ${errorMessage(err)}`;
    throw new InputError(why, { file }, { cause: err });
  }
}

export async function loadConfig(path: string, opts: LoadOptions): Promise<LoadedConfig> {
  const abs = resolve(opts.cwd, path);
  const file = displayPath(opts.cwd, abs);
  const text = await readConfigText(abs, file);

  const { source, problems: yamlProblems } = parseYaml(text, file);
  // A document with syntax errors cannot be trusted line by line: report those alone.
  if (yamlProblems.length > 0) throw summary(file, yamlProblems);

  const secretScan = findSecretKeys(source);
  const secretPaths = new Set(secretScan.paths.map((p) => formatKeyPath(p)));
  const problems: InputError[] = [...secretScan.problems];

  const parsed = configSchema.safeParse(source.doc.toJS());
  if (!parsed.success) {
    const ctx = {
      source,
      schema: configSchema,
      skipUnknown: (p: readonly PropertyKey[]) => secretPaths.has(formatKeyPath(p)),
    };
    const valueReported = new Set<string>();
    for (const issue of parsed.error.issues) {
      // One problem per value: 0.5 for "an integer ≥ 1" fails two checks but needs one message.
      if (issue.code !== 'custom' && issue.code !== 'unrecognized_keys') {
        const key = formatKeyPath(issue.path);
        if (valueReported.has(key)) continue;
        valueReported.add(key);
      }
      problems.push(...issueToErrors(issue, ctx));
    }
  }

  const env = await readEnvironment(opts);
  const baseUrlEnv = env.get(BASE_URL_VAR);
  if (baseUrlEnv !== undefined && !httpUrl().safeParse(baseUrlEnv.value).success) {
    problems.push(
      new InputError(`is not an http:// or https:// URL`, {
        file: baseUrlEnv.source === '.env' ? env.envFile : 'environment',
        key: BASE_URL_VAR,
      }),
    );
  }

  if (
    baseUrlEnv !== undefined &&
    parsed.success &&
    parsed.data.exchange.timestamp_window_ms < ROOSTOO_TIMESTAMP_WINDOW_MS &&
    !isLoopbackUrl(baseUrlEnv.value)
  ) {
    problems.push(
      new InputError(
        `points at ${baseUrlEnv.value}, but exchange.timestamp_window_ms is ${parsed.data.exchange.timestamp_window_ms}: below Roostoo's 60000 ms, which only a local exchange may use`,
        { file: baseUrlEnv.source === '.env' ? env.envFile : 'environment', key: BASE_URL_VAR },
      ),
    );
  }

  if (problems.length > 0 || !parsed.success) throw summary(file, problems);

  const config = resolvePaths(parsed.data, opts.cwd);
  if (baseUrlEnv !== undefined) config.exchange.base_url = baseUrlEnv.value;
  return {
    config,
    path: abs,
    file,
    baseUrlSource: baseUrlEnv?.source ?? 'config',
    secrets: secretsFrom(env),
    envFile: env.envFile,
  };
}

function summary(file: string, problems: InputError[]): InputErrors {
  const sorted = [...problems].sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  const n = sorted.length;
  return new InputErrors(`${file}: ${n} problem${n === 1 ? '' : 's'} in the configuration`, sorted);
}

function resolvePaths(c: Config, cwd: string): Config {
  const abs = (p: string): string => resolve(cwd, p);
  const orNull = (p: string | null): string | null => (p === null ? null : abs(p));
  return {
    ...c,
    exchange: { ...c.exchange },
    data: { ...c.data, dir: abs(c.data.dir), stop_dir: orNull(c.data.stop_dir) },
    models: { ...c.models, dir: abs(c.models.dir) },
    state: { db: abs(c.state.db), json: abs(c.state.json) },
    run: { ...c.run, kill_file: abs(c.run.kill_file) },
    logging: { ...c.logging, file: orNull(c.logging.file) },
  };
}
