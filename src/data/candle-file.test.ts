import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { HOUR_MS } from '../core/time.js';
import { CandleDataError, readCandleDir, readCandleFile } from './candle-file.js';
import type { ProblemKind } from './candle-problem.js';

const SAMPLE = fileURLToPath(new URL('../../data/sample/1h/', import.meta.url));
const T0 = Date.parse('2025-01-01T00:00:00Z');
const HEADER = 'timestamp,open,high,low,close,volume';

/** Five good hourly bars from 2025-01-01T00:00Z, as CSV lines (the header is line 1, so bar i is line i + 2). */
function goodRows(n = 5): string[] {
  return Array.from({ length: n }, (_, i) => `${T0 + i * HOUR_MS},100,102,99,101,${10 + i}`);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algobot-candle-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function failure(path: string, opts = {}): Promise<CandleDataError> {
  const err: unknown = await readCandleFile(path, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof CandleDataError)) throw new Error(`expected a CandleDataError, got ${String(err)}`);
  return err;
}

/** Reads `lines` written as BTC-USDT_1h.csv and returns the error's `line`, kind and message. */
async function rejectRows(lines: readonly string[]): Promise<[number | undefined, ProblemKind, string]> {
  const path = await put('BTC-USDT_1h.csv', `${lines.join('\n')}\n`);
  const err = await failure(path);
  expect(err.location.file).toBe(path);
  expect(err.message).toBe(`${path}:${err.location.line}: ${err.detail}`);
  return [err.location.line, err.kind, err.detail];
}

function withRow(index: number, row: string): string[] {
  const rows = goodRows();
  rows[index] = row;
  return [HEADER, ...rows];
}

describe('readCandleFile', () => {
  it('reads a file into columns, with the coin and interval from its name', async () => {
    const path = await put('ETH-USDT_1h.csv', `${[HEADER, ...goodRows()].join('\n')}\n`);
    const s = await readCandleFile(path);
    expect(s.coin).toBe('ETH');
    expect(s.interval).toBe('1h');
    expect(s.intervalMs).toBe(HOUR_MS);
    expect(s.length).toBe(5);
    expect([...s.time]).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * HOUR_MS));
    expect([...s.volume]).toEqual([10, 11, 12, 13, 14]);
    expect(s.time.length).toBe(5);
    expect([s.open[2], s.high[2], s.low[2], s.close[2]]).toEqual([100, 102, 99, 101]);
  });

  it('reads gzip, CRLF line ends, a byte-order mark and a missing final newline alike', async () => {
    const text = `\uFEFF${[HEADER, ...goodRows()].join('\r\n')}`;
    const a = await readCandleFile(await put('SOL-USDT_1h.csv.gz', gzipSync(text)));
    const b = await readCandleFile(await put('SOL-USDT_1h.csv', text));
    expect(a.length).toBe(5);
    expect([...a.close]).toEqual([...b.close]);
    expect([...a.time]).toEqual([...b.time]);
  });

  it('reads exponent notation as the shared PEPE file writes it', async () => {
    const path = await put('PEPE-USDT_1h.csv', `${HEADER}\n${T0},2.334e-05,2.36e-05,2.282e-05,2.3e-05,564671068833\n`);
    const s = await readCandleFile(path);
    expect([s.open[0], s.high[0], s.low[0], s.close[0], s.volume[0]]).toEqual([
      0.00002334, 0.0000236, 0.00002282, 0.000023, 564671068833,
    ]);
  });

  const T2 = T0 + 2 * HOUR_MS;
  const cases: Array<[string, string[], number, ProblemKind, string]> = [
    ['high below low', withRow(2, `${T2},101.2,100.5,101.2,101,5`), 4, 'ohlc', 'high 100.5 is below low 101.2'],
    ['high below close', withRow(1, `${T0 + HOUR_MS},100,102,99,103,5`), 3, 'ohlc', 'high 102 is below close 103'],
    ['low above open', withRow(4, `${T0 + 4 * HOUR_MS},98,102,99,101,5`), 6, 'ohlc', 'low 99 is above open 98'],
    ['non-numeric close', withRow(0, `${T0},100,102,99,abc,5`), 2, 'number', 'field "close" is not a number: "abc"'],
    ['empty field', withRow(0, `${T0},100,,99,101,5`), 2, 'number', 'field "high" is empty'],
    ['NaN', withRow(3, `${T0 + 3 * HOUR_MS},NaN,102,99,101,5`), 5, 'number', 'field "open" is not a finite number: "NaN"'],
    ['Infinity', withRow(3, `${T0 + 3 * HOUR_MS},100,Infinity,99,101,5`), 5, 'number', 'field "high" is not a finite number: "Infinity"'],
    ['overflow', withRow(3, `${T0 + 3 * HOUR_MS},100,1e999,99,101,5`), 5, 'number', 'field "high" is out of range: "1e999"'],
    ['padded number', withRow(1, `${T0 + HOUR_MS},100, 102,99,101,5`), 3, 'number', 'field "high" is not a number: " 102"'],
    ['five fields', withRow(1, `${T0 + HOUR_MS},100,102,99,101`), 3, 'fields', 'wrong number of fields: 5, expected 6'],
    ['seven fields', withRow(1, `${T0 + HOUR_MS},100,102,99,101,5,7`), 3, 'fields', 'wrong number of fields: 7, expected 6'],
    ['blank line', withRow(1, ''), 3, 'fields', 'empty line'],
    ['zero price', withRow(2, `${T2},0,102,0,101,5`), 4, 'price', 'open 0 is not a positive price'],
    ['negative price', withRow(2, `${T2},100,102,-1,101,5`), 4, 'price', 'low -1 is not a positive price'],
    ['negative volume', withRow(2, `${T2},100,102,99,101,-0.5`), 4, 'volume', 'volume -0.5 is negative'],
    ['fractional time', withRow(0, `${T0}.5,100,102,99,101,5`), 2, 'timestamp', `timestamp ${T0}.5 is not a whole, non-negative number of epoch milliseconds`],
    ['time in seconds', withRow(0, `${T0 / 1000},100,102,99,101,5`), 2, 'off-grid', `timestamp ${T0 / 1000} (1970-01-21T02:08:09.600Z) is not on the 1h grid (epoch seconds? timestamps are epoch milliseconds)`],
    ['wrong header', ['ts,o,h,l,c,v', ...goodRows()], 1, 'header', `wrong header "ts,o,h,l,c,v", expected "${HEADER}"`],
    ['no header', goodRows(), 1, 'header', `wrong header "${T0},100,102,99,101,10", expected "${HEADER}"`],
    ['header only', [HEADER], 2, 'empty', 'no data rows after the header'],
  ];
  it.each(cases)('rejects %s with its line and a specific message', async (_, lines, line, kind, message) => {
    expect(await rejectRows(lines)).toEqual([line, kind, message]);
  });

  it('rejects disorder: duplicate, unsorted and off-grid rows', async () => {
    const rows = goodRows();
    const t = (i: number): number => T0 + i * HOUR_MS;
    expect(await rejectRows([HEADER, ...rows.slice(0, 3), rows[2] as string, ...rows.slice(3)])).toEqual([
      5,
      'duplicate',
      `duplicate timestamp ${t(2)} (2025-01-01T02:00:00Z), first on line 4`,
    ]);
    expect(await rejectRows([HEADER, ...rows.slice(0, 4), rows[1] as string])).toEqual([
      6,
      'unsorted',
      `timestamp ${t(1)} (2025-01-01T01:00:00Z) is not after the previous bar's ${t(3)} (2025-01-01T03:00:00Z) on line 5 (unsorted)`,
    ]);
    expect(await rejectRows(withRow(1, `${T0 + 30 * 60_000},100,102,99,101,5`))).toEqual([
      3,
      'off-grid',
      `timestamp ${T0 + 30 * 60_000} (2025-01-01T00:30:00Z) is not on the 1h grid`,
    ]);
  });

  it('rejects a gap by default and loads it with allowGaps', async () => {
    const rows = [...goodRows(4), `${T0 + 7 * HOUR_MS},100,102,99,101,5`];
    const path = await put('BTC-USDT_1h.csv', `${[HEADER, ...rows].join('\n')}\n`);
    const err = await failure(path);
    expect([err.location.line, err.kind]).toEqual([6, 'gap']);
    expect(err.detail).toBe('gap: 3 bars missing between 2025-01-01T03:00:00Z and 2025-01-01T07:00:00Z');
    const s = await readCandleFile(path, { allowGaps: true });
    expect(s.length).toBe(5);
    expect(s.time[4]).toBe(T0 + 7 * HOUR_MS);
  });

  it('still rejects other problems with allowGaps', async () => {
    const lines = withRow(3, `${T0 + 3 * HOUR_MS},100,102,103,101,5`);
    const path = await put('BTC-USDT_1h.csv', `${lines.join('\n')}\n`);
    expect((await failure(path, { allowGaps: true })).kind).toBe('ohlc');
  });

  it('reports an empty file at line 1', async () => {
    const err = await failure(await put('BTC-USDT_1h.csv', ''));
    expect([err.location.line, err.kind, err.detail]).toEqual([1, 'empty', `file is empty: expected the header "${HEADER}"`]);
  });

  it('names the file when the gzip is truncated, corrupt or not gzip at all', async () => {
    const gz = await readFile(join(SAMPLE, 'BTC-USDT_1h.csv.gz'));
    const truncated = await failure(await put('BTC-USDT_1h.csv.gz', gz.subarray(0, gz.length >> 1)));
    expect(truncated.kind).toBe('unreadable');
    expect(truncated.location).toEqual({ file: join(dir, 'BTC-USDT_1h.csv.gz') });
    expect(truncated.message).toMatch(/BTC-USDT_1h\.csv\.gz: truncated gzip: the compressed data ends early/);
    const corrupt = Buffer.from(gz);
    corrupt[corrupt.length - 6] = (corrupt[corrupt.length - 6] as number) ^ 0xff; // damage the CRC
    expect((await failure(await put('ETH-USDT_1h.csv.gz', corrupt))).detail).toMatch(/^corrupt gzip data/);
    const plain = await failure(await put('XRP-USDT_1h.csv.gz', `${HEADER}\n`));
    expect(plain.detail).toBe('not gzip data, although the name ends in .gz');
    const misnamed = await failure(await put('ADA-USDT_1h.csv', gz));
    expect(misnamed.detail).toBe('the file is gzip-compressed but its name does not end in .gz');
  });

  it('rejects a missing file and a name without coin and interval, as input errors', async () => {
    const missing = await failure(join(dir, 'NOPE-USDT_1h.csv'));
    expect([missing.kind, missing.detail, missing.exitCode]).toEqual(['unreadable', 'no such file or directory', 2]);
    await expect(readCandleFile(await put('prices.csv', HEADER))).rejects.toThrow(/not a candle file name/);
  });
});

describe('readCandleDir', () => {
  let d: string;
  const csv = (): string => `${[HEADER, ...goodRows(3)].join('\n')}\n`;

  beforeAll(async () => {
    d = await mkdtemp(join(tmpdir(), 'algobot-candle-dir-'));
    await writeFile(join(d, 'ETH-USDT_1h.csv'), csv());
    await writeFile(join(d, 'BTC-USDT_1h.csv.gz'), gzipSync(csv()));
    await writeFile(join(d, 'SOL-USDT_1h.csv'), csv());
    await writeFile(join(d, 'BTC-USDT_5m.csv'), `${HEADER}\n${T0},100,102,99,101,1\n${T0 + 300_000},100,102,99,101,1\n`);
    await writeFile(join(d, 'notes.txt'), 'not a candle file');
    await writeFile(join(d, '.BTC-USDT_1h.csv.gz.123-abc.tmp'), 'a crashed write');
  });
  afterAll(async () => {
    await rm(d, { recursive: true, force: true });
  });

  it('loads one interval, all coins in alphabetical order, ignoring other files', async () => {
    const m = await readCandleDir(d, { interval: '1h' });
    expect([...m.keys()]).toEqual(['BTC', 'ETH', 'SOL']);
    expect(m.get('BTC')?.length).toBe(3);
    expect(m.get('ETH')?.interval).toBe('1h');
  });

  it('loads the coins asked for, in that order', async () => {
    const m = await readCandleDir(d, { interval: '1h', coins: ['SOL', 'BTC'] });
    expect([...m.keys()]).toEqual(['SOL', 'BTC']);
  });

  it('names missing coins and the directory', async () => {
    await expect(readCandleDir(d, { interval: '1h', coins: ['BTC', 'DOGE', 'XRP'] })).rejects.toThrow(
      `${d}: no 1h candle file for DOGE, XRP`,
    );
  });

  it('asks for an interval when the directory mixes several', async () => {
    await expect(readCandleDir(d)).rejects.toThrow(`${d}: holds 1h and 5m candle files: choose one`);
    // Asking only for coins that have one interval is unambiguous.
    expect([...(await readCandleDir(d, { coins: ['ETH', 'SOL'] })).keys()]).toEqual(['ETH', 'SOL']);
  });

  it('refuses two files for the same coin and interval', async () => {
    await writeFile(join(d, 'ETH-USDT_1h.csv.gz'), gzipSync(csv()));
    try {
      await expect(readCandleDir(d, { interval: '1h' })).rejects.toThrow(
        `${d}: ETH-USDT_1h.csv and ETH-USDT_1h.csv.gz both hold ETH 1h candles: keep one`,
      );
    } finally {
      await rm(join(d, 'ETH-USDT_1h.csv.gz'));
    }
  });

  it('passes allowGaps on, and reports the failing file and line otherwise', async () => {
    const gappy = `${[HEADER, `${T0},100,102,99,101,1`, `${T0 + 2 * HOUR_MS},100,102,99,101,1`].join('\n')}\n`;
    await writeFile(join(d, 'ADA-USDT_1h.csv'), gappy);
    try {
      await expect(readCandleDir(d, { interval: '1h' })).rejects.toThrow(`${join(d, 'ADA-USDT_1h.csv')}:3: gap: 1 bar`);
      expect((await readCandleDir(d, { interval: '1h', allowGaps: true })).get('ADA')?.length).toBe(2);
    } finally {
      await rm(join(d, 'ADA-USDT_1h.csv'));
    }
  });

  it('rejects a missing directory, one without candle files, and a bad interval', async () => {
    await expect(readCandleDir(join(d, 'nope'))).rejects.toThrow(InputError);
    const empty = await mkdtemp(join(tmpdir(), 'algobot-empty-'));
    try {
      await expect(readCandleDir(empty)).rejects.toThrow(`${empty}: holds no candle files`);
    } finally {
      await rm(empty, { recursive: true });
    }
    await expect(readCandleDir(d, { interval: '4h' })).rejects.toThrow(`${d}: holds no 4h candle files`);
    await expect(readCandleDir(d, { interval: 'hourly' })).rejects.toThrow('"hourly" is not an interval');
  });

  it('loads the bundled sample: 12 coins of 4,392 hourly bars', async () => {
    const m = await readCandleDir(SAMPLE);
    expect(m.size).toBe(12);
    expect((await readdir(SAMPLE)).length).toBe(12);
    for (const s of m.values()) {
      expect(s.length).toBe(4392);
      expect(s.time[0]).toBe(Date.parse('2025-04-01T00:00:00Z'));
      expect(s.time[4391]).toBe(Date.parse('2025-09-30T23:00:00Z'));
    }
    expect(m.get('BTC')?.open[0]).toBe(82550);
  });
});
