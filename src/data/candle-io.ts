// Finding and reading candle files on disk. Every failure becomes an InputError that names the file, so a bad
// download is reported as `ETH-USDT_5m.csv.gz: truncated gzip ...`, never as a bare zlib error.
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { InputError, RuntimeFailure, errorMessage } from '../core/errors.js';
import { CandleDataError } from './candle-problem.js';
import { parseCandleFileName, type CandleFileName } from './file-name.js';

const gunzipAsync = promisify(gunzip);

export interface CandleFileEntry {
  readonly path: string;
  /** Base name, e.g. `BTC-USDT_1h.csv.gz`. */
  readonly base: string;
  readonly name: CandleFileName;
}

/** The parsed file name, or an InputError saying what a candle file must be called. */
export function candleName(path: string): CandleFileName {
  const name = parseCandleFileName(basename(path));
  if (name === undefined) {
    const message =
      'not a candle file name: expected <COIN>-<QUOTE>_<interval>.csv or .csv.gz, e.g. BTC-USDT_1h.csv.gz';
    throw new InputError(message, { file: path });
  }
  return name;
}

/** The raw CSV bytes of a candle file, gunzipped when the name ends in `.gz`. */
export async function readCandleBytes(path: string, gzip: boolean): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    throw fsError(err, path, true);
  }
  const gzipMagic = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  if (!gzip) {
    if (gzipMagic) throw unreadable('the file is gzip-compressed but its name does not end in .gz', path);
    return raw;
  }
  if (raw.length === 0) throw unreadable('empty file: no gzip data', path);
  if (!gzipMagic) throw unreadable('not gzip data, although the name ends in .gz', path);
  try {
    return await gunzipAsync(raw);
  } catch (err) {
    const truncated = (err as { code?: unknown }).code === 'Z_BUF_ERROR';
    const message = truncated
      ? `truncated gzip: the compressed data ends early (${errorMessage(err)}); download the file again`
      : `corrupt gzip data (${errorMessage(err)}); download the file again`;
    throw unreadable(message, path, err);
  }
}

function unreadable(message: string, path: string, cause?: unknown): CandleDataError {
  return new CandleDataError('unreadable', message, { file: path }, { cause });
}

/** The candle files directly inside `dir`, sorted by name; other files are ignored. */
export async function listCandleFiles(dir: string): Promise<CandleFileEntry[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw fsError(err, dir);
  }
  const files: CandleFileEntry[] = [];
  for (const e of entries) {
    const name = e.isDirectory() ? undefined : parseCandleFileName(e.name);
    if (name !== undefined) files.push({ path: join(dir, e.name), base: e.name, name });
  }
  return files.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
}

/** Pairs of files that hold the same coin and interval (`.csv` beside `.csv.gz`, or two quotes). */
export function conflictingCandleFiles(
  files: readonly CandleFileEntry[],
): Array<readonly [CandleFileEntry, CandleFileEntry]> {
  const seen = new Map<string, CandleFileEntry>();
  const pairs: Array<readonly [CandleFileEntry, CandleFileEntry]> = [];
  for (const f of files) {
    const key = `${f.name.coin} ${f.name.interval}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, f);
    else pairs.push([first, f]);
  }
  return pairs;
}

const INPUT_CODES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** A missing or unreadable path is bad input (exit 2); anything else (EMFILE, EIO) is a runtime failure. */
export function fsError(err: unknown, path: string, candleFile = false): Error {
  const code = (err as { code?: unknown }).code;
  const reason = typeof code === 'string' ? INPUT_CODES[code] : undefined;
  if (reason === undefined) return new RuntimeFailure(`${path}: ${errorMessage(err)}`, { cause: err });
  return candleFile ? unreadable(reason, path, err) : new InputError(reason, { file: path }, { cause: err });
}
