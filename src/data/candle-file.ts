// Strict loading of candle files into columnar series. Any bad row stops the load with an InputError naming the
// file, the line and what is wrong: a backtest on silently repaired data is worse than no backtest.
//
// Gaps (missing bars) are rejected unless `allowGaps` is set. The shared Binance exports have none, but real
// downloads can (exchange outages), and a model fed a series with holes computes returns over the wrong spans.
// Callers that handle holes themselves opt in.
import { InputError } from '../core/errors.js';
import { intervalMs } from '../core/time.js';
import type { CandleSeries } from './candles.js';
import {
  candleName,
  conflictingCandleFiles,
  listCandleFiles,
  readCandleBytes,
  type CandleFileEntry,
} from './candle-io.js';
import { CandleDataError, type RowProblem } from './candle-problem.js';
import { parseCandleCsv } from './csv-parser.js';
import type { CandleFileName } from './file-name.js';
import { mapLimit } from './map-limit.js';

export { CandleDataError } from './candle-problem.js';
export type { ProblemKind, RowProblem } from './candle-problem.js';
export { writeCandleFile } from './csv-write.js';

export interface ReadCandleOptions {
  /** Accept missing bars (default false: a gap is an error). Duplicates and disorder are always errors. */
  readonly allowGaps?: boolean;
}

export interface ReadCandleDirOptions extends ReadCandleOptions {
  /** Only files of this interval; required when the directory holds several. */
  readonly interval?: string;
  /** Only these coins; each must have a file. */
  readonly coins?: readonly string[];
}

/** Files decompressed and parsed at once: enough to overlap zlib (thread pool) with parsing (main thread). */
const CONCURRENCY = 4;

/** Reads `<COIN>-<QUOTE>_<interval>.csv[.gz]`. Throws CandleDataError at the first bad row or unreadable file. */
export async function readCandleFile(path: string, opts: ReadCandleOptions = {}): Promise<CandleSeries> {
  return readEntry(path, candleName(path), opts.allowGaps === true);
}

/**
 * Loads every candle file of `dir` (not its subdirectories) into a map keyed by coin: the coins asked for, in that
 * order, or else all coins in alphabetical order.
 */
export async function readCandleDir(
  dir: string,
  opts: ReadCandleDirOptions = {},
): Promise<Map<string, CandleSeries>> {
  if (opts.interval !== undefined && intervalMs(opts.interval) === undefined) {
    throw new InputError(`"${opts.interval}" is not an interval such as 5m, 1h or 1d`, { file: dir });
  }
  let files = await listCandleFiles(dir);
  if (files.length === 0) {
    throw new InputError('holds no candle files (<COIN>-USDT_<interval>.csv or .csv.gz)', { file: dir });
  }
  if (opts.interval !== undefined) {
    const wanted = opts.interval;
    files = files.filter((f) => f.name.interval === wanted);
    if (files.length === 0) throw new InputError(`holds no ${wanted} candle files`, { file: dir });
  }
  if (opts.coins !== undefined) {
    const wanted = [...new Set(opts.coins)];
    const byCoin = new Map<string, CandleFileEntry[]>();
    for (const f of files) byCoin.set(f.name.coin, [...(byCoin.get(f.name.coin) ?? []), f]);
    const missing = wanted.filter((c) => !byCoin.has(c));
    if (missing.length > 0) {
      const which = opts.interval === undefined ? '' : ` ${opts.interval}`;
      throw new InputError(`no${which} candle file for ${missing.join(', ')}`, { file: dir });
    }
    files = wanted.flatMap((c) => byCoin.get(c) ?? []);
  }
  const conflict = conflictingCandleFiles(files)[0];
  if (conflict !== undefined) {
    const [a, b] = conflict;
    const message = `${a.base} and ${b.base} both hold ${a.name.coin} ${a.name.interval} candles: keep one`;
    throw new InputError(message, { file: dir });
  }
  const intervals = [...new Set(files.map((f) => f.name.interval))];
  if (intervals.length > 1) {
    const message = `holds ${intervals.join(' and ')} candle files: choose one with the interval option`;
    throw new InputError(message, { file: dir });
  }
  const allowGaps = opts.allowGaps === true;
  const series = await mapLimit(files, CONCURRENCY, (f) => readEntry(f.path, f.name, allowGaps));
  return new Map(series.map((s) => [s.coin, s]));
}

async function readEntry(path: string, name: CandleFileName, allowGaps: boolean): Promise<CandleSeries> {
  const bytes = await readCandleBytes(path, name.gzip);
  const strict = (p: RowProblem): void => {
    if (p.kind === 'gap' && allowGaps) return;
    throw new CandleDataError(p.kind, p.message, { file: path, line: p.line });
  };
  return parseCandleCsv(bytes, name, strict).series;
}
