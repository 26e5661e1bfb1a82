// `algobot doctor`: is this machine ready to run the bot as configured? Prints a checklist and exits
// 0 when nothing failed (warnings allowed), 1 when a check failed, 2 when the config itself is invalid (the
// checks that depend on it are then skipped). It never prints a secret: keys are shown as length and origin.
import { errorMessage, InputError, InputErrors } from '../../core/errors.js';
import { loadConfig } from '../../config/load.js';
import type { LoadedConfig } from '../../config/load.js';
import type { CommandContext } from '../context.js';
import { checkData } from './doctor-data.js';
import { checkExchange } from './doctor-exchange.js';
import { checkMode, checkModels, checkNode, checkSecrets } from './doctor-local.js';
import { Checklist, fail, ok, skip } from './doctor-report.js';

export interface DoctorDeps {
  /** Node version without the `v`; the running one unless a test says otherwise. */
  readonly nodeVersion?: string;
  readonly fetch?: typeof globalThis.fetch;
}

const DEPENDENT_CHECKS = ['mode', 'secrets', 'data', 'models', 'exchange'];

export async function doctor(
  ctx: CommandContext,
  opts: { config: string },
  deps: DoctorDeps = {},
): Promise<number> {
  const list = new Checklist(ctx.stdout);
  list.add(checkNode(deps.nodeVersion ?? process.versions.node));

  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig(opts.config, { env: ctx.env, cwd: ctx.cwd });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const problems = err instanceof InputErrors ? err.problems : [err];
    const n = problems.length;
    list.add(
      fail(
        'config',
        `${opts.config}: ${n} problem${n === 1 ? '' : 's'}`,
        problems.map((p) => p.message),
      ),
      ...DEPENDENT_CHECKS.map((name) => skip(name, 'skipped: the config is invalid')),
    );
    ctx.stdout.write(`\ndoctor: fix the config first (${list.summary()})\n`);
    return 2;
  }
  list.add(ok('config', `${loaded.file} is valid`), checkMode(loaded));

  // Each group reports its own failures; an unexpected error in one must not hide the others.
  const groups: Array<[string, () => Promise<unknown>]> = [
    ['secrets', async () => list.add(...(await checkSecrets(loaded, ctx.cwd)))],
    [
      'data',
      async () => list.add(...(await checkData(loaded.config, { cwd: ctx.cwd, now: ctx.clock.now() }))),
    ],
    ['models', async () => list.add(...(await checkModels(loaded, ctx.cwd)))],
    [
      'exchange',
      async () => list.add(...(await checkExchange(loaded.config, { clock: ctx.clock, fetch: deps.fetch }))),
    ],
  ];
  for (const [name, run] of groups) {
    try {
      await run();
    } catch (err) {
      list.add(fail(name, `check crashed: ${errorMessage(err)}`));
    }
  }

  const verdict = list.failures === 0 ? 'ready' : 'not ready';
  ctx.stdout.write(`\ndoctor: ${verdict} (${list.summary()})\n`);
  return list.failures === 0 ? 0 : 1;
}
