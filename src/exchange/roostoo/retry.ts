// Retries for reads: only failures that may pass (network, timeout, 5xx, 429), with exponential backoff and
// jitter so that many clients recovering from one outage do not all return in the same instant. Randomness and
// sleeping are injected, so tests run instantly and reproducibly. Order POSTs never come through here.
import type { Random } from '../../core/random.js';
import type { Sleep } from '../rate-limit.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Delay before attempt `attempt + 1` (attempt counts from 1): half fixed, half random ("equal jitter"). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: Random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (cap / 2) * random());
}

export async function withRetry<T>(
  policy: RetryPolicy,
  deps: { sleep: Sleep; random: Random },
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const retryable = (err as { retryable?: unknown } | null)?.retryable === true;
      if (!retryable || n >= policy.attempts) throw err;
      await deps.sleep(backoffDelay(policy, n, deps.random));
    }
  }
}
