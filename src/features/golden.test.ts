// Golden values: every feature on real candles (test/fixtures/features, see its README) against a reference
// written here from the definitions in docs/strategy.md — plain arrays, slices and two-pass statistics, nothing
// imported from the feature code — to ≤ 1e-12 relative.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, FeatureSet, computeFeatures, featureColumn } from './feature-set.js';

interface Bars {
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

function readFixture(name: string): Bars {
  const path = fileURLToPath(new URL(`../../test/fixtures/features/${name}`, import.meta.url));
  const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const cols = rows.map((r) => r.split(',').map(Number));
  const col = (j: number): number[] => cols.map((c) => c[j] as number);
  return { high: col(2), low: col(3), close: col(4), volume: col(5) };
}

// ---- reference implementation -------------------------------------------------------------------------------
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function stdev(xs: number[], ddof: number): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - ddof));
}
const allEqual = (xs: number[]): boolean => xs.every((x) => x === xs[0]);
const logReturns = (c: number[]): number[] =>
  c.map((x, i) => (i === 0 ? NaN : Math.log(x / (c[i - 1] as number))));

function refReturn(c: number[], k: number): number[] {
  return c.map((x, i) => (i < k ? NaN : Math.log(x / (c[i - k] as number))));
}

function refEmaZ(c: number[], n: number): number[] {
  const alpha = 2 / (n + 1);
  const r = logReturns(c);
  let ema = c[0] as number;
  return c.map((x, i) => {
    if (i > 0) ema = ema + alpha * (x - ema);
    if (i < n) return NaN;
    const window = r.slice(i - n + 1, i + 1);
    const sigma = allEqual(window) ? 0 : stdev(window, 1);
    // Standard deviation of (x − EMA) for a random walk with step σ: σ·(n − 1)/(2·√n).
    return sigma === 0 ? 0 : Math.log(x / ema) / ((sigma * (n - 1)) / (2 * Math.sqrt(n)));
  });
}

function wilder(xs: number[], n: number): number[] {
  // xs[0] is NaN (no change on the first bar); the seed is the mean of xs[1..n].
  const out: number[] = xs.map(() => NaN);
  let avg = NaN;
  for (let i = n; i < xs.length; i++) {
    avg = i === n ? mean(xs.slice(1, n + 1)) : (avg * (n - 1) + (xs[i] as number)) / n;
    out[i] = avg;
  }
  return out;
}

function refRsi(c: number[], n: number): number[] {
  const d = c.map((x, i) => (i === 0 ? NaN : x - (c[i - 1] as number)));
  const g = wilder(
    d.map((x) => (Number.isNaN(x) ? NaN : Math.max(x, 0))),
    n,
  );
  const l = wilder(
    d.map((x) => (Number.isNaN(x) ? NaN : Math.max(-x, 0))),
    n,
  );
  return c.map((_, i) => {
    const gi = g[i] as number;
    const li = l[i] as number;
    if (Number.isNaN(gi)) return NaN;
    if (gi === 0 && li === 0) return 50;
    return 100 - 100 / (1 + gi / li);
  });
}

function refBollinger(c: number[], n: number): number[] {
  return c.map((x, i) => {
    if (i < n - 1) return NaN;
    const w = c.slice(i - n + 1, i + 1);
    if (allEqual(w)) return 0;
    const sd = stdev(w, 0);
    return (x - mean(w)) / (2 * sd);
  });
}

function refRvol(c: number[], n: number): number[] {
  const r = logReturns(c);
  return c.map((_, i) => {
    if (i < n) return NaN;
    const w = r.slice(i - n + 1, i + 1);
    return allEqual(w) ? 0 : stdev(w, 1);
  });
}

function refAtrPct(b: Bars, n: number): number[] {
  const tr = b.close.map((_, i) => {
    if (i === 0) return NaN;
    const pc = b.close[i - 1] as number;
    const h = b.high[i] as number;
    const l = b.low[i] as number;
    return Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
  });
  return wilder(tr, n).map((a, i) => a / (b.close[i] as number));
}

function refDrawdown(c: number[], n: number): number[] {
  return c.map((x, i) => (i < n - 1 ? NaN : x / Math.max(...c.slice(i - n + 1, i + 1)) - 1));
}

function refVolumeRatio(v: number[], n: number): number[] {
  return v.map((x, i) => {
    if (i < n - 1) return NaN;
    const m = mean(v.slice(i - n + 1, i + 1));
    return m === 0 ? 1 : x / m;
  });
}

function reference(b: Bars, tier: number): Record<(typeof FEATURE_NAMES)[number], number[]> {
  const c = b.close;
  return {
    ret_1h: refReturn(c, 1),
    ret_3h: refReturn(c, 3),
    ret_6h: refReturn(c, 6),
    ret_24h: refReturn(c, 24),
    zscore_ema_24: refEmaZ(c, 24),
    zscore_ema_72: refEmaZ(c, 72),
    rsi_14: refRsi(c, 14),
    bb_pos_20: refBollinger(c, 20),
    rvol_24: refRvol(c, 24),
    atr_pct_14: refAtrPct(b, 14),
    drawdown_168: refDrawdown(c, 168),
    volume_ratio_24: refVolumeRatio(b.volume, 24),
    tier: c.map(() => tier),
  };
}

// ---- checks ---------------------------------------------------------------------------------------------------
/** The warm-ups the definitions imply: seed weight of EMA/Wilder below 1e-3, windows full. */
const EXPECTED_WARMUPS = [1, 3, 6, 24, 83, 249, 108, 19, 24, 108, 167, 23, 0];

describe('feature warm-ups', () => {
  it('are declared as the definitions imply', () => {
    expect(new FeatureSet(1).warmups).toEqual(EXPECTED_WARMUPS);
    expect(new FeatureSet(1).warmup).toBe(249);
    // (1 − α)^k ≤ 1e-3 with α = 2/(span + 1); ((n − 1)/n)^k ≤ 1e-3 after the Wilder seed.
    expect((23 / 25) ** 83).toBeLessThanOrEqual(1e-3);
    expect((23 / 25) ** 82).toBeGreaterThan(1e-3);
    expect((71 / 73) ** 249).toBeLessThanOrEqual(1e-3);
    expect((71 / 73) ** 248).toBeGreaterThan(1e-3);
    expect((13 / 14) ** 94).toBeLessThanOrEqual(1e-3);
    expect((13 / 14) ** 93).toBeGreaterThan(1e-3);
  });
});

describe.each([
  ['BTC-USDT_1h.csv', 1],
  ['ZEC-USDT_5m.csv', 3],
] as const)('golden values on %s', (file, tier) => {
  const bars = readFixture(file);
  const m = computeFeatures(
    {
      coin: 'X',
      interval: '1h',
      intervalMs: 3_600_000,
      length: bars.close.length,
      time: new Float64Array(bars.close.length),
      open: new Float64Array(bars.close),
      high: new Float64Array(bars.high),
      low: new Float64Array(bars.low),
      close: new Float64Array(bars.close),
      volume: new Float64Array(bars.volume),
    },
    tier,
  );
  const ref = reference(bars, tier);

  it.each(FEATURE_NAMES.map((name, j) => [name, j] as const))(
    '%s matches the reference to 1e-12',
    (name, j) => {
      const got = featureColumn(m, name);
      const want = ref[name];
      const warmup = EXPECTED_WARMUPS[j] as number;
      let checked = 0;
      for (let i = warmup; i < got.length; i++) {
        const g = got[i] as number;
        const w = want[i] as number;
        expect(Number.isFinite(w), `reference ${name}[${i}]`).toBe(true);
        const tol = 1e-12 * Math.max(Math.abs(g), Math.abs(w));
        if (Math.abs(g - w) > tol) expect.fail(`${name}[${i}]: ${g} vs reference ${w}`);
        checked++;
      }
      expect(checked).toBe(got.length - warmup);
      expect(checked).toBeGreaterThanOrEqual(151);
      for (let i = 0; i < warmup; i++) expect(got[i]).toBeNaN();
    },
  );
});

describe('quiet bars (ZEC 5m fixture)', () => {
  it('holds zero-volume and flat bars, and the features stay finite through them', () => {
    const b = readFixture('ZEC-USDT_5m.csv');
    expect(b.volume.filter((v) => v === 0).length).toBe(22);
    expect(b.close.filter((c, i) => c === b.high[i] && c === b.low[i]).length).toBeGreaterThanOrEqual(40);
  });
});
