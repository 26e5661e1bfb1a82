// The Roostoo v3 client: the exchange port for live and paper trading, against Roostoo or the local exchange.
// - Signs as API.md says (signing.ts), with a timestamp from the exchange's clock (offset measured on
//   /v3/serverTime and refreshed), signed afresh for every attempt; sends only documented parameters.
// - Every request, retries included, waits for the one shared rate limiter.
// - Reads retry what may pass (retry.ts). An order POST is sent once; a lost answer is resolved by
//   lost-order.ts, never by sending it again.
// - `Success` is always checked; the benign empty answers read as empty results; anything else is an error.
// - Credentials are read only to sign; the request log shows them as [redacted]; errors never contain them.
import type { Clock } from '../../core/clock.js';
import { RuntimeFailure } from '../../core/errors.js';
import { seededRandom, type Random } from '../../core/random.js';
import type { Secret } from '../../config/secrets.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Balance, Balances, Ticker } from '../../domain/market.js';
import type { Order, OrderRequest } from '../../domain/order.js';
import { prepareOrder, type PreparedOrder } from '../../domain/order-sizing.js';
import { ExchangeApiError, ExchangeRequestError } from '../errors.js';
import type { CancelTarget, ExchangePort, OrderQuery, PendingCount, PlaceOutcome } from '../port.js';
import { RateLimiter, realSleep, type Sleep } from '../rate-limit.js';
import { signMessage, totalParams, type Params } from '../signing.js';
import { BENIGN_EMPTY } from '../wire/err-msg.js';
import { instrumentsOf } from '../wire/exchange-info.js';
import { toOrder } from '../wire/order-detail.js';
import * as wire from '../wire/schemas.js';
import { resolveLostOrder } from './lost-order.js';
import { RoostooPublicApi, type PublicApiOptions } from './public-api.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';

export interface RequestLogEntry {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The parameters sent (never secret). */
  readonly params: string;
  /** Headers as sent, with RST-API-KEY and MSG-SIGNATURE replaced by [redacted]. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface RoostooClientOptions extends PublicApiOptions {
  readonly apiKey: Secret;
  readonly secretKey: Secret;
  readonly clock: Clock;
  readonly callsPerMinute: number;
  readonly ordersPerMinute: number | null;
  /** The exchange's timestamp window (Roostoo: 60 s); a lost order is settled once its timestamp is older. */
  readonly timestampWindowMs: number;
  readonly sleep?: Sleep;
  readonly random?: Random;
  readonly retry?: RetryPolicy;
  /** Re-measure the clock offset after this long (default 10 minutes). */
  readonly clockResyncMs?: number;
  /** Wait before looking for a lost order (default 1 s). */
  readonly settleMs?: number;
  /** How far before our attempt a lost order's CreateTimestamp may be (clock offset error; default 2 s). */
  readonly skewToleranceMs?: number;
  readonly log?: (entry: RequestLogEntry) => void;
}

type Method = 'GET' | 'POST';

/** Clock probes per sync; the one with the smallest round trip is kept. */
const CLOCK_PROBES = 3;

export class RoostooClient extends RoostooPublicApi implements ExchangePort {
  readonly #o: RoostooClientOptions;
  readonly #limiter: RateLimiter;
  readonly #sleep: Sleep;
  readonly #random: Random;
  readonly #retry: RetryPolicy;
  readonly #knownIds = new Set<number>();
  #offset: number | undefined;
  /** Half the round trip of the probe #offset came from: the bound on its error. */
  #offsetErrorMs = 0;
  #syncedAt = 0;
  #instruments: Map<string, Instrument> | undefined;

  constructor(opts: RoostooClientOptions) {
    super(opts);
    this.#o = opts;
    this.#sleep = opts.sleep ?? realSleep;
    this.#random = opts.random ?? seededRandom(Date.now() >>> 0);
    this.#retry = opts.retry ?? DEFAULT_RETRY;
    this.#limiter = new RateLimiter({
      callsPerMinute: opts.callsPerMinute,
      ordersPerMinute: opts.ordersPerMinute,
      clock: opts.clock,
      sleep: this.#sleep,
    });
  }

  /**
   * Every request goes through the one rate limiter: reads, retries, the clock probe and orders alike. Signed and
   * ticker requests take their slot in #beforeSend, before the timestamp is taken (a wait for a slot must not age
   * it); the public calls of the base class (serverTime, exchangeInfo) take theirs here.
   */
  protected override async requestJson(path: string, init: RequestInit): Promise<unknown> {
    if (path === '/v3/serverTime' || path === '/v3/exchangeInfo') await this.#limiter.acquire('call');
    return super.requestJson(path, init);
  }

  /** The exchange's clock minus ours, as last measured (undefined before the first signed request). */
  get clockOffsetMs(): number | undefined {
    return this.#offset;
  }

  /** Estimated exchange time: the local clock plus the measured offset. */
  serverNow(): number {
    return Math.round(this.#o.clock.now() + (this.#offset ?? 0));
  }

  async #syncClock(): Promise<void> {
    const age = this.#o.clock.now() - this.#syncedAt;
    if (this.#offset !== undefined && age < (this.#o.clockResyncMs ?? 600_000)) return;
    // The best of up to 3 probes: the smallest round trip gives the tightest bound on the offset's error.
    const probe = await this.#read(() => this.probeClock(this.#o.clock, CLOCK_PROBES));
    this.#offset = probe.offsetMs;
    this.#offsetErrorMs = probe.roundTripMs / 2;
    this.#syncedAt = this.#o.clock.now();
  }

  #read<T>(attempt: () => Promise<T>): Promise<T> {
    return withRetry(this.#retry, { sleep: this.#sleep, random: this.#random }, attempt);
  }

  /** One attempt: fresh timestamp, signed (when asked), sent, parsed. The caller decides about retries. */
  async #once(method: Method, path: wire.Endpoint, params: Params, signed: boolean): Promise<unknown> {
    await this.#beforeSend(path);
    return this.#transmit(method, path, params, signed);
  }

  /**
   * What must happen before a request is sent: the clock offset is fresh, and the request has its rate-limiter
   * slot (taken before the timestamp, so that a wait for a slot does not age it). Nothing is sent to `path` here:
   * a failure means the request itself never left.
   */
  async #beforeSend(path: wire.Endpoint): Promise<void> {
    await this.#syncClock();
    await this.#limiter.acquire(path === '/v3/place_order' ? 'order' : 'call');
  }

  /** Timestamps, signs and sends one request (call #beforeSend first); only this touches `path`. */
  async #transmit(
    method: Method,
    path: wire.Endpoint,
    params: Params,
    signed: boolean,
    stamp?: { timestamp: number },
  ): Promise<unknown> {
    const timestamp = this.serverNow();
    if (stamp !== undefined) stamp.timestamp = timestamp;
    const all: Record<string, string | undefined> = { ...params, timestamp: String(timestamp) };
    // Only what the endpoint documents, and no absent optional parameter: the server signs over nothing else.
    const documented: Record<string, string | undefined> = {};
    for (const k of wire.ENDPOINT_PARAMS[path]) documented[k] = all[k];
    const text = totalParams(documented);
    const headers: Record<string, string> = {};
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (signed) {
      headers['RST-API-KEY'] = this.#o.apiKey.reveal();
      headers['MSG-SIGNATURE'] = signMessage(this.#o.secretKey.reveal(), text);
    }
    this.#o.log?.({ method, path, params: text, headers: redactHeaders(headers) });
    return method === 'GET'
      ? this.requestJson(`${path}?${text}`, { method, headers })
      : this.requestJson(path, { method, headers, body: text });
  }

  /** A read with retries; `Success: false` is an empty result for the benign texts and an error otherwise. */
  async #call<S extends typeof wire.envelopeSchema>(
    method: Method,
    path: wire.Endpoint,
    params: Params,
    schema: S,
    signed = true,
  ): Promise<{ body: ReturnType<S['parse']>; empty: boolean }> {
    return this.#read(async () => {
      const body = this.parse(schema, await this.#once(method, path, params, signed), path) as ReturnType<
        S['parse']
      >;
      if (body.Success) return { body, empty: false };
      if (BENIGN_EMPTY.has(body.ErrMsg)) return { body, empty: true };
      throw new ExchangeApiError(path, body.ErrMsg);
    });
  }

  async instruments(): Promise<ReadonlyMap<string, Instrument>> {
    this.#instruments ??= instrumentsOf(await this.#read(() => this.exchangeInfo()));
    return this.#instruments;
  }

  async tickers(pair?: string): Promise<ReadonlyMap<string, Ticker>> {
    const { body } = await this.#call('GET', '/v3/ticker', { pair }, wire.tickerResponseSchema, false);
    const time = body.ServerTime ?? this.serverNow();
    const out = new Map<string, Ticker>();
    for (const [p, t] of Object.entries(body.Data ?? {})) {
      out.set(p, { pair: p, bid: t.MaxBid, ask: t.MinAsk, last: t.LastPrice, time });
    }
    return out;
  }

  async balances(): Promise<Balances> {
    const { body } = await this.#call('GET', '/v3/balance', {}, wire.balanceResponseSchema);
    const wallet = body.SpotWallet ?? body.Wallet;
    // A success without a wallet would read as zero cash: refuse it instead.
    if (wallet === undefined) {
      throw new ExchangeRequestError('/v3/balance: answer has neither SpotWallet nor Wallet', {
        kind: 'response',
        retryable: false,
      });
    }
    const out = new Map<string, Balance>();
    for (const [asset, b] of Object.entries(wallet)) out.set(asset, { asset, free: b.Free, locked: b.Lock });
    return out;
  }

  async pendingCount(): Promise<PendingCount> {
    const { body, empty } = await this.#call('GET', '/v3/pending_count', {}, wire.pendingCountResponseSchema);
    if (empty) return { total: 0, byPair: new Map() };
    return { total: body.TotalPending ?? 0, byPair: new Map(Object.entries(body.OrderPairs ?? {})) };
  }

  async queryOrder(orderId: number): Promise<Order | undefined> {
    const orders = await this.#query({ order_id: String(orderId) });
    return orders.find((o) => o.id === orderId);
  }

  queryOrders(q: OrderQuery = {}): Promise<readonly Order[]> {
    return this.#query({
      pair: q.pair,
      offset: q.offset === undefined ? undefined : String(q.offset),
      limit: q.limit === undefined ? undefined : String(q.limit),
      pending_only: q.pendingOnly === undefined ? undefined : q.pendingOnly ? 'TRUE' : 'FALSE',
    });
  }

  async #query(params: Params): Promise<Order[]> {
    const { body, empty } = await this.#call(
      'POST',
      '/v3/query_order',
      params,
      wire.queryOrderResponseSchema,
    );
    if (empty) return [];
    const orders = (body.OrderMatched ?? []).map(toOrder);
    return orders;
  }

  async cancelOrder(target: CancelTarget): Promise<readonly number[]> {
    // Exactly one of order_id and pair, or neither (cancel all): never both, which Roostoo rejects.
    const params =
      'orderId' in target
        ? { order_id: String(target.orderId) }
        : 'pair' in target
          ? { pair: target.pair }
          : {};
    const { body, empty } = await this.#call(
      'POST',
      '/v3/cancel_order',
      params,
      wire.cancelOrderResponseSchema,
    );
    return empty ? [] : (body.CanceledList ?? []);
  }

  async placeOrder(request: OrderRequest): Promise<PlaceOutcome> {
    const inst = (await this.instruments()).get(request.pair);
    if (inst === undefined) {
      return { kind: 'refused', reason: 'not-tradable', message: `${request.pair} is not listed` };
    }
    let referencePrice = request.referencePrice;
    if (request.type === 'MARKET' && referencePrice === undefined) {
      const t = (await this.tickers(request.pair)).get(request.pair);
      referencePrice = request.side === 'BUY' ? t?.ask : t?.bid;
    }
    const prepared = prepareOrder(inst, { ...request, referencePrice });
    if (!prepared.ok) return { kind: 'refused', reason: prepared.reason, message: prepared.message };
    return this.#send(inst, prepared.order);
  }

  async #send(inst: Instrument, sent: PreparedOrder): Promise<PlaceOutcome> {
    // The witness for a lost answer: balances just before (if this read fails, nothing has been sent).
    const before = await this.balances();
    const params = {
      pair: sent.pair,
      side: sent.side,
      type: sent.type,
      quantity: sent.quantityText,
      price: sent.type === 'LIMIT' ? sent.priceText : undefined,
    };
    let raw: unknown;
    // Clock sync and the rate-limiter slot come first, outside the try below: if they fail, the POST was never
    // sent, so the order definitely does not exist (not-placed; the caller may simply try again). Only the POST
    // itself can leave us not knowing.
    try {
      await this.#beforeSend('/v3/place_order');
    } catch (err) {
      if (!(err instanceof RuntimeFailure)) throw err;
      return { kind: 'not-placed', cause: `not sent: ${err.message}`, sent };
    }
    // The signed timestamp is also our "attempted at": the exchange stamps the order at or after it.
    const stamp = { timestamp: this.serverNow() };
    try {
      raw = await this.#transmit('POST', '/v3/place_order', params, true, stamp);
    } catch (err) {
      if (!(err instanceof ExchangeRequestError)) throw err;
      if (err.neverHandled) return { kind: 'not-placed', cause: err.message, sent };
      if (err.kind === 'http' && !err.retryable) return { kind: 'rejected', errMsg: err.message, sent };
      return this.#resolveLost(inst, sent, stamp.timestamp, before, err.message);
    }
    const r = wire.placeOrderResponseSchema.safeParse(raw);
    if (!r.success) {
      return this.#resolveLost(inst, sent, stamp.timestamp, before, 'unreadable answer');
    }
    if (!r.data.Success) {
      // Not placed: never record a trade the exchange did not confirm.
      return { kind: 'rejected', errMsg: r.data.ErrMsg, sent };
    }
    if (r.data.OrderDetail === undefined) {
      // The exchange said yes but did not say what it placed: the order may well exist, so find out.
      return this.#resolveLost(inst, sent, stamp.timestamp, before, 'Success without an OrderDetail');
    }
    const order = toOrder(r.data.OrderDetail);
    this.#knownIds.add(order.id);
    return { kind: 'placed', order, recovered: false };
  }

  async #resolveLost(
    inst: Instrument,
    sent: PreparedOrder,
    signedTimestamp: number,
    before: Balances,
    cause: string,
  ): Promise<PlaceOutcome> {
    const outcome = await resolveLostOrder(
      {
        recentOrders: (pair) => this.queryOrders({ pair, limit: 20 }),
        balances: () => this.balances(),
        serverNow: () => this.serverNow(),
        sleep: this.#sleep,
        knownIds: this.#knownIds,
        timestampWindowMs: this.#o.timestampWindowMs,
        settleMs: this.#o.settleMs ?? 1_000,
        skewToleranceMs: this.#o.skewToleranceMs ?? 2_000,
        offsetErrorMs: this.#offsetErrorMs,
      },
      { inst, sent, attemptedAt: signedTimestamp, signedTimestamp, before, cause },
    );
    if (outcome.kind === 'placed') this.#knownIds.add(outcome.order.id);
    return outcome;
  }
}

const REDACTED_HEADERS = new Set(['rst-api-key', 'msg-signature']);

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    out[k] = REDACTED_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v;
  return out;
}
