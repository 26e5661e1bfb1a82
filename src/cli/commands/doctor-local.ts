// Doctor checks that need no data and no network: Node, mode, secrets, model files.
import { stat } from 'node:fs/promises';
import { errorMessage } from '../../core/errors.js';
import type { LoadedConfig } from '../../config/load.js';
import { displayPath } from '../../config/load.js';
import { secretsRequired } from '../../config/secrets.js';
import type { SecretEntry } from '../../config/secrets.js';
import { loadConfiguredModels } from '../model-files.js';
import { fail, ok, skip, warn } from './doctor-report.js';
import type { CheckResult } from './doctor-report.js';

/** util.parseEnv (used for .env) arrived in Node 20.12. */
const MIN_NODE: readonly [number, number] = [20, 12];

export function checkNode(version: string): CheckResult {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor, wantMinor] = MIN_NODE;
  const good = major > wantMajor || (major === wantMajor && minor >= wantMinor);
  const detail = `v${version} (needs ≥ ${wantMajor}.${wantMinor})`;
  return good ? ok('node', detail) : fail('node', `${detail}: upgrade Node.js`);
}

export function checkMode(loaded: LoadedConfig): CheckResult {
  const { mode, dry_run: dryRun, exchange } = loaded.config;
  const dry = dryRun ? 'dry run: orders are decided and logged, none sent' : 'dry run off';
  const from = loaded.baseUrlSource === 'config' ? '' : ` (ROOSTOO_BASE_URL from ${loaded.baseUrlSource})`;
  const what: Record<typeof mode, string> = {
    backtest: 'replays stored candles; no exchange',
    paper: `tickers from ${exchange.base_url}${from}, fills simulated locally`,
    live: `real orders on ${exchange.base_url}${from}`,
  };
  return ok('mode', `${mode}, ${dry}; ${what[mode]}`);
}

function describeSecret(e: SecretEntry): string {
  // Length and origin only: enough to spot an empty or truncated key, nothing that reveals it.
  return `${e.name} set (${e.secret.length} characters, from ${e.source})`;
}

export async function checkSecrets(loaded: LoadedConfig, cwd: string): Promise<CheckResult[]> {
  const { apiKey, secretKey } = loaded.secrets;
  const entries = [apiKey, secretKey].filter((e): e is SecretEntry => e !== undefined);
  const results: CheckResult[] = [];
  const mode = loaded.config.mode;
  if (!secretsRequired(mode)) {
    const set = entries.length > 0 ? ` (${entries.map((e) => e.name).join(', ')} set, unused)` : '';
    results.push(ok('secrets', `not needed in ${mode} mode${set}`));
  } else if (apiKey !== undefined && secretKey !== undefined) {
    results.push(ok('secrets', `${describeSecret(apiKey)}; ${describeSecret(secretKey)}`));
  } else {
    const missing = [
      apiKey === undefined ? 'ROOSTOO_API_KEY' : '',
      secretKey === undefined ? 'ROOSTOO_SECRET_KEY' : '',
    ]
      .filter((n) => n !== '')
      .join(' and ');
    results.push(
      mode === 'paper'
        ? warn(
            'secrets',
            `${missing} not set: paper runs sign requests to the local exchange with the keys it was started with (any values, in the environment or .env); \`algobot run --local-exchange\` needs none`,
          )
        : fail(
            'secrets',
            `${missing} not set: live mode signs requests; set them in the environment or .env`,
          ),
    );
  }
  const envFile = loaded.envFile;
  if (envFile !== undefined && entries.some((e) => e.source === '.env') && process.platform !== 'win32') {
    const mode = (await stat(envFile).catch(() => undefined))?.mode ?? 0;
    if ((mode & 0o077) !== 0) {
      const shown = displayPath(cwd, envFile);
      results.push(
        warn(
          'secrets',
          `${shown} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${shown}`,
        ),
      );
    }
  }
  return results;
}

export async function checkModels(loaded: LoadedConfig, cwd: string): Promise<CheckResult[]> {
  const { strategy } = loaded.config;
  if (strategy.name !== 'ml') return [skip('models', `not used by the ${strategy.name} strategy`)];
  let models;
  try {
    models = await loadConfiguredModels(loaded.config, cwd);
  } catch (err) {
    return [
      fail(
        'models',
        `${errorMessage(err)}; the bot will not start with it (delete it to use the fallback scorer)`,
      ),
    ];
  }
  const results = (
    [
      ['model 6h', models.m6h],
      ['model 24h', models.m24h],
    ] as const
  ).map(([name, slot]) =>
    slot.status === 'used'
      ? ok(name, slot.note)
      : warn(
          name,
          slot.status === 'missing'
            ? `${slot.note}: the fallback scorer will be used (build models with \`algobot train\`)`
            : `${slot.note}: not traded`,
        ),
  );
  if (models.m6h.status !== 'used' && models.m24h.status !== 'used') {
    results.push(warn('alpha', 'no usable model: the fallback scorer will be used'));
  }
  return results;
}
