// The Binance spot adapter of `KlineSource`, through ccxt: ccxt paces requests (enableRateLimit, with Binance's
// per-endpoint weights), maps HTTP and API errors to typed errors, and loads the market list. ccxt's types are
// loose (`any`), so everything it returns is treated as unknown here and validated before it leaves this file.
//
// Klines come from ccxt's implicit endpoint method `publicGetKlines` (GET /api/v3/klines) rather than the unified
// `fetchOHLCV`: fetchOHLCV sorts the rows and silently drops rows whose open time does not parse, which would
// hide exactly the broken answers the download must refuse to write.
import type * as CcxtModule from 'ccxt';
import { InputError, errorMessage } from '../core/errors.js';
import type { Candle } from './candles.js';
import type { KlineRequest, KlineSource } from './download.js';
import { ExchangeReadError } from './download-retry.js';

export interface BinanceSourceOptions {
  /**
   * Replaces Binance's hosts, e.g. `https://data-api.binance.vision` (Binance's market-data-only mirror) or a
   * local test server. Every ccxt Binance URL is pointed at it, so no request can leak to the real exchange.
   */
  readonly baseUrl?: string | undefined;
  /** Milliseconds per request of weight 1; ccxt's Binance default (50 ms) when absent. Tests lower it. */
  readonly rateLimitMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
}

export interface ClosableKlineSource extends KlineSource {
  close(): Promise<void>;
}

const QUOTE = 'USDT';
const DECIMAL_RE = /^[0-9]+(\.[0-9]+)?$/;

/**
 * `https://host[:port][/prefix]` without a trailing slash. A URL ending in Binance's own `/api/v3` is accepted too
 * (people copy it from the docs), and the suffix is dropped because ccxt appends it.
 */
export function normaliseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`"${text}" is not a URL, e.g. https://data-api.binance.vision`, { key: '--base-url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`"${text}" must be an http(s) URL`, { key: '--base-url' });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InputError(`"${text}" must not have a query or fragment`, { key: '--base-url' });
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
  return `${url.origin}${path}`;
}

/** Points every URL of ccxt's `urls.api` (spot, sapi, fapi, …) at `base`, keeping each URL's path. */
export function redirectApi(api: unknown, base: string): void {
  if (typeof api !== 'object' || api === null) return;
  const table = api as Record<string, unknown>;
  for (const [key, value] of Object.entries(table)) {
    if (typeof value === 'string') table[key] = `${base}${new URL(value).pathname}`;
    else redirectApi(value, base);
  }
}

function toPrice(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DECIMAL_RE.test(value)) return Number(value);
  return Number.NaN;
}

/** Binance's kline rows: `[openTime, "open", "high", "low", "close", "volume", closeTime, …]`. */
export function parseKlineRows(body: unknown): Candle[] {
  if (!Array.isArray(body)) throw malformed(`expected an array of klines, got ${typeof body}`);
  return body.map((row: unknown, i): Candle => {
    if (!Array.isArray(row) || row.length < 6) throw malformed(`row ${i} is not a kline array`);
    const cells = row as unknown[];
    const time = cells[0];
    if (typeof time !== 'number' || !Number.isSafeInteger(time)) {
      throw malformed(`row ${i}: open time ${JSON.stringify(time)} is not epoch milliseconds`);
    }
    const [open, high, low, close, volume] = cells.slice(1, 6).map(toPrice) as [number, number, number, number, number];
    if (![open, high, low, close, volume].every(Number.isFinite)) {
      throw malformed(`row ${i}: OHLCV ${JSON.stringify(cells.slice(1, 6))} are not decimal numbers`);
    }
    return { time, open, high, low, close, volume };
  });
}

function malformed(detail: string): ExchangeReadError {
  return new ExchangeReadError(`the exchange sent a malformed kline answer: ${detail}`, { retryable: false });
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

type Ccxt = typeof CcxtModule;
type Binance = InstanceType<Ccxt['binance']>;

/** ccxt's errors → ours: bad symbols are input errors, network-class errors (429, 418, 5xx, timeouts) retryable. */
function mapError(ccxt: Ccxt, exchange: Binance, err: unknown, coin?: string): Error {
  if (err instanceof ccxt.BadSymbol && coin !== undefined) {
    return new InputError(`${coin} is not a Binance spot pair (${coin}/${QUOTE})`, { key: '--pairs' }, { cause: err });
  }
  // ccxt's NetworkError covers DDoSProtection (Binance's 418 and 429), RateLimitExceeded, RequestTimeout and
  // ExchangeNotAvailable (5xx, maintenance): all worth another try after a pause.
  const retryable = err instanceof ccxt.NetworkError;
  const seconds = retryable ? Number(headerValue(exchange.last_response_headers, 'retry-after')) : Number.NaN;
  const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  // ccxt's messages already start with the exchange id: `binance 429 Too Many Requests {…}`.
  return new ExchangeReadError(errorMessage(err), {
    cause: err,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** Loads ccxt (slow: about a second) and opens a spot-only Binance client. No request is made yet. */
export async function openBinanceKlineSource(options: BinanceSourceOptions = {}): Promise<ClosableKlineSource> {
  const ccxt = await import('ccxt');
  const exchange = new ccxt.binance({
    enableRateLimit: true,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.rateLimitMs === undefined ? {} : { rateLimit: options.rateLimitMs }),
    options: {
      defaultType: 'spot',
      // Spot only: otherwise loadMarkets also asks the futures hosts (fapi, dapi) for their markets, and with
      // keys the margin endpoints; a download needs none of them.
      fetchMarkets: { types: ['spot'] },
      fetchMargins: false,
      fetchCurrencies: false,
    },
  });
  if (options.baseUrl !== undefined) redirectApi(exchange.urls.api, normaliseBaseUrl(options.baseUrl));

  let marketsLoaded = false;
  const loadMarkets = async (): Promise<void> => {
    if (marketsLoaded) return;
    try {
      await exchange.loadMarkets();
    } catch (err) {
      throw mapError(ccxt, exchange, err);
    }
    marketsLoaded = true;
  };
  const marketId = (coin: string): string | undefined => {
    const markets: unknown = exchange.markets;
    if (typeof markets !== 'object' || markets === null) return undefined;
    const market = (markets as Record<string, unknown>)[`${coin}/${QUOTE}`];
    if (typeof market !== 'object' || market === null) return undefined;
    const { id, spot } = market as { id?: unknown; spot?: unknown };
    return spot === true && typeof id === 'string' ? id : undefined;
  };

  return {
    async unknownCoins(coins) {
      await loadMarkets();
      return coins.filter((coin) => marketId(coin) === undefined);
    },
    async fetchKlines(request: KlineRequest) {
      await loadMarkets();
      const id = marketId(request.coin);
      if (id === undefined) throw new InputError(`${request.coin} is not a Binance spot pair`, { key: '--pairs' });
      let body: unknown;
      try {
        body = await exchange.publicGetKlines({
          symbol: id,
          interval: request.interval,
          startTime: request.since,
          endTime: request.until,
          limit: request.limit,
        });
      } catch (err) {
        throw mapError(ccxt, exchange, err, request.coin);
      }
      return parseKlineRows(body);
    },
    async close() {
      await exchange.close();
    },
  };
}
