// Rate limits over a rolling window. The client waits for a free slot before every attempt (retries included),
// so it never causes the 429s seen live; the local exchange uses the same window to answer 429 past its limit.
// Time and sleeping are injected: tests run a minute of waiting in no time.
import type { Clock } from '../core/clock.js';
import { MINUTE_MS } from '../core/time.js';

/** Times of the last `limit` events within `windowMs`. */
export class SlidingWindow {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #times: number[] = [];

  constructor(limit: number, windowMs = MINUTE_MS) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit ${limit} is not an integer ≥ 1`);
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** When the next event may happen: `now` if there is room, else when the oldest event leaves the window. */
  nextFree(now: number): number {
    this.#prune(now);
    if (this.#times.length < this.#limit) return now;
    return (this.#times[0] as number) + this.#windowMs;
  }

  /** Records an event at `now` if there is room; false (and nothing recorded) otherwise. */
  tryTake(now: number): boolean {
    if (this.nextFree(now) > now) return false;
    this.#times.push(now);
    return true;
  }

  #prune(now: number): void {
    while (this.#times.length > 0 && (this.#times[0] as number) + this.#windowMs <= now) this.#times.shift();
  }
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface RateLimiterOptions {
  readonly callsPerMinute: number;
  /** null: no separate order limit. */
  readonly ordersPerMinute: number | null;
  readonly clock: Clock;
  readonly sleep: Sleep;
}

/**
 * One limiter for every request of a client. `acquire('order')` takes a call slot and an order slot at the same
 * instant. Callers are served one at a time, in arrival order, so concurrent requests cannot overshoot.
 */
export class RateLimiter {
  readonly #calls: SlidingWindow;
  readonly #orders: SlidingWindow | undefined;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  #queue: Promise<void> = Promise.resolve();

  constructor(opts: RateLimiterOptions) {
    this.#calls = new SlidingWindow(opts.callsPerMinute);
    this.#orders = opts.ordersPerMinute === null ? undefined : new SlidingWindow(opts.ordersPerMinute);
    this.#clock = opts.clock;
    this.#sleep = opts.sleep;
  }

  acquire(kind: 'call' | 'order'): Promise<void> {
    const turn = this.#queue.then(() => this.#wait(kind));
    // A failed wait (a throwing sleep) must not block everyone behind it.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #wait(kind: 'call' | 'order'): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      const orders = kind === 'order' ? this.#orders : undefined;
      const at = Math.max(this.#calls.nextFree(now), orders?.nextFree(now) ?? now);
      if (at <= now) {
        this.#calls.tryTake(now);
        orders?.tryTake(now);
        return;
      }
      await this.#sleep(at - now);
    }
  }
}
