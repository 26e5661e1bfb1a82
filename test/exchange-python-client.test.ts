// An independent client, written in Python from the official Roostoo documentation alone, trades against the
// local exchange: if our server only understood our own client, this is where it would show.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/core/clock.js';
import { Secret } from '../src/config/secrets.js';
import { startLocalExchange, type LocalExchange } from '../src/exchange/server/local-exchange.js';
import { exchangeInfo, sampleSeries, SAMPLE_DIR, T0 } from './helpers/exchange-harness.js';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasPython())('a Python client written from the official docs', () => {
  let local: LocalExchange;
  beforeAll(async () => {
    local = await startLocalExchange({
      dataDir: SAMPLE_DIR,
      series: await sampleSeries(),
      exchangeInfo,
      accounts: [{ apiKey: 'py-key', secret: new Secret('py-secret'), usd: 50_000 }],
      clock: systemClock, // Python stamps requests with its own wall clock
      speed: 1,
      start: T0,
    });
  });
  afterAll(async () => {
    await local.close();
  });

  it('signs, trades, queries and cancels', async () => {
    const { stdout } = await promisify(execFile)('python3', [
      new URL('python/roostoo_client.py', import.meta.url).pathname,
      local.server.url,
      'py-key',
      'py-secret',
    ]);
    const steps = new Map(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { step: string; answer: Record<string, unknown> })
        .map((s) => [s.step, s.answer]),
    );
    expect(steps.get('balance')).toMatchObject({
      Success: true,
      SpotWallet: { USD: { Free: 50_000, Lock: 0 } },
    });
    expect(steps.get('market_buy')).toMatchObject({
      Success: true,
      OrderDetail: { Status: 'FILLED', Quantity: 0.01 },
    });
    expect(steps.get('limit_buy')).toMatchObject({
      Success: true,
      OrderDetail: { Status: 'PENDING', Role: 'MAKER' },
    });
    expect(steps.get('pending_count')).toMatchObject({
      Success: true,
      TotalPending: 1,
      OrderPairs: { 'BTC/USD': 1 },
    });
    expect(steps.get('query_by_id')).toMatchObject({ Success: true, OrderMatched: [{ Type: 'MARKET' }] });
    expect(steps.get('query_pending')).toMatchObject({ Success: true, OrderMatched: [{ Type: 'LIMIT' }] });
    expect(steps.get('cancel')).toMatchObject({ Success: true, CanceledList: [expect.any(Number)] });
    expect(steps.get('cancel_again')).toEqual({ Success: false, ErrMsg: 'no order canceled' });
    expect(steps.get('market_sell')).toMatchObject({
      Success: true,
      OrderDetail: { Side: 'SELL', Status: 'FILLED' },
    });
    expect(steps.get('tiny_order')).toEqual({ Success: false, ErrMsg: 'quantity error' });
    const end = steps.get('balance_end') as { SpotWallet: { USD: { Free: number; Lock: number } } };
    expect(end.SpotWallet.USD.Lock).toBe(0);
    expect(end.SpotWallet.USD.Free).toBeLessThan(50_000); // two taker fees and a spread paid
    expect(end.SpotWallet.USD.Free).toBeGreaterThan(49_990);
  });
});
