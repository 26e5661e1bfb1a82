import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { HOUR_MS, MINUTE_MS } from '../core/time.js';
import { seriesFromCandles, type Candle, type CandleSeries } from './candles.js';
import { readCandleDir, readCandleFile, writeCandleFile } from './candle-file.js';
import { formatCandleCsv } from './csv-write.js';

const SAMPLE = fileURLToPath(new URL('../../data/sample/1h/', import.meta.url));
const T0 = Date.parse('2025-01-01T00:00:00Z');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algobot-csv-write-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectSameSeries(a: CandleSeries, b: CandleSeries): void {
  expect([a.coin, a.interval, a.intervalMs, a.length]).toEqual([b.coin, b.interval, b.intervalMs, b.length]);
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    // Object.is: bit-identical doubles, -0 included. A plain loop: deep equality on typed arrays is slow.
    const x = a[k];
    const y = b[k];
    const differs = Array.from({ length: Math.max(x.length, y.length) }, (_, i) => i).find(
      (i) => !Object.is(x[i], y[i]),
    );
    expect(differs === undefined ? 'same' : `${k}[${differs}]: ${x[differs]} vs ${y[differs]}`).toBe('same');
  }
}

const bar = (time: number, o: number, h: number, l: number, c: number, v: number): Candle => ({
  time,
  open: o,
  high: h,
  low: l,
  close: c,
  volume: v,
});

describe('writeCandleFile', () => {
  it('round-trips every bundled sample file bit for bit, gzipped and plain', async () => {
    const sample = await readCandleDir(SAMPLE);
    for (const s of sample.values()) {
      for (const name of [`${s.coin}-USDT_1h.csv.gz`, `${s.coin}-USDT_1h.csv`]) {
        const path = join(dir, name);
        await writeCandleFile(path, s);
        expectSameSeries(await readCandleFile(path), s);
      }
    }
  });

  it('writes tiny prices in plain decimals and large volumes without exponents', async () => {
    const s = seriesFromCandles('PEPE', '1h', HOUR_MS, [
      bar(T0, 0.00000712, 0.0000072, 0.00000701, 0.0000071, 564671068833),
      bar(T0 + HOUR_MS, 0.0000071, 0.0000071, 1e-7, 0.0000071, 1.5e21),
    ]);
    const path = join(dir, 'PEPE-USDT_1h.csv.gz');
    await writeCandleFile(path, s);
    expect(gunzipSync(await readFile(path)).toString()).toBe(
      [
        'timestamp,open,high,low,close,volume',
        `${T0},0.00000712,0.0000072,0.00000701,0.0000071,564671068833`,
        `${T0 + HOUR_MS},0.0000071,0.0000071,0.0000001,0.0000071,1500000000000000000000`,
        '',
      ].join('\n'),
    );
    expectSameSeries(await readCandleFile(path), s);
  });

  it('round-trips any finite positive values (property)', async () => {
    const price = fc.double({ min: 1e-12, max: 1e12, noNaN: true });
    const row = fc.tuple(price, price, price, price, fc.double({ min: 0, max: 1e15, noNaN: true }));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        // Sort the four prices so the bar is sane: low ≤ open, close ≤ high.
        const candles = rows.map(([a, b, c, d, v], i) => {
          const [l, o, cl, h] = [a, b, c, d].sort((x, y) => x - y) as [number, number, number, number];
          return bar(T0 + i * 5 * MINUTE_MS, o, h, l, cl, v);
        });
        const s = seriesFromCandles('BTC', '5m', 5 * MINUTE_MS, candles);
        const path = join(dir, 'BTC-USDT_5m.csv');
        await writeCandleFile(path, s);
        expectSameSeries(await readCandleFile(path), s);
      }),
      { numRuns: 60 },
    );
  });

  it('writes the same bytes for the same series (deterministic gzip)', async () => {
    const s = (await readCandleDir(SAMPLE, { coins: ['ETH'] })).get('ETH') as CandleSeries;
    const path = join(dir, 'ETH-USDT_1h.csv.gz');
    await writeCandleFile(path, s);
    const first = await readFile(path);
    await writeCandleFile(path, s);
    expect((await readFile(path)).equals(first)).toBe(true);
  });

  it('refuses a series that does not match the file name, or that the loader could not read back', async () => {
    const ok = seriesFromCandles('BTC', '1h', HOUR_MS, [bar(T0, 1, 2, 1, 2, 0)]);
    await expect(writeCandleFile(join(dir, 'ETH-USDT_1h.csv'), ok)).rejects.toThrow(
      'the name says ETH 1h but the series is BTC 1h',
    );
    await expect(writeCandleFile(join(dir, 'btc.csv'), ok)).rejects.toThrow(/not a candle file name/);
    const nan = seriesFromCandles('BTC', '1h', HOUR_MS, [bar(T0, 1, NaN, 1, 2, 0)]);
    expect(() => formatCandleCsv(nan)).toThrow('bar 0 (2025-01-01T00:00:00Z): NaN is not a finite number');
    const unsorted = seriesFromCandles('BTC', '1h', HOUR_MS, [bar(T0, 1, 2, 1, 2, 0), bar(T0, 1, 2, 1, 2, 0)]);
    expect(() => formatCandleCsv(unsorted)).toThrow(`bar 1: open time ${T0} is not after the previous bar's ${T0}`);
  });

  it('replaces a file whole, and a failed write leaves the old file and no temporary file', async () => {
    const d = await mkdtemp(join(tmpdir(), 'algobot-atomic-'));
    const path = join(d, 'BTC-USDT_1h.csv');
    const one = seriesFromCandles('BTC', '1h', HOUR_MS, [bar(T0, 1, 2, 1, 2, 3)]);
    await writeFile(path, 'old content');
    await writeCandleFile(path, one);
    expectSameSeries(await readCandleFile(path), one);
    expect(await readdir(d)).toEqual(['BTC-USDT_1h.csv']);

    const bad = seriesFromCandles('BTC', '1h', HOUR_MS, [bar(T0, 1, 2, 1, 2, 3), bar(T0 + HOUR_MS, 1, 2, 1, Infinity, 3)]);
    await expect(writeCandleFile(path, bad)).rejects.toThrow(InputError);
    expectSameSeries(await readCandleFile(path), one);

    // The rename fails when the target is a directory: the temporary file must still be cleaned up.
    const blocked = join(d, 'ETH-USDT_1h.csv');
    await mkdir(join(blocked, 'inside'), { recursive: true });
    const eth = { ...one, coin: 'ETH' };
    await expect(writeCandleFile(blocked, eth)).rejects.toThrow();
    expect((await readdir(d)).sort()).toEqual(['BTC-USDT_1h.csv', 'ETH-USDT_1h.csv']);
    await expect(writeCandleFile(join(d, 'missing', 'BTC-USDT_1h.csv'), one)).rejects.toThrow(
      'no such file or directory',
    );
    await rm(d, { recursive: true, force: true });
  });
});
