// Time is injected, never read ambiently: the system clock for live runs, a manual one for backtests and tests.

export interface Clock {
  /** Current time, UTC epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  #t: number;
  constructor(start = 0) {
    this.#t = start;
  }
  now(): number {
    return this.#t;
  }
  set(t: number): void {
    if (t < this.#t) throw new Error(`ManualClock cannot go back in time (${t} < ${this.#t})`);
    this.#t = t;
  }
  advance(ms: number): void {
    this.set(this.#t + ms);
  }
}
