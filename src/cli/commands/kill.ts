// `algobot kill`: the kill switch as a command. Creates run.kill_file; the running bot sees it at its next cycle,
// cancels its orders, sells every position at market and stops (src/live/trader.ts). The file stays until removed
// by hand, so a bot restarted by systemd flattens and stops again instead of trading: remove it to trade again.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError, errorMessage } from '../../core/errors.js';
import { isoUtc } from '../../core/time.js';
import { displayPath, loadConfig } from '../../config/load.js';
import type { CommandContext } from '../context.js';

export async function kill(ctx: CommandContext, opts: { config: string; reason?: string }): Promise<number> {
  const { config } = await loadConfig(resolve(ctx.cwd, opts.config), { env: ctx.env, cwd: ctx.cwd });
  const file = config.run.kill_file;
  const shown = displayPath(ctx.cwd, file);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${isoUtc(ctx.clock.now())} ${opts.reason ?? 'algobot kill'}\n`);
  } catch (err) {
    throw new InputError(`cannot create the kill file: ${errorMessage(err)}`, { file: shown });
  }
  ctx.stdout.write(
    `${shown} created: the running bot flattens (cancels its orders, sells every position) and stops at its next cycle.\nRemove ${shown} before starting it again.\n`,
  );
  return 0;
}
