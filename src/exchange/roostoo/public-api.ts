// Roostoo's unauthenticated endpoints: GET /v3/serverTime and GET /v3/exchangeInfo. The doctor uses them to
// check reachability, clock offset and the listed pairs; the full client (signed endpoints) extends this class.
// Every answer is validated with zod; every failure is a RuntimeFailure that says whether a retry could help.
import type { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import { ExchangeRequestError } from '../errors.js';
import { exchangeInfoSchema, serverTimeSchema, type ExchangeInfo } from '../wire/exchange-info.js';

export { ExchangeRequestError } from '../errors.js';
export type { RequestFailureKind } from '../errors.js';

export { exchangeInfoSchema, serverTimeSchema, tradePairSchema } from '../wire/exchange-info.js';
export type { ExchangeInfo, TradePair } from '../wire/exchange-info.js';

export interface ClockProbe {
  /** Server time from /v3/serverTime, epoch ms. */
  readonly serverTime: number;
  /** Local time halfway through the request, epoch ms. */
  readonly localMidpoint: number;
  /** serverTime − localMidpoint: add it to the local clock to get the server's. */
  readonly offsetMs: number;
  readonly roundTripMs: number;
}

export interface PublicApiOptions {
  /** e.g. https://mock-api.roostoo.com; a trailing slash is ignored. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: typeof globalThis.fetch;
}

export class RoostooPublicApi {
  protected readonly baseUrl: string;
  protected readonly timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(opts: PublicApiOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs;
    this.#fetch = opts.fetch ?? globalThis.fetch;
  }

  async serverTime(): Promise<number> {
    const body = await this.getJson('/v3/serverTime');
    return this.parse(serverTimeSchema, body, '/v3/serverTime').ServerTime;
  }

  /**
   * Server time with the round trip measured on `clock`, for the offset applied to signed timestamps.
   *
   * The server reads its clock somewhere between our send and our receive, so the true offset lies within
   * ±roundTripMs/2 of `offsetMs` (the midpoint estimate). With `samples` > 1 it probes up to that many times and
   * keeps the sample with the smallest round trip, the tightest bound; it stops early at a zero round trip,
   * which cannot be bettered. A failing probe fails the whole measurement (no partial estimate is kept).
   */
  async probeClock(clock: Clock, samples = 1): Promise<ClockProbe> {
    let best: ClockProbe | undefined;
    for (let i = 0; i < Math.max(1, samples); i++) {
      const sent = clock.now();
      const serverTime = await this.serverTime();
      const received = clock.now();
      const localMidpoint = sent + (received - sent) / 2;
      const probe = {
        serverTime,
        localMidpoint,
        offsetMs: serverTime - localMidpoint,
        roundTripMs: received - sent,
      };
      if (best === undefined || probe.roundTripMs < best.roundTripMs) best = probe;
      if (best.roundTripMs <= 0) break;
    }
    if (best === undefined) throw new Error('unreachable: at least one clock probe');
    return best;
  }

  async exchangeInfo(): Promise<ExchangeInfo> {
    const body = await this.getJson('/v3/exchangeInfo');
    return this.parse(exchangeInfoSchema, body, '/v3/exchangeInfo');
  }

  protected url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  protected async getJson(path: string): Promise<unknown> {
    return this.requestJson(path, { method: 'GET' });
  }

  protected async requestJson(path: string, init: RequestInit): Promise<unknown> {
    const url = this.url(path);
    const what = `${init.method ?? 'GET'} ${url}`;
    let res: Response;
    try {
      res = await this.#fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw networkError(what, err, this.timeoutMs);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw networkError(what, err, this.timeoutMs);
    }
    if (!res.ok) {
      // 429 (rate limit) and 5xx may pass; any other status will not change on a retry.
      const retryable = res.status === 429 || res.status >= 500;
      throw new ExchangeRequestError(`${what}: HTTP ${res.status}${snippet(text)}`, {
        kind: 'http',
        retryable,
        status: res.status,
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new ExchangeRequestError(`${what}: the answer is not JSON${snippet(text)}`, {
        kind: 'response',
        retryable: false,
        cause: err,
      });
    }
  }

  protected parse<S extends z.ZodType>(schema: S, body: unknown, path: string): z.output<S> {
    const r = schema.safeParse(body);
    if (r.success) return r.data;
    const first = r.error.issues[0];
    const where = first === undefined || first.path.length === 0 ? '' : ` at ${first.path.join('.')}`;
    throw new ExchangeRequestError(
      `${path}: unexpected answer${where}: ${first?.message ?? 'invalid'} (${r.error.issues.length} problem(s))`,
      { kind: 'response', retryable: false },
    );
  }
}

function networkError(what: string, err: unknown, timeoutMs: number): ExchangeRequestError {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new ExchangeRequestError(`${what}: no answer within ${timeoutMs} ms`, {
      kind: 'timeout',
      retryable: true,
      cause: err,
    });
  }
  // undici reports "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = err instanceof Error ? err.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? code : errorMessage(cause ?? err);
  return new ExchangeRequestError(`${what}: unreachable (${reason})`, {
    kind: 'network',
    retryable: true,
    cause: err,
    ...(typeof code === 'string' ? { code } : {}),
  });
}

function snippet(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t === '' ? '' : `: ${t.length > 120 ? `${t.slice(0, 120)}…` : t}`;
}
