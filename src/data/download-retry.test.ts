import { describe, expect, it } from 'vitest';
import { InputError, RuntimeFailure } from '../core/errors.js';
import type { RetryDeps, RetryPolicy } from './download-retry.js';
import { DEFAULT_RETRY_POLICY, ExchangeReadError, backoffDelay, withRetry } from './download-retry.js';

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 300, maxRetryAfterMs: 5_000 };

function recorder(random = 0.5): RetryDeps & { slept: number[] } {
  const slept: number[] = [];
  return { slept, sleep: (ms) => Promise.resolve(void slept.push(ms)), random: () => random };
}

/** An operation that fails with `errors` in turn, then answers 'ok'. */
function flaky(errors: Error[]): { op: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    op: () => {
      const err = errors[calls++];
      return err === undefined ? Promise.resolve('ok') : Promise.reject(err);
    },
    calls: () => calls,
  };
}

const retryable = (retryAfterMs?: number): ExchangeReadError =>
  new ExchangeReadError('binance 429 Too Many Requests', {
    retryable: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('backoffDelay', () => {
  it('doubles from the base, capped, with half of it jittered', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 0.999999)).toBeCloseTo(100, 3);
    expect(backoffDelay(2, policy, () => 0)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(150); // capped at 300
    expect(backoffDelay(9, policy, () => 1)).toBe(300);
  });

  it('waits at least what the server asked for', () => {
    expect(backoffDelay(1, policy, () => 0, 2_000)).toBe(2_000);
    expect(backoffDelay(1, policy, () => 0, 0)).toBe(50);
  });

  it('keeps real defaults: bounded retries and a total wait well under a minute', () => {
    let total = 0;
    for (let a = 1; a <= DEFAULT_RETRY_POLICY.retries; a++) total += backoffDelay(a, DEFAULT_RETRY_POLICY, () => 1);
    expect(DEFAULT_RETRY_POLICY.retries).toBeGreaterThan(0);
    expect(total).toBeLessThan(60_000);
  });
});

describe('withRetry', () => {
  it('retries retryable failures with growing waits, then returns the answer', async () => {
    const deps = recorder(0);
    const f = flaky([retryable(), retryable()]);
    await expect(withRetry(f.op, policy, deps, 'klines')).resolves.toBe('ok');
    expect(f.calls()).toBe(3);
    expect(deps.slept).toEqual([50, 100]);
  });

  it('honours Retry-After', async () => {
    const deps = recorder(0);
    await expect(withRetry(flaky([retryable(1_500)]).op, policy, deps, 'klines')).resolves.toBe('ok');
    expect(deps.slept).toEqual([1_500]);
  });

  it('gives up after the allowed retries and says how often it tried', async () => {
    const deps = recorder();
    const f = flaky([retryable(), retryable(), retryable(), retryable(), retryable()]);
    const err: unknown = await withRetry(f.op, policy, deps, 'BTC/USDT klines').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeFailure);
    expect((err as Error).message).toBe('BTC/USDT klines: failed after 4 attempts: binance 429 Too Many Requests');
    expect(f.calls()).toBe(4);
    expect(deps.slept).toHaveLength(3);
  });

  it('does not retry what cannot succeed', async () => {
    const deps = recorder();
    const bad = new InputError('BTCX is not a Binance spot pair');
    const final = new ExchangeReadError('malformed', { retryable: false });
    for (const e of [bad, final, new Error('bug')]) {
      const f = flaky([e]);
      await expect(withRetry(f.op, policy, deps, 'x')).rejects.toBe(e);
      expect(f.calls()).toBe(1);
    }
    expect(deps.slept).toEqual([]);
  });

  it('fails at once when the server asks for a longer wait than allowed (an IP ban)', async () => {
    const deps = recorder();
    const f = flaky([retryable(3_600_000)]);
    await expect(withRetry(f.op, policy, deps, 'klines')).rejects.toThrow(
      /klines: the server asks to wait 3600 s before the next request .*try again later/,
    );
    expect(deps.slept).toEqual([]);
  });

  it('tells onRetry about each wait', async () => {
    const seen: Array<[number, number]> = [];
    const deps = { ...recorder(0), onRetry: (_e: unknown, attempt: number, ms: number) => seen.push([attempt, ms]) };
    await withRetry(flaky([retryable()]).op, policy, deps, 'x');
    expect(seen).toEqual([[1, 50]]);
  });
});
