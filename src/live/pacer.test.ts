import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { ReplayPacer, systemPacer } from './pacer.js';

const T0 = Date.UTC(2025, 7, 19);

describe('ReplayPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('maps wall time to market time: start + (wall − origin) × speed, in whole milliseconds', () => {
    const wall = new ManualClock(1_000_000);
    const p = new ReplayPacer({ start: T0, origin: 1_000_000, speed: 3600 }, wall);
    expect(p.speed).toBe(3600);
    expect(p.now()).toBe(T0);
    wall.advance(1_000);
    expect(p.now()).toBe(T0 + 3_600_000);
    const q = new ReplayPacer({ start: T0, origin: 0, speed: 1.5 }, new ManualClock(1));
    expect(q.now()).toBe(T0 + 1); // 1.5 floored
    expect(Number.isInteger(q.now())).toBe(true);
  });

  it('sleeps until a market time for (market ms) / speed of wall time', async () => {
    const p = new ReplayPacer({ start: T0, origin: Date.now(), speed: 1000 }, { now: () => Date.now() });
    let done = false;
    const sleeping = p.sleepUntil(T0 + 60_000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(59);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
    expect(p.now()).toBeGreaterThanOrEqual(T0 + 60_000);
  });

  it('resolves at once for a time already past, and early when the signal aborts', async () => {
    const p = new ReplayPacer({ start: T0, origin: Date.now(), speed: 1 }, { now: () => Date.now() });
    let past = false;
    void p.sleepUntil(T0 - 1).then(() => (past = true));
    await Promise.resolve();
    expect(past).toBe(true);

    const stop = new AbortController();
    let woke = false;
    const sleeping = p.sleepUntil(T0 + 3_600_000, stop.signal).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(woke).toBe(false);
    stop.abort();
    await sleeping;
    expect(woke).toBe(true);
    expect(p.now()).toBe(T0 + 1_000);
    // An aborted signal: no sleep at all (and no timer left behind).
    let again = false;
    void p.sleepUntil(T0 + 3_600_000, stop.signal).then(() => (again = true));
    await Promise.resolve();
    expect(again).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a speed that is not positive', () => {
    const wall = new ManualClock(0);
    expect(() => new ReplayPacer({ start: 0, origin: 0, speed: 0 }, wall)).toThrow(RangeError);
    expect(() => new ReplayPacer({ start: 0, origin: 0, speed: -1 }, wall)).toThrow(/not positive/);
    expect(() => new ReplayPacer({ start: 0, origin: 0, speed: NaN }, wall)).toThrow(RangeError);
  });
});

describe('systemPacer', () => {
  it('is the wall clock at speed 1', () => {
    const wall = new ManualClock(T0);
    const p = systemPacer(wall);
    expect(p.speed).toBe(1);
    expect(p.now()).toBe(T0);
    wall.advance(12_345);
    expect(p.now()).toBe(T0 + 12_345);
  });
});
