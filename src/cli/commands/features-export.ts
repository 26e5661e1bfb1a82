// `algobot features`: writes the feature matrix (decision time, asset, the 13 features by name) as CSV, the very
// rows the trainer uses, so models can also be trained in Python on exactly our features.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { isoUtc } from '../../core/time.js';
import { displayPath, loadConfig } from '../../config/load.js';
import { buildFeatureDataset } from '../../features/dataset.js';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../features/feature-set.js';
import type { CommandContext } from '../context.js';
import { dateRange, loadUniverseSeries } from '../options.js';

export interface FeaturesOptions {
  readonly config: string;
  readonly data?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly out: string;
}

export async function featuresExport(ctx: CommandContext, opts: FeaturesOptions): Promise<number> {
  const { from, to } = dateRange(opts);
  const { config } = await loadConfig(resolve(ctx.cwd, opts.config), { env: ctx.env, cwd: ctx.cwd });
  const assets = await loadUniverseSeries(config, ctx.cwd, opts.data);
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
    `${displayPath(ctx.cwd, out)}: ${ds.rows} rows (${assets.length} assets × ${FEATURE_COUNT} features), decision times ${range}\n`,
  );
  return 0;
}
