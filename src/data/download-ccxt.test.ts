// The ccxt adapter against a local fake of Binance's spot API (test/fixtures/binance): which endpoints ccxt
// calls, how its errors map to ours, and how answers are validated.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeBinance, loadKlineFixture } from '../../test/fixtures/binance/fake-binance.js';
import { InputError } from '../core/errors.js';
import type { ClosableKlineSource } from './download-ccxt.js';
import { normaliseBaseUrl, openBinanceKlineSource, parseKlineRows, redirectApi } from './download-ccxt.js';
import { ExchangeReadError } from './download-retry.js';

const H = 3_600_000;
const T0 = 1_759_017_600_000;

describe('parseKlineRows', () => {
  it("reads Binance's 12-field rows as numbers", () => {
    const [row] = loadKlineFixture('BTCUSDT');
    expect(parseKlineRows([row])).toEqual([
      { time: T0, open: 109635.85, high: 109787.75, low: 109548, close: 109607.81, volume: 283.02575 },
    ]);
    expect(parseKlineRows([])).toEqual([]);
  });

  it.each([
    [{ code: -1 }, /expected an array of klines, got object/],
    [[[T0, '1', '1', '1']], /row 0 is not a kline array/],
    [[[String(T0), '1', '1', '1', '1', '1']], /row 0: open time "1759017600000" is not epoch milliseconds/],
    [[[T0, '1', '', '1', '1', '1']], /row 0: OHLCV .* are not decimal numbers/],
    [[[T0, '1', '1e3', '1', '1', '1']], /not decimal numbers/],
    [[[T0, '1', '1', '1', '1', null]], /not decimal numbers/],
  ])('refuses %j as malformed, without retrying', (body, message) => {
    let err: unknown;
    try {
      parseKlineRows(body);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExchangeReadError);
    expect((err as ExchangeReadError).retryable).toBe(false);
    expect((err as Error).message).toMatch(message);
  });
});

describe('normaliseBaseUrl and redirectApi', () => {
  it.each([
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['https://api.binance.com/api/v3', 'https://api.binance.com'],
    ['https://data-api.binance.vision', 'https://data-api.binance.vision'],
    ['https://mirror.example/binance/', 'https://mirror.example/binance'],
  ])('%s → %s', (text, url) => {
    expect(normaliseBaseUrl(text)).toBe(url);
  });

  it.each(['not a url', 'ftp://x.example', 'https://x.example/?a=1'])('rejects %j', (text) => {
    expect(() => normaliseBaseUrl(text)).toThrow(InputError);
  });

  it('points every nested API URL at the base, keeping its path', () => {
    const api = {
      public: 'https://api.binance.com/api/v3',
      sapi: 'https://api.binance.com/sapi/v1',
      nested: { fapiPublic: 'https://fapi.binance.com/fapi/v1' },
    };
    redirectApi(api, 'http://127.0.0.1:9');
    expect(api).toEqual({
      public: 'http://127.0.0.1:9/api/v3',
      sapi: 'http://127.0.0.1:9/sapi/v1',
      nested: { fapiPublic: 'http://127.0.0.1:9/fapi/v1' },
    });
  });
});

describe('openBinanceKlineSource against a local Binance', () => {
  let fake: FakeBinance;
  let source: ClosableKlineSource;

  beforeAll(async () => {
    await import('ccxt'); // about a second, once
  });
  beforeEach(async () => {
    fake = await new FakeBinance().start();
    source = await openBinanceKlineSource({ baseUrl: fake.url, rateLimitMs: 5 });
  });
  afterEach(async () => {
    await source.close();
    await fake.close();
  });

  const request = { coin: 'BTC', interval: '1h', since: T0, until: T0 + 3 * H - 1, limit: 1000 };
  const failure = async (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

  it('loads the spot market list once and asks only spot endpoints', async () => {
    expect(await source.unknownCoins(['BTC', 'ETH', 'BTCX'])).toEqual(['BTCX']);
    const bars = await source.fetchKlines(request);

    expect(bars.map((b) => b.time)).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v3/exchangeInfo', '/api/v3/klines']);
    expect(fake.requests[1]?.query).toEqual({
      symbol: 'BTCUSDT',
      interval: '1h',
      startTime: String(T0),
      endTime: String(T0 + 3 * H - 1),
      limit: '1000',
    });
  });

  it('refuses a coin the market list lacks without asking for its klines', async () => {
    const err = await failure(source.fetchKlines({ ...request, coin: 'BTCX' }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('--pairs: BTCX is not a Binance spot pair');
    expect(fake.klineRequests()).toHaveLength(0);
  });

  it("maps Binance's invalid-symbol answer (ccxt BadSymbol) to an InputError", async () => {
    fake.failNext.push({ status: 400, body: '{"code":-1121,"msg":"Invalid symbol."}' });
    const err = await failure(source.fetchKlines(request));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/BTC is not a Binance spot pair/);
  });

  const weight = '{"code":-1003,"msg":"Way too much request weight used."}';
  it.each([
    [429, { 'Retry-After': '3' }, weight, 3_000],
    [418, { 'Retry-After': '7200' }, weight, 7_200_000],
    [503, {}, '<html>Service Unavailable</html>', undefined],
  ])('maps HTTP %i to a retryable error carrying Retry-After', async (status, headers, body, retryAfterMs) => {
    fake.failNext.push({ status, headers, body });
    const err = await failure(source.fetchKlines(request));
    expect(err).toBeInstanceOf(ExchangeReadError);
    expect(err).toMatchObject({ retryable: true, retryAfterMs });
    expect((err as Error).message).toMatch(new RegExp(`^binance .*${status}`));
  });

  it('refuses a malformed answer as final', async () => {
    fake.failNext.push({ status: 200, body: '[[1759017600000,"1","x","1","1","1"]]' });
    const err = await failure(source.fetchKlines(request));
    expect(err).toMatchObject({ retryable: false });
    expect((err as Error).message).toMatch(/malformed kline answer: row 0/);
  });
});
