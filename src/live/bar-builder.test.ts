import { describe, expect, it } from 'vitest';
import { TickerBarBuilder } from './bar-builder.js';

const H = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);
/** Polls within 2 minutes of the open and of the close make a complete bar. */
const GAP = 2 * MIN;

const prices = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

describe('TickerBarBuilder', () => {
  it('builds open, high, low and close from the polls of the hour, emitted at the first poll of the next', () => {
    const b = new TickerBarBuilder(['BTC', 'ETH'], H, GAP);
    expect(b.add(T0 + 10_000, prices({ BTC: 100, ETH: 10 }))).toEqual({ closed: [], dropped: [] });
    b.add(T0 + 20 * MIN, prices({ BTC: 105, ETH: 9 }));
    b.add(T0 + 40 * MIN, prices({ BTC: 95, ETH: 11 }));
    b.add(T0 + 59 * MIN, prices({ BTC: 101, ETH: 10.5 }));
    const u = b.add(T0 + H + 5_000, prices({ BTC: 200, ETH: 20 }));
    expect(u.dropped).toEqual([]);
    expect(u.closed).toHaveLength(1);
    const [bar] = u.closed;
    // The event time is the close (as in a replay); each bar's `time` is its open (as in stored candles).
    expect(bar?.time).toBe(T0 + H);
    expect(bar?.bars[0]).toEqual({ time: T0, open: 100, high: 105, low: 95, close: 101, volume: NaN });
    expect(bar?.bars[1]).toEqual({ time: T0, open: 10, high: 11, low: 9, close: 10.5, volume: NaN });
    // The poll after the boundary belongs to the next bar, not to the closed one.
    b.add(T0 + 2 * H - 30_000, prices({ BTC: 201, ETH: 21 }));
    const next = b.add(T0 + 2 * H + 1_000, prices({ BTC: 1, ETH: 1 }));
    expect(next.closed[0]?.bars[0]).toEqual({
      time: T0 + H,
      open: 200,
      high: 201,
      low: 200,
      close: 201,
      volume: NaN,
    });
  });

  it('gives a coin with no price in the hour no bar (a gap), and skips prices that are not positive numbers', () => {
    const b = new TickerBarBuilder(['BTC', 'ETH', 'SOL'], H, GAP);
    b.add(T0 + 1_000, prices({ BTC: 100, ETH: 0 }));
    b.add(T0 + 30 * MIN, prices({ BTC: 101, ETH: -5, SOL: NaN }));
    b.add(T0 + 59 * MIN, prices({ BTC: 102, ETH: Infinity }));
    const u = b.add(T0 + H, prices({ BTC: 103 }));
    expect(u.closed[0]?.bars).toEqual([
      { time: T0, open: 100, high: 102, low: 100, close: 102, volume: NaN },
      undefined,
      undefined,
    ]);
  });

  it('drops a bar whose first poll came too late after the open (started mid-hour), and says why', () => {
    const b = new TickerBarBuilder(['BTC'], H, GAP);
    b.add(T0 + 30 * MIN, prices({ BTC: 100 }));
    b.add(T0 + 59 * MIN, prices({ BTC: 101 }));
    const u = b.add(T0 + H + 1_000, prices({ BTC: 102 }));
    expect(u.closed).toEqual([]);
    expect(u.dropped).toEqual([{ time: T0 + H, reason: 'first poll 1800 s after the open' }]);
    // The next hour, covered from its open, is whole again.
    b.add(T0 + H + 59 * MIN, prices({ BTC: 103 }));
    const v = b.add(T0 + 2 * H, prices({ BTC: 104 }));
    expect(v.dropped).toEqual([]);
    expect(v.closed[0]?.bars[0]).toMatchObject({ time: T0 + H, open: 102, high: 103, close: 103 });
  });

  it('drops a bar whose last poll came too early before the close (held up), and says why', () => {
    const b = new TickerBarBuilder(['BTC'], H, GAP);
    b.add(T0, prices({ BTC: 100 }));
    b.add(T0 + 50 * MIN, prices({ BTC: 101 }));
    const u = b.add(T0 + H + 30_000, prices({ BTC: 102 }));
    expect(u.closed).toEqual([]);
    expect(u.dropped).toEqual([{ time: T0 + H, reason: 'last poll 600 s before the close' }]);
  });

  it('keeps a bar whose polls are exactly the largest gap from the open and the close', () => {
    const b = new TickerBarBuilder(['BTC'], H, GAP);
    b.add(T0 + GAP, prices({ BTC: 100 }));
    b.add(T0 + H - GAP, prices({ BTC: 101 }));
    const u = b.add(T0 + H, prices({ BTC: 102 }));
    expect(u.dropped).toEqual([]);
    expect(u.closed).toHaveLength(1);
  });

  it('ignores a poll that is not later than the last one (duplicate or out of order)', () => {
    const b = new TickerBarBuilder(['BTC'], H, GAP);
    b.add(T0 + 1_000, prices({ BTC: 100 }));
    b.add(T0 + 30 * MIN, prices({ BTC: 110 }));
    expect(b.add(T0 + 30 * MIN, prices({ BTC: 1 }))).toEqual({ closed: [], dropped: [] });
    expect(b.add(T0 + 10 * MIN, prices({ BTC: 1_000 }))).toEqual({ closed: [], dropped: [] });
    b.add(T0 + 59 * MIN, prices({ BTC: 105 }));
    const u = b.add(T0 + H, prices({ BTC: 106 }));
    expect(u.closed[0]?.bars[0]).toEqual({
      time: T0,
      open: 100,
      high: 110,
      low: 100,
      close: 105,
      volume: NaN,
    });
  });

  it('after a gap of several hours emits only the bar that had polls; the empty hours are gaps', () => {
    const b = new TickerBarBuilder(['BTC'], H, GAP);
    b.add(T0, prices({ BTC: 100 }));
    b.add(T0 + H - MIN, prices({ BTC: 101 }));
    const u = b.add(T0 + 3 * H + 30_000, prices({ BTC: 90 }));
    expect(u.closed.map((c) => c.time)).toEqual([T0 + H]);
    expect(u.dropped).toEqual([]);
    b.add(T0 + 4 * H - 30_000, prices({ BTC: 91 }));
    const v = b.add(T0 + 4 * H + 10_000, prices({ BTC: 92 }));
    expect(v.closed.map((c) => [c.time, c.bars[0]?.open])).toEqual([[T0 + 4 * H, 90]]);
  });

  it('does not rebuild bars that exist already (stored candles up to `after`): polls before it are ignored', () => {
    const b = new TickerBarBuilder(['BTC'], H, GAP, T0 + H);
    expect(b.add(T0 + 59 * MIN, prices({ BTC: 100 }))).toEqual({ closed: [], dropped: [] });
    expect(b.add(T0 + H - 1, prices({ BTC: 100 }))).toEqual({ closed: [], dropped: [] });
    b.add(T0 + H, prices({ BTC: 101 }));
    b.add(T0 + 2 * H - MIN, prices({ BTC: 102 }));
    const u = b.add(T0 + 2 * H, prices({ BTC: 103 }));
    expect(u.closed.map((c) => [c.time, c.bars[0]?.open, c.bars[0]?.close])).toEqual([
      [T0 + 2 * H, 101, 102],
    ]);
  });

  it('finds the bar of a time, and refuses an interval or a gap that is not positive', () => {
    const b = new TickerBarBuilder(['BTC'], H, GAP);
    expect(b.intervalMs).toBe(H);
    expect(b.barOpenOf(T0 + H - 1)).toBe(T0);
    expect(b.barOpenOf(T0 + H)).toBe(T0 + H);
    expect(() => new TickerBarBuilder(['BTC'], 0, GAP)).toThrow(RangeError);
    expect(() => new TickerBarBuilder(['BTC'], H, 0)).toThrow(/not positive/);
    expect(() => new TickerBarBuilder(['BTC'], H, NaN)).toThrow(RangeError);
  });
});
