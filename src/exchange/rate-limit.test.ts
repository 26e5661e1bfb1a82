import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { RateLimiter, SlidingWindow } from './rate-limit.js';

function limiter(
  calls: number,
  orders: number | null,
): { l: RateLimiter; clock: ManualClock; slept: number[] } {
  const clock = new ManualClock(1_000_000);
  const slept: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    slept.push(ms);
    clock.advance(ms);
    return Promise.resolve();
  };
  return {
    l: new RateLimiter({ callsPerMinute: calls, ordersPerMinute: orders, clock, sleep }),
    clock,
    slept,
  };
}

describe('SlidingWindow', () => {
  it('admits `limit` events per rolling window, then the next when the oldest leaves', () => {
    const w = new SlidingWindow(2, 60_000);
    expect(w.tryTake(0)).toBe(true);
    expect(w.tryTake(10_000)).toBe(true);
    expect(w.tryTake(20_000)).toBe(false);
    expect(w.nextFree(20_000)).toBe(60_000);
    expect(w.tryTake(60_000)).toBe(true);
    expect(w.tryTake(60_001)).toBe(false);
    expect(w.tryTake(70_000)).toBe(true);
  });
});

describe('RateLimiter', () => {
  it('never lets more than 25 calls into any rolling minute', async () => {
    const { l, clock } = limiter(25, null);
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      await l.acquire('call');
      times.push(clock.now());
    }
    for (let i = 25; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 25] ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect((times[99] ?? 0) - (times[0] ?? 0)).toBe(3 * 60_000); // and no slower than that
  });

  it('holds orders to one a minute while calls flow, and counts orders as calls too', async () => {
    const { l, clock } = limiter(3, 1);
    await l.acquire('order');
    const t0 = clock.now();
    await l.acquire('call');
    await l.acquire('call');
    expect(clock.now()).toBe(t0); // three calls fit, one of them the order
    await l.acquire('order');
    expect(clock.now()).toBe(t0 + 60_000);
  });

  it('serves concurrent callers one at a time, so they cannot overshoot together', async () => {
    const { l, clock } = limiter(2, null);
    const done: number[] = [];
    await Promise.all([1, 2, 3, 4].map(async () => l.acquire('call').then(() => done.push(clock.now()))));
    expect(done).toEqual([1_000_000, 1_000_000, 1_060_000, 1_060_000]);
  });
});
