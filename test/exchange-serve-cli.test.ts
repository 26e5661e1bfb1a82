// `algobot exchange serve`: starts on the bundled sample, prints the URL and the account without its secret,
// answers the v3 API, and stops cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { exchangeServe } from '../src/cli/commands/exchange-serve.js';
import { runCli } from './helpers/run-cli.js';
import { T0 } from './helpers/exchange-harness.js';

let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('algobot exchange serve', () => {
  it('serves the sample on a port, prints the account without secrets, and stops', async () => {
    dir = mkdtempSync(join(tmpdir(), 'algobot-serve-'));
    let out = '';
    let stop = (): void => {};
    const until = new Promise<void>((r) => (stop = r));
    const env = { ROOSTOO_API_KEY: 'my-local-key-123', ROOSTOO_SECRET_KEY: 'very-secret-value' };
    const ctx = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
      env,
      cwd: dir,
      clock: new ManualClock(Date.now()),
      verbose: false,
    };
    const running = exchangeServe(ctx, { port: 0, speed: 60, start: String(T0), until });
    await expect.poll(() => out, { timeout: 5000 }).toContain('account');
    const url = /on (http:\/\/\S+)/.exec(out)?.[1] ?? '';
    const info = (await (await fetch(`${url}/v3/exchangeInfo`)).json()) as {
      TradePairs: Record<string, unknown>;
    };
    expect(Object.keys(info.TradePairs)).toHaveLength(12);
    expect(out).toContain('2025-04-01T06:00:00Z at 60× speed');
    expect(out).toContain('USD 50000 free');
    expect(out).not.toContain('very-secret-value');
    expect(out).not.toContain('my-local-key-123');
    stop();
    expect(await running).toBe(0);
    expect(out).toContain('stopped');
  });

  it('exits 2 without keys or an accounts file, and on a bad --start', async () => {
    const noKeys = await runCli(['exchange', 'serve']);
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toContain('ROOSTOO_API_KEY');
    const badStart = await runCli(['exchange', 'serve', '--start', 'yesterday'], {
      env: { ROOSTOO_API_KEY: 'a', ROOSTOO_SECRET_KEY: 'b' },
    });
    expect(badStart.code).toBe(2);
    expect(badStart.stderr).toContain('--start "yesterday" is not a date');
  });
});
