// Writing candle files in the format the loader reads, atomically: the bytes go to a temporary file in the same
// directory, are flushed to disk, and only then renamed over the target. A crash leaves the old file or the new
// one, never half of either; the temporary name (`.BTC-USDT_1h.csv.gz.<pid>-<random>.tmp`) is not a candle file
// name, so the loader ignores a leftover one.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { isoUtc } from '../core/time.js';
import type { CandleSeries } from './candles.js';
import { candleName, fsError } from './candle-io.js';
import { CANDLE_HEADER } from './csv-parser.js';
import { formatDecimal } from './decimal.js';

const gzipAsync = promisify(gzip);

/** Writes `series` to `path` (gzip when it ends in `.gz`); numbers read back bit-identical. */
export async function writeCandleFile(path: string, series: CandleSeries): Promise<void> {
  const name = candleName(path);
  if (name.coin !== series.coin || name.interval !== series.interval) {
    const message = `the name says ${name.coin} ${name.interval} but the series is ${series.coin} ${series.interval}`;
    throw new InputError(message, { file: path });
  }
  const text = formatCandleCsv(series, path);
  const bytes = name.gzip ? await gzipAsync(text) : Buffer.from(text);
  await writeAtomically(path, bytes);
}

/** The CSV text of a series. Refuses what the loader would refuse to read back: non-finite values, disorder. */
export function formatCandleCsv(s: CandleSeries, file = s.coin): string {
  const lines: string[] = [CANDLE_HEADER];
  const columns = [s.open, s.high, s.low, s.close, s.volume];
  let prev = -Infinity;
  for (let i = 0; i < s.length; i++) {
    const t = s.time[i] as number;
    if (!Number.isSafeInteger(t) || t < 0 || t <= prev) {
      const why = t <= prev ? `is not after the previous bar's ${prev}` : 'is not a whole number of epoch ms';
      throw new InputError(`bar ${i}: open time ${t} ${why}`, { file });
    }
    prev = t;
    let line = String(t);
    for (const col of columns) {
      const x = col[i] as number;
      if (!Number.isFinite(x)) throw new InputError(`bar ${i} (${isoUtc(t)}): ${x} is not a finite number`, { file });
      line += `,${formatDecimal(x)}`;
    }
    lines.push(line);
  }
  lines.push('');
  return lines.join('\n');
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'wx');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw fsError(err, path);
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Best effort: some platforms (Windows) cannot open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // The data is already flushed; only the rename's durability across a power cut is at stake.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
