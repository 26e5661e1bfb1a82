import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { RuntimeFailure } from '../../core/errors.js';
import { closedPortUrl, startFakeRoostoo } from '../../../test/helpers/fake-roostoo.js';
import type { FakeRoostoo } from '../../../test/helpers/fake-roostoo.js';
import { ExchangeRequestError, exchangeInfoSchema, RoostooPublicApi } from './public-api.js';

let fake: FakeRoostoo | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function failure(p: Promise<unknown>): Promise<ExchangeRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExchangeRequestError);
  expect(err).toBeInstanceOf(RuntimeFailure);
  return err as ExchangeRequestError;
}

describe('RoostooPublicApi', () => {
  it('reads the real exchangeInfo (88 pairs) and the server time', async () => {
    fake = await startFakeRoostoo();
    const api = new RoostooPublicApi({ baseUrl: `${fake.url}/`, timeoutMs: 2000 });
    const info = await api.exchangeInfo();
    expect(info.IsRunning).toBe(true);
    expect(Object.keys(info.TradePairs)).toHaveLength(88);
    expect(info.TradePairs['BTC/USD']).toMatchObject({
      Coin: 'BTC',
      Unit: 'USD',
      CanTrade: true,
      MiniOrder: 1,
    });
    expect(info.TradePairs['INJ/USD']).toBeUndefined();
    const t = await api.serverTime();
    expect(Math.abs(t - Date.now())).toBeLessThan(5000);
    expect(fake.paths).toEqual(['/v3/exchangeInfo', '/v3/serverTime']);
  });

  it('measures the clock offset against the midpoint of the request', async () => {
    const skew = 120_000;
    fake = await startFakeRoostoo({ skewMs: skew });
    const api = new RoostooPublicApi({ baseUrl: fake.url, timeoutMs: 2000 });
    const probe = await api.probeClock({ now: () => Date.now() });
    expect(probe.offsetMs).toBeGreaterThan(skew - 2000);
    expect(probe.offsetMs).toBeLessThan(skew + 2000);
    expect(probe.roundTripMs).toBeGreaterThanOrEqual(0);
    // A frozen clock: the offset is exactly server − local.
    const frozen = await api.probeClock(new ManualClock(1_000_000));
    expect(frozen.roundTripMs).toBe(0);
    expect(frozen.offsetMs).toBe(frozen.serverTime - 1_000_000);
  });

  it('keeps the probe with the smallest round trip of up to N, and stops at a zero round trip', async () => {
    const serverTimes = [5_000, 6_000, 7_000, 8_000];
    fake = await startFakeRoostoo({
      handler: (req, res) => {
        if (req.url !== '/v3/serverTime') return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ServerTime: serverTimes.shift() }));
        return true;
      },
    });
    const api = new RoostooPublicApi({ baseUrl: fake.url, timeoutMs: 2000 });
    // Local readings around each probe: round trips of 300, 100 and 600 ms.
    const readings = [0, 300, 1_000, 1_100, 2_000, 2_600];
    const scripted = { now: () => readings.shift() ?? 9_999 };
    const best = await api.probeClock(scripted, 3);
    expect(best).toEqual({ serverTime: 6_000, localMidpoint: 1_050, offsetMs: 4_950, roundTripMs: 100 });
    expect(readings).toEqual([]);
    // A zero round trip cannot be bettered: one probe only.
    const frozen = await api.probeClock(new ManualClock(10_000), 3);
    expect(frozen).toMatchObject({ serverTime: 8_000, roundTripMs: 0 });
    expect(fake.paths).toEqual(['/v3/serverTime', '/v3/serverTime', '/v3/serverTime', '/v3/serverTime']);
  });

  it('rejects an answer of the wrong shape, without retry', async () => {
    fake = await startFakeRoostoo({ exchangeInfo: { IsRunning: 'yes', TradePairs: {} } });
    const err = await failure(new RoostooPublicApi({ baseUrl: fake.url, timeoutMs: 2000 }).exchangeInfo());
    expect(err.kind).toBe('response');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('/v3/exchangeInfo: unexpected answer');
  });

  it('marks 5xx and 429 retryable, other statuses and non-JSON not', async () => {
    const answers: Array<[number, string]> = [
      [503, 'busy'],
      [429, 'slow down'],
      [404, 'nope'],
      [200, '<html>'],
    ];
    fake = await startFakeRoostoo({
      handler: (_req, res) => {
        const [status, body] = answers.shift() ?? [500, ''];
        res.writeHead(status);
        res.end(body);
        return true;
      },
    });
    const api = new RoostooPublicApi({ baseUrl: fake.url, timeoutMs: 2000 });
    const e503 = await failure(api.serverTime());
    expect([e503.kind, e503.status, e503.retryable]).toEqual(['http', 503, true]);
    expect(e503.message).toContain('HTTP 503: busy');
    expect((await failure(api.serverTime())).retryable).toBe(true);
    const e404 = await failure(api.serverTime());
    expect([e404.status, e404.retryable]).toEqual([404, false]);
    const html = await failure(api.serverTime());
    expect([html.kind, html.retryable]).toEqual(['response', false]);
  });

  it('times out a silent server and reports an unreachable one, both retryable', async () => {
    fake = await startFakeRoostoo({ handler: () => true }); // never answers
    const slow = await failure(new RoostooPublicApi({ baseUrl: fake.url, timeoutMs: 150 }).serverTime());
    expect([slow.kind, slow.retryable]).toEqual(['timeout', true]);
    expect(slow.message).toContain('no answer within 150 ms');

    const down = await failure(
      new RoostooPublicApi({ baseUrl: await closedPortUrl(), timeoutMs: 2000 }).serverTime(),
    );
    expect([down.kind, down.retryable]).toEqual(['network', true]);
    expect(down.message).toContain('unreachable (ECONNREFUSED)');
  });

  it('the schema keeps extra fields out of the way but requires the ones trading needs', () => {
    const pair = {
      Coin: 'X',
      Unit: 'USD',
      CanTrade: true,
      PricePrecision: 2,
      AmountPrecision: 3,
      MiniOrder: 1,
      NewField: 'ignored',
    };
    const ok = exchangeInfoSchema.safeParse({
      IsRunning: true,
      InitialWallet: { USD: 1 },
      TradePairs: { 'X/USD': pair },
    });
    expect(ok.success).toBe(true);
    const bad = exchangeInfoSchema.safeParse({
      IsRunning: true,
      InitialWallet: {},
      TradePairs: { 'X/USD': { ...pair, PricePrecision: 1.5 } },
    });
    expect(bad.success).toBe(false);
  });
});
