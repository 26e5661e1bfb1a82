// `algobot features` exports exactly what the live bot computes: each row equals the streaming FeatureSet's value
// at that decision time, rows start only after warm-up, and --from/--to filter rows without cutting history.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCandleFile } from '../src/data/candle-file.js';
import { candleAt } from '../src/data/candles.js';
import { FEATURE_COUNT, FEATURE_NAMES, FeatureSet } from '../src/features/index.js';
import { runCli } from './helpers/run-cli.js';

const HOUR = 3_600_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'algobot-features-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function exportRows(args: string[]): Promise<{ header: string[]; rows: string[][]; stdout: string }> {
  const out = join(dir, `f-${Math.random().toString(36).slice(2)}.csv`);
  const r = await runCli(['features', '--config', 'config/config.yaml', ...args, '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
  return {
    header: (lines[0] ?? '').split(','),
    rows: lines.slice(1).map((l) => l.split(',')),
    stdout: r.stdout,
  };
}

describe('algobot features', () => {
  it('writes timestamp, asset and the 13 features; each row equals the streaming computation at that time', async () => {
    const { header, rows, stdout } = await exportRows([
      '--from',
      '2025-06-01T00:00',
      '--to',
      '2025-06-01T05:00',
    ]);
    expect(header).toEqual(['timestamp', 'asset', ...FEATURE_NAMES]);
    expect(header).toHaveLength(2 + 13);
    // 12 coins × 6 decision times (00:00 … 05:00 inclusive).
    expect(rows).toHaveLength(72);
    expect(stdout).toContain('72 rows');
    expect(rows[0]?.slice(0, 2)).toEqual([String(Date.UTC(2025, 5, 1)), 'BTC']);
    const times = rows.map((r) => Number(r[0]));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Independent path: feed SOL's bars one by one through a FeatureSet up to the bar that closes at 03:00.
    const sol = await readCandleFile('data/sample/1h/SOL-USDT_1h.csv.gz');
    const decision = Date.UTC(2025, 5, 1, 3);
    const set = new FeatureSet(2);
    const row = new Float64Array(FEATURE_COUNT);
    for (let i = 0; i < sol.length && (sol.time[i] as number) + HOUR <= decision; i++)
      set.update(candleAt(sol, i), row, 0);
    const exported = rows.find((r) => r[0] === String(decision) && r[1] === 'SOL');
    expect(exported?.slice(2).map(Number)).toEqual(Array.from(row));
  });

  it('starts only once every feature has warmed up, and never writes a non-finite value', async () => {
    const { rows } = await exportRows([]);
    const first = Number(rows[0]?.[0]);
    const set = new FeatureSet(1);
    // The sample's first bar opens 2025-04-01T00:00Z; its close is the first possible decision time.
    expect(first).toBe(Date.UTC(2025, 3, 1) + set.warmup * HOUR + HOUR);
    const nonFinite = rows.filter((r) => r.slice(2).some((v) => !Number.isFinite(Number(v))));
    expect(nonFinite).toEqual([]);
    expect(rows.length).toBeGreaterThan(40_000);
  });

  it('rejects a bad date or an inverted range with exit code 2', async () => {
    const bad = await runCli(['features', '--from', 'last tuesday', '--out', join(dir, 'x.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from "last tuesday" is not a date');
    const inverted = await runCli([
      'features',
      '--from',
      '2025-06-02',
      '--to',
      '2025-06-01',
      '--out',
      join(dir, 'x.csv'),
    ]);
    expect(inverted.code).toBe(2);
    expect(inverted.stderr).toContain('is after --to');
  });
});
