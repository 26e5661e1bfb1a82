// `algobot features`: writes the feature matrix (decision time, asset, the 13 features by name) as CSV, the very
// rows the trainer uses, so models can also be trained in Python on exactly our features.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { InputError } from '../../core/errors.js';
import { isoUtc, parseUtc } from '../../core/time.js';
import { displayPath, loadConfig } from '../../config/load.js';
import { universeCoins } from '../../config/universe.js';
import { readCandleDir } from '../../data/candle-file.js';
import { buildFeatureDataset } from '../../features/dataset.js';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../features/feature-set.js';
import type { CommandContext } from '../context.js';

export interface FeaturesOptions {
  readonly config: string;
  readonly data?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly out: string;
}

export async function featuresExport(ctx: CommandContext, opts: FeaturesOptions): Promise<number> {
  const from = dateOption('--from', opts.from);
  const to = dateOption('--to', opts.to);
  if (from !== undefined && to !== undefined && from > to) {
    throw new InputError(`--from ${isoUtc(from)} is after --to ${isoUtc(to)}`);
  }
  const loaded = await loadConfig(resolve(ctx.cwd, opts.config), { env: ctx.env, cwd: ctx.cwd });
  const { config } = loaded;
  const dir = opts.data === undefined ? config.data.dir : resolve(ctx.cwd, opts.data);
  const universe = universeCoins(config);
  const series = await readCandleDir(dir, {
    interval: config.data.interval,
    coins: universe.map((u) => u.coin),
  });
  const assets = universe.map((u) => ({
    ...u,
    series: series.get(u.coin) as NonNullable<ReturnType<typeof series.get>>,
  }));
  const ds = buildFeatureDataset(assets, { from, to });

  const out = resolve(ctx.cwd, opts.out);
  await mkdir(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    const stream = createWriteStream(tmp);
    const write = async (text: string): Promise<void> => {
      if (!stream.write(text)) await once(stream, 'drain');
    };
    await write(`timestamp,asset,${FEATURE_NAMES.join(',')}\n`);
    let chunk = '';
    for (let r = 0; r < ds.rows; r++) {
      let line = `${ds.time[r]},${ds.coins[ds.asset[r] as number]}`;
      // String(x) is the shortest text that reads back to the same double: nothing is lost in the export.
      for (let j = 0; j < FEATURE_COUNT; j++) line += `,${String(ds.data[r * FEATURE_COUNT + j])}`;
      chunk += `${line}\n`;
      if (chunk.length > 1 << 20) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(chunk);
    stream.end();
    await once(stream, 'finish');
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const range =
    ds.rows === 0 ? 'no rows' : `${isoUtc(ds.time[0] as number)} → ${isoUtc(ds.time[ds.rows - 1] as number)}`;
  ctx.stdout.write(
    `${displayPath(ctx.cwd, out)}: ${ds.rows} rows (${universe.length} assets × ${FEATURE_COUNT} features), decision times ${range}\n`,
  );
  return 0;
}

function dateOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = parseUtc(text);
  if (t === undefined) {
    throw new InputError(
      `${name} "${text}" is not a date; use e.g. 2025-06-01, 2025-06-01T12:00 or epoch ms`,
    );
  }
  return t;
}
