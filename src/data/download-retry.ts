// Bounded retries with jittered exponential backoff for exchange reads. Only reads are retried (a kline request
// is idempotent); the caller decides what is retryable through the error's `retryable` flag.
import { RuntimeFailure, errorMessage } from '../core/errors.js';

/** A failed exchange read. `retryAfterMs` is the server's own hint (HTTP Retry-After), when it gave one. */
export class ExchangeReadError extends RuntimeFailure {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { cause?: unknown; retryable: boolean; retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Backoff cap of the first retry; doubles on each retry up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Longest server-requested wait (Retry-After) we accept. Binance answers 418 with bans of minutes to days;
   * waiting that out silently helps nobody, so such a wait fails at once with the server's number.
   */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

export interface RetryDeps {
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): injected so tests can pin the jitter. */
  readonly random: () => number;
  /** Told before each wait, e.g. to log "retrying in 2 s". */
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export const realRetryDeps: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Delay before retry number `attempt` (1-based): "equal jitter", half fixed and half random, so retries from
 * several clients spread out yet never hammer the server with a near-zero wait. A server hint wins when longer.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = cap / 2 + random() * (cap / 2);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

function isRetryable(err: unknown): boolean {
  return err instanceof RuntimeFailure && err.retryable;
}

/** Runs `op`, retrying retryable failures up to `policy.retries` times; the last error says how often it tried. */
export async function withRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
  what: string,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      const hint = err instanceof ExchangeReadError ? err.retryAfterMs : undefined;
      if (hint !== undefined && hint > policy.maxRetryAfterMs) {
        throw new RuntimeFailure(
          `${what}: the server asks to wait ${Math.ceil(hint / 1000)} s before the next request ` +
            `(${errorMessage(err)}); try again later`,
          { cause: err, retryable: true },
        );
      }
      if (attempt > policy.retries) {
        throw new RuntimeFailure(`${what}: failed after ${attempt} attempts: ${errorMessage(err)}`, {
          cause: err,
          retryable: true,
        });
      }
      const delay = backoffDelay(attempt, policy, deps.random, hint);
      deps.onRetry?.(err, attempt, delay);
      await deps.sleep(delay);
    }
  }
}
