import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeFailure } from '../core/errors.js';
import { HOUR_MS } from '../core/time.js';
import { readCandleFile, writeCandleFile } from './candle-file.js';
import type { Candle } from './candles.js';
import { seriesFromCandles } from './candles.js';
import type { FetchOptions, KlineRequest, KlineSource, PairJob, ProgressSink } from './download.js';
import { fetchRange, formatPairResult, planPair, runPair } from './download.js';

const T = Date.UTC(2025, 8, 30);
const at = (h: number): number => T + h * HOUR_MS;
const bar = (h: number): Candle => ({ time: at(h), open: 100 + h, high: 110 + h, low: 90 + h, close: 101 + h, volume: h });
const bars = (hours: number[]): Candle[] => hours.map(bar);
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

const options = (pageLimit = 1000): FetchOptions => ({
  pageLimit,
  retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
  retryDeps: { sleep: () => Promise.resolve(), random: () => 0 },
});

/** An exchange holding `history`, answering like Binance; `extra` bars are appended to every answer. */
function source(history: Candle[], extra: (r: KlineRequest) => Candle[] = () => []) {
  const requests: KlineRequest[] = [];
  const src: KlineSource = {
    unknownCoins: () => Promise.resolve([]),
    fetchKlines: (r) => {
      requests.push(r);
      const page = history.filter((c) => c.time >= r.since && c.time <= r.until).slice(0, r.limit);
      return Promise.resolve([...page, ...extra(r)]);
    },
  };
  return { src, requests };
}

const job = { coin: 'BTC', interval: '1h', intervalMs: HOUR_MS };

describe('fetchRange', () => {
  it('pages by open time until the range is covered, reporting progress', async () => {
    const { src, requests } = source(bars(range(0, 20)));
    const seen: number[] = [];
    const got = await fetchRange(src, job, { from: at(0), to: at(12) }, options(5), (n) => seen.push(n));
    expect(got).toEqual(bars(range(0, 12)));
    expect(requests.map((r) => [r.since, r.until, r.limit])).toEqual([
      [at(0), at(12) - 1, 5],
      [at(5), at(12) - 1, 5],
      [at(10), at(12) - 1, 5],
    ]);
    expect(seen).toEqual([5, 10, 12]);
  });

  it('starts at the listing and stops when the exchange has nothing more', async () => {
    const { src, requests } = source(bars(range(3, 9)));
    const got = await fetchRange(src, job, { from: at(0), to: at(12) }, options(5));
    expect(got).toEqual(bars(range(3, 9)));
    expect(requests.map((r) => r.since)).toEqual([at(0), at(8), at(9)]);
  });

  it('keeps exchange outages as gaps and invents nothing', async () => {
    const { src } = source(bars([0, 1, 2, 6, 7]));
    expect(await fetchRange(src, job, { from: at(0), to: at(8) }, options(3))).toEqual(bars([0, 1, 2, 6, 7]));
  });

  it('drops the bar still open at the end of the range even when the exchange sends it', async () => {
    const { src } = source(bars(range(0, 4)), (r) => (r.since <= at(4) ? [bar(4)] : []));
    expect(await fetchRange(src, job, { from: at(0), to: at(4) }, options())).toEqual(bars(range(0, 4)));
  });

  it.each([
    ['a bar before the one asked for', () => [bar(1), bar(2)], /got an earlier one/],
    ['a duplicate', () => [bar(2), bar(2)], /bar at 2025-09-30T02:00Z: duplicate open time/],
    ['an inconsistent bar', () => [{ ...bar(2), high: 1 }], /high 1 is below low 92/],
  ])('refuses an answer with %s', async (_name, answer, message) => {
    const src: KlineSource = { unknownCoins: () => Promise.resolve([]), fetchKlines: () => Promise.resolve(answer()) };
    const err: unknown = await fetchRange(src, job, { from: at(2), to: at(5) }, options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeFailure);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/^the exchange sent a bad BTC\/USDT bar/);
  });
});

describe('planPair and runPair', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'algobot-download-unit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const store = (name: string, hours: number[]) =>
    writeCandleFile(join(dir, name), seriesFromCandles('BTC', '1h', HOUR_MS, bars(hours)));
  const plan = (from: number, to: number) => planPair(dir, 'BTC', '1h', HOUR_MS, { from: at(from), to: at(to) });

  it('writes a new file, counts exchange gaps, and reports what it added', async () => {
    const { src } = source(bars([0, 1, 2, 5, 6, 7]));
    const events: string[] = [];
    const progress: ProgressSink = {
      start: (total, label) => events.push(`start ${total} ${label}`),
      update: (n) => events.push(`update ${n}`),
      stop: () => events.push('stop'),
    };
    const result = await runPair(await plan(0, 8), src, options(4), progress);

    expect(formatPairResult(result)).toBe(
      'BTC-USDT_1h.csv.gz: +6 bars (2025-09-30T00:00Z → 2025-09-30T07:00Z), 6 total, 1 gap (2 missing bars)',
    );
    const s = await readCandleFile(join(dir, 'BTC-USDT_1h.csv.gz'), { allowGaps: true });
    expect(Array.from(s.time)).toEqual([0, 1, 2, 5, 6, 7].map(at));
    expect(Array.from(s.close)).toEqual([101, 102, 103, 106, 107, 108]);
    expect(events[0]).toBe('start 8 BTC-USDT_1h.csv.gz');
    expect(events.at(-2)).toBe('update 8');
    expect(events.at(-1)).toBe('stop');
  });

  it('appends after the last stored bar and prepends before the first', async () => {
    await store('BTC-USDT_1h.csv.gz', range(4, 8));
    const { src, requests } = source(bars(range(0, 12)));
    const j = await plan(2, 10);
    expect(j.ranges).toEqual([
      { from: at(2), to: at(4) },
      { from: at(8), to: at(10) },
    ]);
    const result = await runPair(j, src, options());
    expect(requests).toHaveLength(2);
    expect(result).toMatchObject({ added: 4, total: 8, first: at(2), last: at(9), gaps: 0 });
    const s = await readCandleFile(join(dir, 'BTC-USDT_1h.csv.gz'));
    expect(Array.from(s.time)).toEqual(range(2, 10).map(at));
  });

  it('resumes an uncompressed .csv in place rather than starting a .csv.gz beside it', async () => {
    await store('BTC-USDT_1h.csv', range(0, 3));
    const j = await plan(0, 5);
    expect(j.path).toBe(join(dir, 'BTC-USDT_1h.csv'));
    await runPair(j, source(bars(range(0, 5))).src, options());
    expect(await readFile(j.path, 'utf8')).toMatch(/^timestamp,open,high,low,close,volume\n/);
    await expect(stat(join(dir, 'BTC-USDT_1h.csv.gz'))).rejects.toThrow(/ENOENT/);
  });

  it('writes nothing when nothing is new', async () => {
    await store('BTC-USDT_1h.csv.gz', range(0, 5));
    const path = join(dir, 'BTC-USDT_1h.csv.gz');
    const before = await stat(path);
    const j = await plan(0, 5);
    expect(j.ranges).toEqual([]);
    const result = await runPair(j, source([]).src, options());
    expect(formatPairResult(result)).toBe(
      'BTC-USDT_1h.csv.gz: up to date, 5 total (2025-09-30T00:00Z → 2025-09-30T04:00Z), 0 gaps',
    );
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
  });

  it('fails, without creating a file, when the exchange has no bars at all', async () => {
    await expect(runPair(await plan(0, 5), source([]).src, options())).rejects.toThrow(
      'the exchange has no 1h bars for BTC/USDT from 2025-09-30T00:00Z; nothing was written',
    );
    await expect(stat(join(dir, 'BTC-USDT_1h.csv.gz'))).rejects.toThrow(/ENOENT/);
  });

  it('validates the merged series and leaves the file byte-identical when it is wrong', async () => {
    await store('BTC-USDT_1h.csv.gz', range(0, 5));
    const path = join(dir, 'BTC-USDT_1h.csv.gz');
    const bytes = await readFile(path);
    // A job whose range overlaps the stored bars (a bug upstream, or a file changed meanwhile).
    const j: PairJob = { ...(await plan(0, 5)), ranges: [{ from: at(3), to: at(7) }] };
    await expect(runPair(j, source(bars(range(0, 7))).src, options())).rejects.toThrow(
      'BTC-USDT_1h.csv.gz: the merged series is invalid at 2025-09-30T03:00Z (duplicate open time); ' +
        'the file was left unchanged',
    );
    expect(await readFile(path)).toEqual(bytes);
  });

  it('fails on a corrupt stored file, naming the file', async () => {
    await writeFile(join(dir, 'BTC-USDT_1h.csv.gz'), 'not gzip');
    await expect(plan(0, 5)).rejects.toThrow(/BTC-USDT_1h\.csv\.gz/);
  });
});
