import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { MINUTE_MS, intervalMs } from '../core/time.js';
import { candleAt, seriesFromCandles, type Candle, type CandleSeries } from './candles.js';
import { readCandleFile } from './candle-file.js';
import { Resampler, resample } from './resample.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/data/btc-2025-04-06/', import.meta.url));
const M5 = 5 * MINUTE_MS;
const T0 = Date.parse('2025-01-01T00:00:00Z');

const bar = (i: number, o: number, h: number, l: number, c: number, v: number): Candle => ({
  time: T0 + i * M5,
  open: o,
  high: h,
  low: l,
  close: c,
  volume: v,
});
const fine = (bars: readonly Candle[]): CandleSeries => seriesFromCandles('BTC', '5m', M5, bars);
const bars = (s: CandleSeries): Candle[] => Array.from({ length: s.length }, (_, i) => candleAt(s, i));

describe('resample', () => {
  it('aggregates 5m into 15m by hand: first open, max high, min low, last close, summed volume', () => {
    const s = fine([
      bar(0, 10, 12, 9, 11, 1),
      bar(1, 11, 15, 10, 14, 2),
      bar(2, 14, 14, 8, 9, 3),
      bar(3, 9, 10, 7, 8, 4),
      bar(4, 8, 20, 8, 19, 5),
      bar(5, 19, 19, 18, 18, 6),
    ]);
    const out = resample(s, '15m');
    expect([out.coin, out.interval, out.intervalMs, out.length]).toEqual(['BTC', '15m', 15 * MINUTE_MS, 2]);
    expect(bars(out)).toEqual([
      { time: T0, open: 10, high: 15, low: 8, close: 9, volume: 6 },
      { time: T0 + 15 * MINUTE_MS, open: 9, high: 20, low: 7, close: 18, volume: 15 },
    ]);
  });

  it('aligns buckets to UTC boundaries, not to the first bar', () => {
    // Starts at 00:10: the 00:00 bucket holds only its last bar (dropped: the data start inside it), then 00:15
    // is whole, 00:30 unfinished.
    const s = fine([bar(2, 5, 6, 4, 5, 1), bar(3, 5, 7, 5, 6, 1), bar(4, 6, 6, 6, 6, 1), bar(5, 6, 8, 6, 7, 1), bar(6, 7, 7, 7, 7, 1)]);
    expect(bars(resample(s, '15m'))).toEqual([
      { time: T0 + 15 * MINUTE_MS, open: 5, high: 8, low: 5, close: 7, volume: 3 },
    ]);
  });

  it('drops an incomplete leading bucket, in batch and streaming alike (a 5m file from 00:35 has no 00:00 bar)', () => {
    // 5m bars from 00:35 to 02:00: the 00:00 hour has 5 of its 12 bars and is dropped; 01:00 is whole; the
    // 02:00 hour is unfinished.
    const from35 = fine(Array.from({ length: 18 }, (_, k) => bar(7 + k, 100 + k, 101 + k, 99 + k, 100.5 + k, 1)));
    const r = new Resampler('5m', '1h');
    const streamed = bars(from35).flatMap((c) => r.push(c));
    expect(streamed).toEqual([{ time: T0 + 60 * MINUTE_MS, open: 105, high: 117, low: 104, close: 116.5, volume: 12 }]);
    expect(r.incompleteBuckets).toBe(0);
    expect(bars(resample(from35, '1h'))).toEqual(streamed);
    // Starting on the boundary, the first hour is kept whole.
    const from00 = fine(Array.from({ length: 12 }, (_, k) => bar(k, 100 + k, 101 + k, 99 + k, 100.5 + k, 1)));
    expect(bars(resample(from00, '1h'))).toEqual([{ time: T0, open: 100, high: 112, low: 99, close: 111.5, volume: 12 }]);
    // A leading bucket with a bar missing is dropped too (a late start cannot be told from a gap); later buckets
    // with a bar missing are emitted from the bars present.
    const gappy = fine([0, 2, 3, 5].map((k) => bar(k, k, k, k, k, 1)));
    expect(bars(resample(gappy, '15m'))).toEqual([{ time: T0 + 15 * MINUTE_MS, open: 3, high: 5, low: 3, close: 5, volume: 2 }]);
  });

  it('builds a bucket with missing bars from the bars present, drops the unfinished tail, keeps gaps as gaps', () => {
    const s = fine([
      bar(-3, 1, 1, 1, 1, 1), // a whole leading bucket (23:45): a leading bucket is emitted only when whole
      bar(-2, 1, 1, 1, 1, 1),
      bar(-1, 1, 1, 1, 1, 1),
      bar(0, 1, 2, 1, 2, 1), // 00:00 bucket without its middle bar: complete when 00:10 arrives
      bar(2, 2, 3, 2, 3, 1),
      bar(3, 3, 4, 3, 4, 1), // 00:15 bucket lacks its last bar: emitted when 00:45 arrives
      bar(4, 4, 5, 4, 5, 1),
      // no bar at all in the 00:30 bucket
      bar(9, 9, 9, 9, 9, 1), // 00:45 bucket, unfinished at the end: dropped
    ]);
    const r = new Resampler('5m', '15m');
    const streamed = s.time.reduce<Candle[]>((acc, _, i) => [...acc, ...r.push(candleAt(s, i))], []);
    expect(streamed.map((c) => (c.time - T0) / MINUTE_MS)).toEqual([-15, 0, 15]);
    expect(streamed[2]).toEqual({ time: T0 + 15 * MINUTE_MS, open: 3, high: 5, low: 3, close: 5, volume: 2 });
    expect(r.incompleteBuckets).toBe(2);
    expect(bars(resample(s, '15m'))).toEqual(streamed);
  });

  it('emits a coarse bar only at its close: on its last fine bar, or when a later bucket starts', () => {
    const r = new Resampler('5m', '15m');
    expect(r.push(bar(0, 1, 1, 1, 1, 1))).toEqual([]);
    expect(r.push(bar(1, 1, 1, 1, 1, 1))).toEqual([]);
    expect(r.push(bar(2, 1, 1, 1, 1, 1)).map((c) => c.time)).toEqual([T0]); // closes at 00:15 with this bar
    expect(r.push(bar(3, 2, 2, 2, 2, 1))).toEqual([]);
    // 00:20 and 00:25 never come: the 00:15 bucket is known complete only when the 00:30 bar arrives.
    expect(r.push(bar(6, 3, 3, 3, 3, 1)).map((c) => c.time)).toEqual([T0 + 15 * MINUTE_MS]);
    // A bar that both ends an unfinished bucket and completes its own returns two, oldest first.
    const q = new Resampler('5m', '15m');
    for (const k of [0, 1, 2, 3]) q.push(bar(k, 1, 1, 1, 1, 1));
    expect(q.push(bar(8, 2, 2, 2, 2, 1)).map((c) => (c.time - T0) / MINUTE_MS)).toEqual([15, 30]);
    // The leading bucket is the exception: never seen whole, it is dropped when the next one starts.
    const lead = new Resampler('5m', '15m');
    lead.push(bar(1, 1, 1, 1, 1, 1));
    expect(lead.push(bar(5, 2, 2, 2, 2, 1)).map((c) => (c.time - T0) / MINUTE_MS)).toEqual([15]);
  });

  it('refuses a target that is not a whole multiple, weekly bars, and bars out of order or off the grid', () => {
    expect(() => new Resampler('5m', '7m')).toThrow('cannot resample 5m to 7m: 7m is not a whole multiple of 5m');
    expect(() => new Resampler('1h', '30m')).toThrow(InputError);
    expect(() => new Resampler('1d', '1w')).toThrow(/weekly bars are not supported/);
    expect(() => new Resampler('5m', 'hourly')).toThrow('"hourly" is not an interval');
    expect(() => resample(fine([bar(0, 1, 1, 1, 1, 1)]), '12m')).toThrow(InputError);
    const r = new Resampler('5m', '1h');
    r.push(bar(1, 1, 1, 1, 1, 1));
    expect(() => r.push(bar(1, 1, 1, 1, 1, 1))).toThrow('5m bar at 2025-01-01T00:05:00Z is not after the previous');
    expect(() => r.push({ ...bar(2, 1, 1, 1, 1, 1), time: T0 + 11 * MINUTE_MS })).toThrow('is not on the 5m grid');
  });

  it('reproduces Binance 1h BTC bars from its 5m bars (two real days)', async () => {
    const m5 = await readCandleFile(`${FIXTURE}BTC-USDT_5m.csv`);
    const h1 = await readCandleFile(`${FIXTURE}BTC-USDT_1h.csv`);
    expect([m5.length, h1.length]).toEqual([576, 48]);
    const out = resample(m5, '1h');
    expect(out.length).toBe(48);
    expect([...out.time]).toEqual([...h1.time]);
    // Prices are exact. Binance sums volume in decimal; we sum doubles, which can differ in the last bit or two.
    for (const k of ['open', 'high', 'low', 'close'] as const) expect([...out[k]]).toEqual([...h1[k]]);
    for (let i = 0; i < out.length; i++) {
      const rel = Math.abs((out.volume[i] as number) - (h1.volume[i] as number)) / (h1.volume[i] as number);
      expect(rel).toBeLessThan(1e-12);
    }
  });
});

describe('resample properties', () => {
  // Random 5m series: sane bars on the 5m grid, with random holes.
  const series = fc
    .array(
      fc.record({
        skip: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 30 })),
        a: fc.integer({ min: 1, max: 1000 }),
        b: fc.integer({ min: 1, max: 1000 }),
        c: fc.integer({ min: 1, max: 1000 }),
        d: fc.integer({ min: 1, max: 1000 }),
        v: fc.integer({ min: 0, max: 10_000 }),
      }),
      { maxLength: 200 },
    )
    .chain((rows) => fc.tuple(fc.constant(rows), fc.integer({ min: 0, max: 287 })))
    .map(([rows, start]) => {
      let i = start;
      const candles = rows.map((r) => {
        i += r.skip;
        const [l, o, c, h] = [r.a, r.b, r.c, r.d].sort((x, y) => x - y) as [number, number, number, number];
        return bar(i++, o, h, l, c, r.v / 100);
      });
      return fine(candles);
    });
  const target = fc.constantFrom('5m', '15m', '30m', '1h', '2h', '4h');

  it('batch equals streaming', () => {
    fc.assert(
      fc.property(series, target, (s, t) => {
        const r = new Resampler('5m', t);
        const streamed: Candle[] = [];
        for (let i = 0; i < s.length; i++) streamed.push(...r.push(candleAt(s, i)));
        expect(bars(resample(s, t))).toEqual(streamed);
      }),
    );
  });

  it('has no look-ahead: truncating the input never changes an earlier output bar', () => {
    fc.assert(
      fc.property(series, target, fc.nat(), (s, t, cut) => {
        const full = bars(resample(s, t));
        const k = s.length === 0 ? 0 : cut % (s.length + 1);
        const head = { ...s, length: k, time: s.time.subarray(0, k) }; // other columns are read only below k
        const partial = bars(resample(head, t));
        expect(partial).toEqual(full.slice(0, partial.length));
        // Every bar emitted from the truncated input had closed by the close of its last bar.
        const known = k === 0 ? -Infinity : (s.time[k - 1] as number) + M5;
        for (const c of partial) expect(c.time + (intervalMs(t) as number)).toBeLessThanOrEqual(known);
      }),
    );
  });

  it('each coarse bar aggregates exactly the fine bars of its UTC bucket', () => {
    fc.assert(
      fc.property(series, target, (s, t) => {
        const step = intervalMs(t) as number;
        const out = bars(resample(s, t));
        const input = bars(s);
        let prev = -Infinity;
        for (const c of out) {
          expect(c.time % step).toBe(0);
          expect(c.time).toBeGreaterThan(prev);
          prev = c.time;
          const members = input.filter((f) => f.time >= c.time && f.time < c.time + step);
          expect(members.length).toBeGreaterThan(0);
          expect(c.open).toBe(members[0]?.open);
          expect(c.close).toBe(members.at(-1)?.close);
          expect(c.high).toBe(Math.max(...members.map((f) => f.high)));
          expect(c.low).toBe(Math.min(...members.map((f) => f.low)));
          expect(c.volume).toBe(members.reduce((sum, f) => sum + f.volume, 0));
          for (const f of members) expect(c.high >= f.high && c.low <= f.low && c.low <= c.high).toBe(true);
        }
        // Every bucket with a bar is emitted, except an unfinished last one and an incomplete first one.
        const bucketOf = (f: Candle): number => Math.floor(f.time / step) * step;
        const buckets = [...new Set(input.map(bucketOf))];
        const last = input.at(-1);
        const lastDone = last === undefined || (last.time + M5) % step === 0;
        const firstWhole = input.filter((f) => bucketOf(f) === buckets[0]).length === step / M5;
        const expected = buckets.filter(
          (b, i) => !(i === 0 && !firstWhole) && !(i === buckets.length - 1 && !lastDone),
        );
        expect(out.map((c) => c.time)).toEqual(expected);
      }),
    );
  });
});
