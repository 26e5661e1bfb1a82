// A Roostoo-compatible HTTP server (node:http) over the shared matching engine: the same v3 paths, parameters,
// signing, timestamp window and answer shapes, so the real client and anything written for Roostoo can trade on
// it. Order of checks for a request: rate limit (429) → injected fault → authentication → handler.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.js';
import type { MatchingEngine } from '../matching/engine.js';
import type { ReplayTime } from '../matching/candle-quotes.js';
import { SlidingWindow } from '../rate-limit.js';
import { parseParams, signatureMatches, totalParams } from '../signing.js';
import type { TradePair } from '../wire/exchange-info.js';
import * as msg from '../wire/err-msg.js';
import { ENDPOINT_PARAMS, type Endpoint } from '../wire/schemas.js';
import type { ServerAccount } from './accounts.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import * as h from './handlers.js';

/** Where the local exchange publishes its replay clock. */
export const LOCAL_REPLAY_PATH = '/local/replay';

export interface RoostooServerOptions {
  readonly engine: MatchingEngine;
  /** Served as exchangeInfo's TradePairs (the real entries, restricted to the pairs with prices). */
  readonly tradePairs: Readonly<Record<string, TradePair>>;
  readonly accounts: readonly ServerAccount[];
  readonly clock: Clock;
  /** Requests whose timestamp is further than this from the server's clock are refused (Roostoo: 60 s). */
  readonly timestampWindowMs?: number;
  /** Calls per rolling minute per API key (unsigned calls share one budget); null for no limit. */
  readonly callsPerMinute?: number | null;
  readonly faults?: FaultOptions;
  readonly port?: number;
  readonly host?: string;
  /**
   * The candle replay's clock, published at GET /local/replay (not a Roostoo path) so that a bot can follow market
   * time when the replay runs faster than real time. Not rate-limited, never faulted.
   */
  readonly replay?: ReplayTime;
}

export interface RoostooServer {
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  /** Requests answered, by path (tests count them). */
  readonly requests: Map<string, number>;
  close(): Promise<void>;
}

const SIGNED: ReadonlySet<string> = new Set([
  '/v3/balance',
  '/v3/pending_count',
  '/v3/place_order',
  '/v3/query_order',
  '/v3/cancel_order',
]);
const METHOD: Readonly<Record<string, 'GET' | 'POST'>> = {
  '/v3/serverTime': 'GET',
  '/v3/exchangeInfo': 'GET',
  '/v3/ticker': 'GET',
  '/v3/balance': 'GET',
  '/v3/pending_count': 'GET',
  '/v3/place_order': 'POST',
  '/v3/query_order': 'POST',
  '/v3/cancel_order': 'POST',
};

export async function startRoostooServer(opts: RoostooServerOptions): Promise<RoostooServer> {
  const window = opts.timestampWindowMs ?? 60_000;
  const accounts = new Map(opts.accounts.map((a) => [a.apiKey, a]));
  for (const a of opts.accounts) opts.engine.openAccount(a.apiKey, { USD: a.usd });
  const ctx: h.HandlerContext = {
    engine: opts.engine,
    tradePairs: opts.tradePairs,
    startingUsd: opts.accounts[0]?.usd ?? 0,
  };
  const limits = new Map<string, SlidingWindow>();
  const faults = new FaultInjector(opts.faults);
  const requests = new Map<string, number>();

  const handle = (req: IncomingMessage, res: ServerResponse, rawBody: string): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const now = opts.clock.now();
    const send = (status: number, body: unknown): void => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      res.end(text);
    };
    if (path === LOCAL_REPLAY_PATH && opts.replay !== undefined && req.method === 'GET') {
      const r = opts.replay;
      return send(200, {
        start: r.start,
        origin: r.origin,
        speed: r.speed,
        marketTime: r.start + (now - r.origin) * r.speed,
      });
    }
    if (METHOD[path] === undefined) return send(404, 'not found');
    if (METHOD[path] !== req.method) return send(405, 'method not allowed');

    const apiKey = header(req, 'rst-api-key');
    if (opts.callsPerMinute != null) {
      const key = apiKey ?? '';
      const w = limits.get(key) ?? new SlidingWindow(opts.callsPerMinute);
      limits.set(key, w);
      if (!w.tryTake(now)) return send(429, 'Too Many Requests');
    }
    const fault = faults.beforeHandling(path);
    if (fault === 'error500') return send(500, 'Internal Server Error');
    if (fault === 'timeout') return; // swallowed: the client's timeout is all it will see

    if (path === '/v3/serverTime') return send(200, { ServerTime: now });
    if (path === '/v3/exchangeInfo') return send(200, h.exchangeInfo(ctx));

    const raw = req.method === 'GET' ? url.search.replace(/^\?/, '') : rawBody;
    const params = parseParams(raw);
    const endpoint = path as Endpoint;
    const ts = params.get('timestamp');
    if (ts === undefined || !/^[0-9]{13}$/.test(ts) || Math.abs(now - Number(ts)) > window) {
      return send(200, { Success: false, ErrMsg: msg.STALE_TIMESTAMP });
    }
    // Resting orders the market reached since the last request fill first, so every answer is up to date.
    opts.engine.advance(now);
    if (path === '/v3/ticker') return send(200, h.ticker(ctx, params, now));

    const account = apiKey === undefined ? undefined : accounts.get(apiKey);
    if (account === undefined || !SIGNED.has(path))
      return send(200, { Success: false, ErrMsg: msg.BAD_API_KEY });
    // The server signs over the documented parameters only: a client that sends (and signs) an extra one fails.
    const documented: Record<string, string | undefined> = {};
    for (const k of ENDPOINT_PARAMS[endpoint]) documented[k] = params.get(k);
    const signature = header(req, 'msg-signature') ?? '';
    if (!signatureMatches(account.secret.reveal(), totalParams(documented), signature)) {
      return send(200, { Success: false, ErrMsg: msg.BAD_SIGNATURE });
    }
    const key = account.apiKey;
    switch (path) {
      case '/v3/balance':
        return send(200, h.balance(ctx, key));
      case '/v3/pending_count':
        return send(200, h.pendingCount(ctx, key));
      case '/v3/query_order':
        return send(200, h.queryOrder(ctx, key, params));
      case '/v3/cancel_order':
        return send(200, h.cancelOrder(ctx, key, params, now));
      default: {
        const r = h.placeOrder(ctx, key, params, now);
        // The order is in the book (and persisted); the client never hears of it.
        if (r.accepted && faults.dropAcceptedOrder()) return void req.socket.destroy();
        return send(200, r.body);
      }
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 65_536) req.socket.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        // A bug in the simulator must look like an exchange fault to the client, not hang it.
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`internal error: ${(err as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
