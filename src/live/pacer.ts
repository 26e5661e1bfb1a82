// Time for paper and live runs: what time it is in the market, and waiting for a later market time. Live, market
// time is the system clock. Against the local exchange replaying candles at `speed`× (demos, tests), market time
// is that replay's clock, published by the exchange: start + (wall − origin) × speed, so a market hour can pass in
// a second of wall time while the bot's code path stays the same.
import type { Clock } from '../core/clock.js';

export interface Pacer extends Clock {
  /** Market milliseconds per wall millisecond (1 live). */
  readonly speed: number;
  /** Resolves at market time `t` (at once if past), or early when `signal` aborts. */
  sleepUntil(t: number, signal?: AbortSignal): Promise<void>;
}

export interface ReplayMapping {
  /** Market time at wall time `origin`. */
  readonly start: number;
  readonly origin: number;
  readonly speed: number;
}

export class ReplayPacer implements Pacer {
  readonly #m: ReplayMapping;
  readonly #wall: Clock;

  constructor(m: ReplayMapping, wall: Clock) {
    if (!(m.speed > 0)) throw new RangeError(`replay speed ${m.speed} is not positive`);
    this.#m = m;
    this.#wall = wall;
  }

  get speed(): number {
    return this.#m.speed;
  }

  /** Whole milliseconds, like the system clock (records store integer times). */
  now(): number {
    return Math.floor(this.#m.start + (this.#wall.now() - this.#m.origin) * this.#m.speed);
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    const wallMs = (t - this.now()) / this.#m.speed;
    return sleepWall(wallMs, signal);
  }
}

/** The system clock as a pacer (live and real-time paper runs). */
export function systemPacer(wall: Clock): Pacer {
  return new ReplayPacer({ start: 0, origin: 0, speed: 1 }, wall);
}

function sleepWall(ms: number, signal?: AbortSignal): Promise<void> {
  if (!(ms > 0) || signal?.aborted === true) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(finish, Math.ceil(ms));
    function finish(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
}
