import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/time.js';
import { CandleDataError, readCandleFile } from './candle-file.js';
import { checkCandleFile } from './check.js';

const SAMPLE_BTC = fileURLToPath(new URL('../../data/sample/1h/BTC-USDT_1h.csv.gz', import.meta.url));
const T0 = Date.parse('2025-01-01T00:00:00Z');
const HEADER = 'timestamp,open,high,low,close,volume';
const t = (i: number): number => T0 + i * HOUR_MS;
const row = (i: number, o = 100, h = 102, l = 99, c = 101, v = 5): string => `${t(i)},${o},${h},${l},${c},${v}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algobot-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(lines: readonly string[], name = 'BTC-USDT_1h.csv'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

describe('checkCandleFile', () => {
  it('counts every problem of a damaged file, not just the first', async () => {
    const path = await put([
      HEADER,
      row(0), // line 2
      row(1, 100, 98, 99, 101), // 3: high below low
      row(1), // 4: duplicate
      row(3), // 5: gap of 1
      row(2), // 6: unsorted
      row(4, 0, 102, 0, 101), // 7: zero price (open and low; one row)
      `${t(5)},100,102,99,abc,5`, // 8: not a number
      `${t(6)},100,102,99,101`, // 9: five fields
      row(7, 100, 102, 99, 101, 0), // 10: zero volume, fine
      row(10, 100, 102, 99, 101, -1), // 11: gap of 2, negative volume
    ]);
    const r = await checkCandleFile(path);
    expect(r.rows).toBe(10);
    expect([r.coin, r.interval, r.firstTime, r.lastTime]).toEqual(['BTC', '1h', t(0), t(10)]);
    expect(r.counts).toEqual({
      unreadable: 0,
      empty: 0,
      header: 0,
      fields: 1,
      number: 1,
      timestamp: 0,
      'off-grid': 0,
      duplicate: 1,
      unsorted: 1,
      gap: 2,
      price: 1,
      volume: 1,
      ohlc: 1, // line 3 only: on line 7 the zero low is still ≤ open and close
    });
    expect(r.missingBars).toBe(3);
    expect(r.firstGap).toMatchObject({ line: 5, kind: 'gap', missingBars: 1 });
    expect(r.zeroVolumeBars).toBe(1);
    expect(r.firstProblem).toEqual({ kind: 'ohlc', line: 3, message: 'high 98 is below low 99' });
    expect(r.usable).toBe(false);
  });

  it('counts zero-volume bars without calling the file unusable', async () => {
    const r = await checkCandleFile(await put([HEADER, row(0, 1, 1, 1, 1, 0), row(1, 1, 1, 1, 1, 0), row(2)]));
    expect([r.usable, r.zeroVolumeBars, r.firstProblem]).toEqual([true, 2, undefined]);
  });

  it('treats gaps as problems unless they are allowed, and still counts them', async () => {
    const path = await put([HEADER, row(0), row(1), row(5), row(6)]);
    const strict = await checkCandleFile(path);
    expect(strict.usable).toBe(false);
    expect(strict.firstProblem).toEqual({
      kind: 'gap',
      line: 4,
      message: 'gap: 3 bars missing between 2025-01-01T01:00:00Z and 2025-01-01T05:00:00Z',
      missingBars: 3,
    });
    const lenient = await checkCandleFile(path, { allowGaps: true });
    expect([lenient.usable, lenient.firstProblem, lenient.counts.gap, lenient.missingBars]).toEqual([true, undefined, 1, 3]);
  });

  it('reports an unreadable file instead of throwing', async () => {
    const gz = await readFile(SAMPLE_BTC);
    const path = join(dir, 'BTC-USDT_1h.csv.gz');
    await writeFile(path, gz.subarray(0, gz.length >> 1));
    const r = await checkCandleFile(path);
    expect(r.usable).toBe(false);
    expect(r.counts.unreadable).toBe(1);
    expect(r.firstProblem?.line).toBeUndefined();
    expect(r.firstProblem?.message).toMatch(/^truncated gzip: the compressed data ends early/);
  });

  it('finds nothing wrong in the bundled sample', async () => {
    const r = await checkCandleFile(SAMPLE_BTC);
    expect(r.usable).toBe(true);
    expect(r.rows).toBe(4392);
    expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
    expect([r.firstTime, r.lastTime]).toEqual([Date.parse('2025-04-01T00:00:00Z'), Date.parse('2025-09-30T23:00:00Z')]);
  });

  it('agrees with the strict reader on randomly damaged files: usable exactly when it loads, same first row', async () => {
    const good = Array.from({ length: 12 }, (_, i) => row(i, 100 + i, 103 + i, 99 + i, 101 + i, i));
    const damage = fc.oneof(
      fc.constant(''),
      fc.constant('abc'),
      fc.constant('0'),
      fc.constant('-1'),
      fc.constant('1e999'),
      fc.constant(String(t(3))),
      fc.constant(String(t(20))),
      fc.constant(String(t(0) + 1)),
      fc.integer({ min: 0, max: 300 }).map(String),
    );
    const edit = fc.record({
      line: fc.nat({ max: 11 }),
      op: fc.constantFrom('field', 'delete', 'duplicate', 'swap', 'truncate'),
      field: fc.nat({ max: 5 }),
      text: damage,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { maxLength: 3 }), fc.boolean(), async (edits, allowGaps) => {
        const rows = [...good];
        for (const e of edits) {
          const i = Math.min(e.line, rows.length - 1);
          if (i < 0) break;
          const cells = (rows[i] as string).split(',');
          if (e.op === 'field') cells[e.field] = e.text;
          if (e.op === 'truncate') cells.length = e.field;
          if (e.op === 'field' || e.op === 'truncate') rows[i] = cells.join(',');
          if (e.op === 'delete') rows.splice(i, 1);
          if (e.op === 'duplicate') rows.splice(i, 0, rows[i] as string);
          if (e.op === 'swap' && i + 1 < rows.length) rows.splice(i, 2, rows[i + 1] as string, rows[i] as string);
        }
        const path = await put([HEADER, ...rows], 'ETH-USDT_1h.csv');
        const report = await checkCandleFile(path, { allowGaps });
        const err = await readCandleFile(path, { allowGaps }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(report.usable).toBe(err === undefined);
        if (err !== undefined) {
          expect(err).toBeInstanceOf(CandleDataError);
          const e = err as CandleDataError;
          expect([e.location.line, e.kind, e.detail]).toEqual([
            report.firstProblem?.line,
            report.firstProblem?.kind,
            report.firstProblem?.message,
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
