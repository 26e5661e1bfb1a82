import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/time.js';
import type { Candle } from './candles.js';
import { barProblem, countGaps, findBarProblem } from './download-validate.js';

const T = Date.UTC(2025, 8, 30);
const bar = (h: number, over: Partial<Candle> = {}): Candle => ({
  time: T + h * HOUR_MS,
  open: 100,
  high: 110,
  low: 90,
  close: 105,
  volume: 1.5,
  ...over,
});

describe('barProblem', () => {
  it('accepts a sane bar, a flat bar and zero volume', () => {
    expect(barProblem(bar(0), HOUR_MS)).toBeUndefined();
    expect(barProblem(bar(0, { open: 5, high: 5, low: 5, close: 5, volume: 0 }), HOUR_MS)).toBeUndefined();
  });

  it.each([
    [{ high: 80 }, 'high 80 is below low 90'],
    [{ high: 104 }, 'high 104 is below close 105'],
    [{ low: 101 }, 'low 101 is above open 100'],
    [{ open: 0 }, 'open 0 is not a positive price'],
    [{ low: -1 }, 'low -1 is not a positive price'],
    [{ close: Number.NaN }, 'close NaN is not a positive price'],
    [{ high: Number.POSITIVE_INFINITY }, 'high Infinity is not a positive price'],
    [{ volume: -0.5 }, 'volume -0.5 is negative'],
    [{ time: T + 1 }, 'open time is not aligned to the interval'],
    [{ time: 1.5 }, 'open time 1.5 is not an epoch-ms integer'],
  ])('rejects %j: %s', (over, reason) => {
    expect(barProblem(bar(0, over), HOUR_MS)).toBe(reason);
  });
});

describe('findBarProblem', () => {
  it('accepts strictly increasing bars, gaps included', () => {
    expect(findBarProblem([bar(0), bar(1), bar(5)], HOUR_MS)).toBeUndefined();
  });

  it('names duplicates and disorder with the bar and its index', () => {
    expect(findBarProblem([bar(0), bar(1), bar(1)], HOUR_MS)).toEqual({
      index: 2,
      time: T + HOUR_MS,
      reason: 'duplicate open time',
    });
    expect(findBarProblem([bar(0), bar(2), bar(1)], HOUR_MS)?.reason).toBe(
      "open time before the previous bar's (2025-09-30T02:00:00Z): unsorted",
    );
  });

  it('checks the first bar against the open time it must follow', () => {
    expect(findBarProblem([bar(3)], HOUR_MS, T + 3 * HOUR_MS)?.index).toBe(0);
    expect(findBarProblem([bar(3)], HOUR_MS, T + 2 * HOUR_MS)).toBeUndefined();
  });

  it('reports a bad bar before an order problem later on', () => {
    expect(findBarProblem([bar(0), bar(1, { low: 200 }), bar(1)], HOUR_MS)?.index).toBe(1);
  });
});

describe('countGaps', () => {
  it('counts runs of missing bars and the bars missing', () => {
    const times = [0, 1, 2, 5, 6, 8].map((h) => T + h * HOUR_MS);
    expect(countGaps(times, HOUR_MS)).toEqual({ gaps: 2, missingBars: 3 });
    expect(countGaps([T, T + HOUR_MS], HOUR_MS)).toEqual({ gaps: 0, missingBars: 0 });
    expect(countGaps([], HOUR_MS)).toEqual({ gaps: 0, missingBars: 0 });
  });
});
