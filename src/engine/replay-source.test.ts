import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../core/time.js';
import { seriesFromCandles, type Candle } from '../data/candles.js';
import type { MarketEvent } from './events.js';
import { ReplaySource } from './replay-source.js';

const bar = (time: number, close: number): Candle => ({
  time,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

function bars(stepMs: number, count: number, start = 0): Candle[] {
  return Array.from({ length: count }, (_, i) => bar(start + i * stepMs, 100 + i));
}

async function collect(src: ReplaySource): Promise<MarketEvent[]> {
  const out: MarketEvent[] = [];
  for await (const e of src.events()) out.push(e);
  return out;
}

describe('ReplaySource', () => {
  it('emits bars at their close, stop bars before the decision bar of the same instant, warm-up before from', async () => {
    const hourly = [seriesFromCandles('A', '1h', HOUR_MS, bars(HOUR_MS, 3))];
    const fine = [seriesFromCandles('A', '30m', 30 * MINUTE_MS, bars(30 * MINUTE_MS, 6))];
    const events = await collect(new ReplaySource({ decision: hourly, stop: fine, from: 2 * HOUR_MS }));
    expect(events.map((e) => [e.kind, e.time / MINUTE_MS, e.warmup])).toEqual([
      ['decision', 60, true],
      ['stop', 120, false],
      ['decision', 120, false],
      ['stop', 150, false],
      ['stop', 180, false],
      ['decision', 180, false],
    ]);
    // The bar handed over at 180 min is the one that opened at 120 min: known only at its close.
    expect(events[5]?.bars[0]?.time).toBe(2 * HOUR_MS);
  });

  it('gives undefined for a coin without a bar at that close (listed later), and stops at `to`', async () => {
    const a = seriesFromCandles('A', '1h', HOUR_MS, bars(HOUR_MS, 4));
    const b = seriesFromCandles('B', '1h', HOUR_MS, bars(HOUR_MS, 2, 2 * HOUR_MS));
    const src = new ReplaySource({ decision: [a, b], to: 3 * HOUR_MS });
    const events = await collect(src);
    expect(events.map((e) => [e.time / HOUR_MS, e.bars.map((x) => x?.close ?? null)])).toEqual([
      [1, [100, null]],
      [2, [101, null]],
      [3, [102, 100]],
    ]);
    expect(src.decisionTimes()).toEqual([HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS]);
  });
});
