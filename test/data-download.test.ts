// `algobot data download` end to end, in-process, against a local fake of Binance's public spot API serving
// recorded klines (test/fixtures/binance). ccxt, the paging, the merge and the atomic write are all real; only
// the clock is pinned, injected through the CLI's composition root.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCandleFile } from '../src/data/candle-file.js';
import { FakeBinance, loadKlineFixture, type KlineRow } from './fixtures/binance/fake-binance.js';
import { runCli, type CliResult } from './helpers/run-cli.js';

const clock = { now: 0 };
const pinned = { now: () => clock.now };

const H = 3_600_000;
/** 2025-09-28T00:00Z, the first recorded bar. */
const T0 = 1_759_017_600_000;
const BTC = loadKlineFixture('BTCUSDT');
const ETH = loadKlineFixture('ETHUSDT');
const ESC = '\u001b';

let fake: FakeBinance;
let dir: string;

beforeAll(async () => {
  // ccxt takes about a second to load; pay it once here rather than inside the first test's timeout.
  await import('ccxt');
});

beforeEach(async () => {
  fake = await new FakeBinance().start();
  dir = await mkdtemp(join(tmpdir(), 'algobot-download-'));
});

afterEach(async () => {
  // Whatever a test did, ccxt asked only for the spot market list and spot klines.
  const others = fake.requests.filter(
    (r) => r.path !== '/api/v3/exchangeInfo' && r.path !== '/api/v3/klines',
  );
  expect(others).toEqual([]);
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function download(now: number, pairs: string, days: number, extra: string[] = []): Promise<CliResult> {
  clock.now = now;
  fake.options.now = now;
  const argv = ['data', 'download', '--pairs', pairs, '--interval', '1h', '--days', String(days)];
  return runCli([...argv, '--out', 'out', '--base-url', fake.url, ...extra], { cwd: dir, clock: pinned });
}

const file = (coin: string): string => join(dir, 'out', `${coin}-USDT_1h.csv.gz`);

/** The bars of a file as Binance's numbers, for comparison with the recorded rows. */
async function stored(coin: string): Promise<number[][]> {
  const s = await readCandleFile(file(coin));
  return Array.from({ length: s.length }, (_, i) =>
    [s.time, s.open, s.high, s.low, s.close, s.volume].map((col) => col[i] as number),
  );
}

const expected = (rows: readonly KlineRow[], from: number, to: number): number[][] =>
  rows.slice(from, to).map((r) => [r[0], ...r.slice(1, 6).map(Number)]);

describe('algobot data download', () => {
  it('downloads closed bars page by page into files that read back equal to the recorded klines', async () => {
    fake.options.maxLimit = 20;
    const r = await download(T0 + 48 * H + 30 * 60_000, 'BTC,eth', 2);

    expect(r.stderr).not.toContain('failed');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'BTC-USDT_1h.csv.gz: +48 bars (2025-09-28T00:00Z → 2025-09-29T23:00Z), 48 total, 0 gaps\n' +
        'ETH-USDT_1h.csv.gz: +48 bars (2025-09-28T00:00Z → 2025-09-29T23:00Z), 48 total, 0 gaps\n',
    );
    expect(await stored('BTC')).toEqual(expected(BTC, 0, 48));
    expect(await stored('ETH')).toEqual(expected(ETH, 0, 48));
    // Paging by startTime, three pages of at most 20 per pair; endTime excludes the bar still open at "now".
    const btc = fake.klineRequests().filter((q) => q.query.symbol === 'BTCUSDT');
    expect(btc.map((q) => Number(q.query.startTime))).toEqual([T0, T0 + 20 * H, T0 + 40 * H]);
    expect(btc.every((q) => q.query.endTime === String(T0 + 48 * H - 1) && q.query.limit === '1000')).toBe(
      true,
    );
    expect(fake.requests.filter((q) => q.path === '/api/v3/exchangeInfo')).toHaveLength(1);
  });

  it('resumes: a later run appends only the bars after the last stored one', async () => {
    expect((await download(T0 + 48 * H + 1, 'BTC', 2)).code).toBe(0);
    const before = fake.klineRequests().length;

    const r = await download(T0 + 66 * H + 5 * 60_000, 'BTC', 2);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'BTC-USDT_1h.csv.gz: +18 bars (2025-09-30T00:00Z → 2025-09-30T17:00Z), 66 total, 0 gaps\n',
    );
    const appended = fake.klineRequests().slice(before);
    expect(appended).toHaveLength(1);
    expect(Number(appended[0]?.query.startTime)).toBe(T0 + 48 * H);
    expect(await stored('BTC')).toEqual(expected(BTC, 0, 66));
  });

  it('makes no request at all when every file is up to date, and leaves the files alone', async () => {
    const now = T0 + 48 * H + 1;
    expect((await download(now, 'BTC,ETH', 2)).code).toBe(0);
    const bytes = await readFile(file('BTC'));
    const requests = fake.requests.length;

    const r = await download(now + 59 * 60_000, 'BTC,ETH', 2);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'BTC-USDT_1h.csv.gz: up to date, 48 total (2025-09-28T00:00Z → 2025-09-29T23:00Z), 0 gaps\n' +
        'ETH-USDT_1h.csv.gz: up to date, 48 total (2025-09-28T00:00Z → 2025-09-29T23:00Z), 0 gaps\n',
    );
    expect(fake.requests.length).toBe(requests);
    expect(await readFile(file('BTC'))).toEqual(bytes);
  });

  it('fetches the missing earlier part when --days reaches before the first stored bar', async () => {
    const now = T0 + 48 * H + 1;
    expect((await download(now, 'BTC', 1)).code).toBe(0);
    expect(await stored('BTC')).toEqual(expected(BTC, 24, 48));

    const r = await download(now, 'BTC', 2);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+24 bars (2025-09-28T00:00Z → 2025-09-28T23:00Z), 48 total, 0 gaps');
    const last = fake.klineRequests().at(-1);
    expect(last?.query).toMatchObject({ startTime: String(T0), endTime: String(T0 + 24 * H - 1) });
    expect(await stored('BTC')).toEqual(expected(BTC, 0, 48));
  });

  it('never writes the bar still open at "now", even when the server sends it', async () => {
    fake.options.ignoreEndTime = true;
    const now = T0 + 48 * H + 30 * 60_000;

    const r = await download(now, 'BTC', 2);

    expect(r.code).toBe(0);
    expect(fake.klineRequests().flatMap((q) => q.served)).toContain(T0 + 48 * H);
    const bars = await stored('BTC');
    expect(bars).toHaveLength(48);
    expect(bars.at(-1)?.[0]).toBe(T0 + 47 * H);
  });

  it('retries after a 429 (rate limit) and succeeds', async () => {
    fake.failNext.push({
      status: 429,
      headers: { 'Retry-After': '0' },
      body: '{"code":-1003,"msg":"Too many requests; current limit of IP is 6000 requests per minute."}',
    });

    const r = await download(T0 + 24 * H, 'BTC', 1);

    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/429.*retry 1 of 5/);
    const starts = fake.klineRequests().map((q) => Number(q.query.startTime));
    expect(starts).toEqual([T0, T0]);
    expect(await stored('BTC')).toEqual(expected(BTC, 0, 24));
  });

  it.each([
    [
      'high < low',
      (rows: KlineRow[]) =>
        rows.map((r, i): KlineRow =>
          i === 1 ? ([r[0], r[1], '1.00', '2.00', ...r.slice(4)] as KlineRow) : r,
        ),
      /2025-09-30T01:00Z: high 1 is below low 2/,
    ],
    [
      'a duplicate row',
      (rows: KlineRow[]) => [rows[0], ...rows] as KlineRow[],
      /2025-09-30T00:00Z: duplicate open time/,
    ],
    ['unsorted rows', (rows: KlineRow[]) => [rows[1], rows[0], ...rows.slice(2)] as KlineRow[], /unsorted/],
  ])('fails on %s and leaves the stored file byte-identical', async (_name, breakRows, message) => {
    expect((await download(T0 + 48 * H, 'BTC,ETH', 2)).code).toBe(0);
    const btcBefore = await readFile(file('BTC'));
    fake.options.mutate = (rows, symbol) => (symbol === 'BTCUSDT' ? breakRows(rows) : rows);

    const r = await download(T0 + 60 * H, 'BTC,ETH', 2);

    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('BTC-USDT_1h.csv.gz: failed: the exchange sent a bad BTC/USDT bar');
    expect(r.stderr).toContain('algobot: 1 of 2 pairs failed: BTC');
    expect(await readFile(file('BTC'))).toEqual(btcBefore);
    // The other pair is still brought up to date.
    expect(r.stdout).toContain('ETH-USDT_1h.csv.gz: +12 bars');
    expect(await stored('ETH')).toEqual(expected(ETH, 0, 60));
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['BTC-USDT_1h.csv.gz', 'ETH-USDT_1h.csv.gz']);
  });

  it('rejects a pair Binance does not list before downloading anything (exit 2)', async () => {
    const r = await download(T0 + 24 * H, 'BTC,BTCX,ETHUSDT', 1);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pairs: BTCX and ETHUSDT are not Binance spot pairs against USDT');
    expect(r.stderr).toContain('ETHUSDT → ETH');
    expect(fake.klineRequests()).toHaveLength(0);
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });

  it.each([
    [['--pairs', 'BTC,$$'], /--pairs: "\$\$" is not a coin/],
    [['--pairs', 'BTC/EUR'], /--pairs: "BTC\/EUR": only USDT pairs/],
    [['--pairs', 'BTC,,ETH'], /--pairs: empty entry/],
    [['--interval', '7m'], /--interval: "7m" is not a supported interval; use one of 1m, 3m/],
    [['--base-url', 'ftp://example.com'], /--base-url: "ftp:\/\/example.com" must be an http\(s\) URL/],
  ])('exits 2 on bad input %j, before any request', async (args, message) => {
    clock.now = T0 + 24 * H;
    const argv = [
      'data',
      'download',
      '--pairs',
      'BTC',
      '--days',
      '1',
      '--out',
      'out',
      '--base-url',
      fake.url,
    ];
    const r = await runCli([...argv, ...args], { cwd: dir, clock: pinned });

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });

  it('accepts btc, BTC/USDT and BTC-USDT as the same coin and creates --out', async () => {
    const r = await download(T0 + 24 * H, ' btc , BTC/USDT,BTC-USDT', 1);

    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'BTC-USDT_1h.csv.gz: +24 bars (2025-09-28T00:00Z → 2025-09-28T23:00Z), 24 total, 0 gaps',
    ]);
  });

  it('reports progress as plain lines without ANSI codes when stderr is not a terminal', async () => {
    const r = await download(T0 + 48 * H, 'BTC', 2);

    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain(ESC);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).toContain('BTC-USDT_1h.csv.gz: 100% (48/48)');
  });

  it('draws a bar on a terminal, and keeps stdout free of it', async () => {
    clock.now = T0 + 48 * H;
    fake.options.now = clock.now;
    const argv = [
      'data',
      'download',
      '--pairs',
      'BTC',
      '--days',
      '2',
      '--out',
      'out',
      '--base-url',
      fake.url,
    ];
    const r = await runCli(argv, { cwd: dir, tty: true, clock: pinned });

    expect(r.code).toBe(0);
    expect(r.stderr).toContain(ESC);
    expect(r.stderr).toContain('BTC-USDT_1h.csv.gz [');
    expect(r.stdout).not.toContain(ESC);
  });

  it('fails the pair, not the run, when a stored file is corrupt (exit 2: bad input)', async () => {
    expect((await download(T0 + 24 * H, 'ETH', 1)).code).toBe(0);
    await writeFile(join(dir, 'out', 'BTC-USDT_1h.csv'), 'timestamp,open,high,low,close,volume\nnot,a,bar\n');

    const r = await download(T0 + 30 * H, 'BTC,ETH', 1);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/BTC-USDT_1h\.csv\.gz: failed: .*BTC-USDT_1h\.csv:2/);
    expect(r.stdout).toContain('ETH-USDT_1h.csv.gz: +6 bars');
  });
});
