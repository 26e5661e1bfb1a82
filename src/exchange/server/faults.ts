// Faults the local exchange injects on request, for testing clients against the failures seen live: a share of
// HTTP 500s (request not handled), of timeouts (the request is swallowed: never handled, never answered), and of
// accepted orders whose answer is dropped (the order exists, the connection is reset). Seeded: the same seed
// gives the same faults for the same sequence of requests.
import { seededRandom, type Random } from '../../core/random.js';

export interface FaultOptions {
  /** Share of requests answered HTTP 500 without being handled, in [0, 1]. */
  readonly error500?: number;
  /** Share of requests never answered (and not handled). */
  readonly timeout?: number;
  /** Share of accepted orders whose answer is dropped (connection reset after the order was placed). */
  readonly dropAcceptedOrder?: number;
  readonly seed?: number;
  /** Only requests to these paths are faulted (default: all). */
  readonly onlyPaths?: readonly string[];
}

export type RequestFault = 'none' | 'error500' | 'timeout';

export interface FaultCounts {
  error500: number;
  timeout: number;
  dropAcceptedOrder: number;
}

export class FaultInjector {
  readonly #opts: FaultOptions;
  readonly #random: Random;
  readonly counts: FaultCounts = { error500: 0, timeout: 0, dropAcceptedOrder: 0 };

  constructor(opts: FaultOptions = {}) {
    for (const [k, v] of Object.entries(opts)) {
      if (k !== 'seed' && k !== 'onlyPaths' && (typeof v !== 'number' || !(v >= 0 && v <= 1))) {
        throw new RangeError(`fault share ${k}=${String(v)} is not in [0, 1]`);
      }
    }
    this.#opts = opts;
    this.#random = seededRandom(opts.seed ?? 1);
  }

  /** What happens to a request before it is handled. */
  beforeHandling(path: string): RequestFault {
    if (this.#opts.onlyPaths !== undefined && !this.#opts.onlyPaths.includes(path)) return 'none';
    const r = this.#random();
    const p500 = this.#opts.error500 ?? 0;
    if (r < p500) {
      this.counts.error500++;
      return 'error500';
    }
    if (r < p500 + (this.#opts.timeout ?? 0)) {
      this.counts.timeout++;
      return 'timeout';
    }
    return 'none';
  }

  /** Whether the answer to an accepted order is dropped. */
  dropAcceptedOrder(): boolean {
    const p = this.#opts.dropAcceptedOrder ?? 0;
    if (p === 0 || this.#random() >= p) return false;
    this.counts.dropAcceptedOrder++;
    return true;
  }
}
