// Random OHLCV walks for property tests of streaming calculators: moves of up to ±10 % per bar with wicks, and
// runs of quiet bars (open = high = low = close, zero volume), so flat windows and zero volumes are exercised.
import fc from 'fast-check';
import { HOUR_MS } from '../../src/core/time.js';
import { seriesFromCandles, type Candle, type CandleSeries } from '../../src/data/candles.js';

export type WalkStep =
  | {
      readonly kind: 'move';
      readonly ret: number;
      readonly up: number;
      readonly down: number;
      readonly volume: number;
    }
  | { readonly kind: 'flat'; readonly run: number };

const move: fc.Arbitrary<WalkStep> = fc.record({
  kind: fc.constant('move' as const),
  ret: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
  up: fc.double({ min: 0, max: 0.05, noNaN: true }),
  down: fc.double({ min: 0, max: 0.05, noNaN: true }),
  volume: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
});

const flat: fc.Arbitrary<WalkStep> = fc.record({
  kind: fc.constant('flat' as const),
  run: fc.integer({ min: 1, max: 40 }),
});

/** Steps of a walk: mostly moves, sometimes a run of quiet bars. */
export function walkSteps(minLength: number, maxLength: number): fc.Arbitrary<WalkStep[]> {
  return fc.array(fc.oneof({ weight: 6, arbitrary: move }, { weight: 1, arbitrary: flat }), {
    minLength,
    maxLength,
  });
}

/** Bars of a walk starting from `start` (the previous close), one hour apart from `t0`. */
export function walkCandles(steps: readonly WalkStep[], start = 100, t0 = 0): Candle[] {
  const out: Candle[] = [];
  let prev = start;
  const push = (open: number, high: number, low: number, close: number, volume: number): void => {
    out.push({ time: t0 + out.length * HOUR_MS, open, high, low, close, volume });
    prev = close;
  };
  for (const s of steps) {
    if (s.kind === 'flat') {
      for (let i = 0; i < s.run; i++) push(prev, prev, prev, prev, 0);
    } else {
      const close = prev * Math.exp(s.ret);
      push(prev, Math.max(prev, close) * (1 + s.up), Math.min(prev, close) * (1 - s.down), close, s.volume);
    }
  }
  return out;
}

export function walkSeries(coin: string, steps: readonly WalkStep[], start = 100, t0 = 0): CandleSeries {
  return seriesFromCandles(coin, '1h', HOUR_MS, walkCandles(steps, start, t0));
}

/** The first `n` bars of a series, copied. */
export function headOf(s: CandleSeries, n: number): CandleSeries {
  const m = Math.min(n, s.length);
  return {
    ...s,
    length: m,
    time: s.time.slice(0, m),
    open: s.open.slice(0, m),
    high: s.high.slice(0, m),
    low: s.low.slice(0, m),
    close: s.close.slice(0, m),
    volume: s.volume.slice(0, m),
  };
}

/**
 * The series with bars after index `keep` replaced by `future` bars (their times continue the series' grid):
 * the past is untouched, the future is anything.
 */
export function withFuture(s: CandleSeries, keep: number, future: readonly WalkStep[]): CandleSeries {
  const head = headOf(s, keep + 1);
  const past: Candle[] = [];
  for (let i = 0; i < head.length; i++) {
    past.push({
      time: head.time[i] as number,
      open: head.open[i] as number,
      high: head.high[i] as number,
      low: head.low[i] as number,
      close: head.close[i] as number,
      volume: head.volume[i] as number,
    });
  }
  const last = past[past.length - 1];
  const t0 = last === undefined ? 0 : last.time + s.intervalMs;
  const start = last?.close ?? 100;
  const next = walkCandles(future, start, t0);
  return seriesFromCandles(s.coin, s.interval, s.intervalMs, [...past, ...next]);
}
