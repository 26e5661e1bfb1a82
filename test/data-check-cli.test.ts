// `algobot data check`, run in-process through the real CLI entry point with captured output. Broken files are
// made from the bundled sample in a temporary directory, each with one known fault on a known line.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(ROOT, 'data', 'sample', '1h');
/** The shared data set sits beside the clone in CI; a bare clone has none, and that test is skipped. */
const SHARED = fileURLToPath(new URL('../../shared/data', import.meta.url));
const HEADER = 'timestamp,open,high,low,close,volume';

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function check(args: readonly string[], cwd = ROOT): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await main(['data', 'check', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
  });
  return { code, stdout, stderr };
}

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'algobot-data-check-'));
  temps.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

/** Header and the first 100 rows of the sample's BTC file: line n of the file is lines[n - 1]. */
const lines = gunzipSync(readFileSync(join(SAMPLE, 'BTC-USDT_1h.csv.gz')))
  .toString()
  .split('\n')
  .slice(0, 101);

const time = (line: number): number => Number((lines[line - 1] as string).split(',')[0]);
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

/** Writes `content` as BTC-USDT_1h.csv in a fresh directory and checks that directory. */
async function checkFile(
  content: string | Uint8Array,
  name = 'BTC-USDT_1h.csv',
): Promise<Result & { file: string }> {
  const dir = await tempDir();
  const file = join(dir, name);
  await writeFile(file, content);
  return { ...(await check([dir])), file };
}

const edited = (edit: (rows: string[]) => void): string => {
  const copy = [...lines];
  edit(copy);
  return `${copy.join('\n')}\n`;
};

/** Replaces line n (1-based) of the sample excerpt. */
const replaceLine = (n: number, row: string): string => edited((r) => r.splice(n - 1, 1, row));

describe('algobot data check', () => {
  it('passes on a copy of the bundled sample, with one aligned row per file', async () => {
    const dir = await tempDir();
    await cp(SAMPLE, dir, { recursive: true });
    const r = await check([dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(14); // header, 12 files, summary
    expect(out[0]).toMatch(
      /^file +interval +rows +first → last \(UTC\) +gaps +dup +unsorted +ohlc +price<=0 +other +zero-vol +status$/,
    );
    expect(out[4]).toMatch(
      /^BTC-USDT_1h\.csv\.gz +1h +4392 +2025-04-01T00:00Z → 2025-09-30T23:00Z +0 +0 +0 +0 +0 +0 +0 +ok$/,
    );
    // Aligned: every file row has its status in the same column.
    const statusColumn = (out[0] as string).indexOf('status');
    for (const row of out.slice(1, 13)) expect(row.indexOf(' ok')).toBe(statusColumn - 1);
    expect(out[13]).toBe('OK: 12 files, 52704 rows, all usable');
  });

  it('checks one file given by a path relative to the working directory', async () => {
    const r = await check(['data/sample/1h/PEPE-USDT_1h.csv.gz']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nPEPE-USDT_1h\.csv\.gz +1h +4392 /);
  });

  const cases: Array<[string, () => string, number, string]> = [
    [
      'a gap',
      () => edited((r) => r.splice(9, 1)),
      10,
      `gap: 1 bar missing between ${iso(time(9))} and ${iso(time(11))}`,
    ],
    [
      'a duplicate',
      () => edited((r) => r.splice(20, 0, r[19] as string)),
      21,
      `duplicate timestamp ${time(20)} (${iso(time(20))}), first on line 20`,
    ],
    [
      'an unsorted row',
      () => edited((r) => r.splice(30, 0, r[4] as string)),
      31,
      `timestamp ${time(5)} (${iso(time(5))}) is not after the previous bar's ${time(30)} (${iso(time(30))}) on line 30 (unsorted)`,
    ],
    [
      'a high below low',
      () => replaceLine(57, `${time(57)},100,99.5,101,100,5`),
      57,
      'high 99.5 is below low 101',
    ],
    [
      'a non-numeric field',
      () => replaceLine(12, `${time(12)},100,102,99,abc,5`),
      12,
      'field "close" is not a number: "abc"',
    ],
    [
      'a zero price',
      () => replaceLine(30, `${time(30)},0,102,0,101,5`),
      30,
      'open 0 is not a positive price',
    ],
    [
      'a wrong field count',
      () => replaceLine(40, `${time(40)},100,102,99,101`),
      40,
      'wrong number of fields: 5, expected 6',
    ],
    [
      'a bad header',
      () => replaceLine(1, 'time,o,h,l,c,v'),
      1,
      `wrong header "time,o,h,l,c,v", expected "${HEADER}"`,
    ],
    ['an empty file', () => '', 1, `file is empty: expected the header "${HEADER}"`],
  ];

  it.each(cases)('fails on %s, naming the file and line', async (_, content, line, message) => {
    const r = await checkFile(content());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${r.file}:${line}: ${message}\n`);
    expect(r.stdout).toMatch(/\nBTC-USDT_1h\.csv .* FAIL\n/);
    expect(r.stdout).toMatch(/\nFAILED: 1 of 1 file unusable: BTC-USDT_1h\.csv/);
  });

  it('fails on a truncated gzip, naming the file', async () => {
    const gz = await readFile(join(SAMPLE, 'BTC-USDT_1h.csv.gz'));
    const r = await checkFile(gz.subarray(0, gz.length >> 1), 'BTC-USDT_1h.csv.gz');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${escape(r.file)}: truncated gzip: the compressed data ends early \\(unexpected end of file\\)`,
      ),
    );
    expect(r.stdout).toMatch(/\nBTC-USDT_1h\.csv\.gz +1h +- .* UNREADABLE\n/);
  });

  it('accepts gaps with --allow-gaps, and counts them', async () => {
    const gappy = edited((r) => r.splice(9, 3));
    const dir = await tempDir();
    await writeFile(join(dir, 'BTC-USDT_1h.csv'), gappy);
    const strict = await check([dir]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/ 1 \(3 bars\) .* FAIL\n/);
    expect(strict.stdout).toMatch(
      /unusable: BTC-USDT_1h\.csv; 1 only for gaps, which --allow-gaps accepts\n$/,
    );
    const lenient = await check([dir, '--allow-gaps']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toBe('');
    expect(lenient.stdout).toMatch(/ 1 \(3 bars\) .* ok \(gaps allowed\)\n/);
    expect(lenient.stdout).toMatch(
      /OK: 1 file, 97 rows, all usable \(1 with gaps, allowed by --allow-gaps\)\n$/,
    );
  });

  it('shows paths as typed: relative to the working directory', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'ETH-USDT_1h.csv'), replaceLine(3, `${time(3)},100,102,99,101`));
    const r = await check(['.'], dir);
    expect(r.stderr).toBe('ETH-USDT_1h.csv:3: wrong number of fields: 5, expected 6\n');
  });

  it('walks subdirectories and flags a coin stored twice', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '1h'));
    await cp(join(SAMPLE, 'BTC-USDT_1h.csv.gz'), join(dir, '1h', 'BTC-USDT_1h.csv.gz'));
    await writeFile(join(dir, '1h', 'BTC-USDT_1h.csv'), `${lines.join('\n')}\n`);
    await writeFile(join(dir, '1h', 'README.md'), 'not a candle file');
    const r = await check([dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\n1h\/BTC-USDT_1h\.csv +1h +100 .* ok\n1h\/BTC-USDT_1h\.csv\.gz +1h +4392 .* ok\n/,
    );
    expect(r.stderr).toBe(
      `${join(dir, '1h')}: BTC-USDT_1h.csv and BTC-USDT_1h.csv.gz both hold BTC 1h: keep one\n`,
    );
  });

  it('exits 2 when DIR does not exist, holds no candle files, or is a file not named like one', async () => {
    const missing = await check(['no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('algobot: no/such/dir: no such file or directory\n');
    const dir = await tempDir();
    await writeFile(join(dir, 'prices.csv'), `${HEADER}\n`);
    const empty = await check([dir]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(
      `algobot: ${dir}: holds no candle files (<COIN>-USDT_<interval>.csv or .csv.gz)\n`,
    );
    const misnamed = await check([join(dir, 'prices.csv')]);
    expect(misnamed.code).toBe(2);
    expect(misnamed.stderr).toMatch(/prices\.csv: not a candle file name/);
  });

  it.skipIf(!existsSync(SHARED))('passes on every file of the shared data set', async () => {
    const r = await check([SHARED]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nOK: 48 files, \d+ rows, all usable\n$/);
    expect(r.stdout).toMatch(/\n5m\/ZEC-USDT_5m\.csv\.gz +5m +78912 /);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Keeps the gzip import honest: a compressed copy of a good excerpt passes too.
it('passes on a gzip of a good excerpt', async () => {
  const r = await checkFile(gzipSync(`${lines.join('\n')}\n`), 'SOL-USDT_1h.csv.gz');
  expect([r.code, r.stderr]).toEqual([0, '']);
});
