// API.md's list of what went wrong for others, one test per item, each failing if we had that bug.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/random.js';
import { Secret } from '../src/config/secrets.js';
import { prepareOrder, sellableQuantity } from '../src/domain/order-sizing.js';
import { formatSteps } from '../src/domain/ticks.js';
import { CandleQuotes } from '../src/exchange/matching/candle-quotes.js';
import type { CandleSeries } from '../src/data/candles.js';
import {
  RoostooClient,
  type RequestLogEntry,
  type RoostooClientOptions,
} from '../src/exchange/roostoo/client.js';
import * as msg from '../src/exchange/wire/err-msg.js';
import { startFakeRoostoo, type FakeRoostoo } from './helpers/fake-roostoo.js';
import {
  API_KEY,
  SECRET,
  serverHarness,
  simulatedHarness,
  T0,
  type Harness,
  type ServerHarness,
} from './helpers/exchange-harness.js';
import { rawSigned } from './helpers/raw-roostoo.js';

const BTC = {
  pair: 'BTC/USD',
  coin: 'BTC',
  unit: 'USD',
  canTrade: true,
  pricePrecision: 2,
  amountPrecision: 5,
  minOrder: 1,
};
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function server(opts: Parameters<typeof serverHarness>[0] = {}): Promise<ServerHarness> {
  const h = await serverHarness({ client: { callsPerMinute: 100_000 }, ...opts });
  cleanup.push(() => h.close());
  return h;
}

/** A client talking to a hand-written fake; `answers` maps a path to the JSON it gets. */
async function fakeClient(
  answers: Record<string, unknown>,
  extra: Partial<RoostooClientOptions> = {},
): Promise<{ client: RoostooClient; fake: FakeRoostoo; bodies: string[] }> {
  const bodies: string[] = [];
  const fake = await startFakeRoostoo({
    handler: (req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const answer = answers[path];
      if (answer === undefined) return false;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(`${path} ${(req.url ?? '').split('?')[1] ?? body}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
      return true;
    },
  });
  cleanup.push(() => fake.close());
  const client = new RoostooClient({
    baseUrl: fake.url,
    timeoutMs: 2000,
    apiKey: new Secret(API_KEY),
    secretKey: new Secret(SECRET),
    clock: { now: () => Date.now() },
    callsPerMinute: 1000,
    ordersPerMinute: null,
    timestampWindowMs: 60_000,
    sleep: () => Promise.resolve(),
    random: seededRandom(1),
    ...extra,
  });
  return { client, fake, bodies };
}

const ok = { Success: true, ErrMsg: '' };

describe('API.md test list', () => {
  it('1. reads SpotWallet (live) and Wallet (docs), and never turns a missing wallet into zero cash', async () => {
    const wallet = { USD: { Free: 1234.5, Lock: 10 } };
    for (const key of ['SpotWallet', 'Wallet']) {
      const { client } = await fakeClient({ '/v3/balance': { ...ok, [key]: wallet, MarginWallet: {} } });
      expect((await client.balances()).get('USD')).toEqual({ asset: 'USD', free: 1234.5, locked: 10 });
    }
    const { client } = await fakeClient({ '/v3/balance': { ...ok, MarginWallet: {} } });
    await expect(client.balances()).rejects.toThrow(/neither SpotWallet nor Wallet/);
  });

  it('2. checks Success: a refused order is not a trade, a failed read is an error', async () => {
    const { client } = await fakeClient({
      '/v3/balance': { ...ok, SpotWallet: { USD: { Free: 100, Lock: 0 } } },
      '/v3/exchangeInfo': undefined,
      '/v3/place_order': { Success: false, ErrMsg: 'quantity error' },
      '/v3/pending_count': { Success: false, ErrMsg: 'not yet a member of this competition' },
    });
    const r = await client.placeOrder({
      pair: 'BTC/USD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.001,
      price: 60000,
    });
    expect(r).toEqual(expect.objectContaining({ kind: 'rejected', errMsg: 'quantity error' }));
    await expect(client.pendingCount()).rejects.toThrow('not yet a member of this competition');
  });

  it('3. reads the benign empty answers as empty results, not errors', async () => {
    const { client } = await fakeClient({
      '/v3/pending_count': { Success: false, ErrMsg: msg.NO_PENDING_ORDER },
      '/v3/query_order': { Success: false, ErrMsg: msg.NO_ORDER_MATCHED },
      '/v3/cancel_order': { Success: false, ErrMsg: msg.NO_ORDER_CANCELED },
    });
    expect(await client.pendingCount()).toEqual({ total: 0, byPair: new Map() });
    expect(await client.queryOrders({ pair: 'BTC/USD' })).toEqual([]);
    expect(await client.queryOrder(42)).toBeUndefined();
    expect(await client.cancelOrder({ orderId: 42 })).toEqual([]);
  });

  it('4. cancel_order never sends order_id and pair together (and the local exchange refuses it like Roostoo)', async () => {
    const { client, bodies } = await fakeClient({ '/v3/cancel_order': { ...ok, CanceledList: [1] } });
    await client.cancelOrder({ orderId: 7 });
    await client.cancelOrder({ pair: 'BTC/USD' });
    await client.cancelOrder({ all: true });
    const sent = bodies
      .filter((b) => b.startsWith('/v3/cancel_order'))
      .map((b) => b.replace(/timestamp=\d+/, 'T'));
    expect(sent).toEqual([
      '/v3/cancel_order order_id=7&T',
      '/v3/cancel_order pair=BTC/USD&T',
      '/v3/cancel_order T',
    ]);
    const h = await server();
    const both = await rawSigned(
      h.local.server.url,
      'POST',
      '/v3/cancel_order',
      {
        order_id: '1',
        pair: 'BTC/USD',
        timestamp: String(h.clock.now()),
      },
      { apiKey: API_KEY, secret: SECRET },
    );
    expect(both.body).toEqual({ Success: false, ErrMsg: msg.BOTH_ID_AND_PAIR });
  });

  it('5. sends only documented parameters, drops absent ones, and an extra one breaks the signature', async () => {
    const log: RequestLogEntry[] = [];
    const h = await server({ client: { callsPerMinute: 100_000, log: (e) => log.push(e) } });
    await h.client.queryOrders();
    await h.client.placeOrder({
      pair: 'BTC/USD',
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.001,
      referencePrice: 85_000,
    });
    const params = log.map((e) => `${e.path} ${e.params.replace(/timestamp=\d+/, 'T')}`);
    expect(params).toContain('/v3/query_order T');
    expect(params).toContain('/v3/place_order pair=BTC/USD&quantity=0.00100&side=BUY&T&type=MARKET');
    const ts = String(h.clock.now());
    const extra = { recvWindow: '5000', timestamp: ts };
    const r = await rawSigned(h.local.server.url, 'GET', '/v3/balance', extra, {
      apiKey: API_KEY,
      secret: SECRET,
    });
    expect(r.body).toEqual({ Success: false, ErrMsg: msg.BAD_SIGNATURE });
    const good = await rawSigned(
      h.local.server.url,
      'GET',
      '/v3/balance',
      { timestamp: ts },
      { apiKey: API_KEY, secret: SECRET },
    );
    expect(good.body.Success).toBe(true);
  });

  it('6. formats sizes in whole steps (no float noise, no exponent), refuses sub-minimum orders, sells without dust', async () => {
    const r = prepareOrder(BTC, {
      pair: 'BTC/USD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.0024600000000000004,
      price: 84596.0100000001,
    });
    expect(r).toMatchObject({ ok: true, order: { quantityText: '0.00246', priceText: '84596.01' } });
    expect(formatSteps(1, 7)).toBe('0.0000001'); // String(1e-7) would be "1e-7"
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 12 }), (steps, p) => {
        const text = formatSteps(steps, p);
        expect(text).toMatch(p === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${p}}$`));
        expect(Math.round(Number(text) * 10 ** p)).toBe(steps);
      }),
    );
    const tiny = prepareOrder(BTC, {
      pair: 'BTC/USD',
      side: 'BUY',
      type: 'MARKET',
      quantity: 0.00001,
      referencePrice: 84596,
    });
    expect(tiny).toMatchObject({ ok: false, reason: 'below-minimum' });
    expect(sellableQuantity(BTC, { asset: 'BTC', free: 0.0023588, locked: 0 })).toBe(0.00235);
    // The local exchange refuses what the client never sends, with the live text.
    const h = await server();
    const ts = String(h.clock.now());
    for (const [quantity, price] of [
      ['0.0024600000000000004', undefined],
      ['1e-7', undefined],
      ['0.00001', undefined],
    ]) {
      const params: Record<string, string> = {
        pair: 'BTC/USD',
        side: 'BUY',
        type: 'MARKET',
        quantity: quantity ?? '',
        timestamp: ts,
      };
      if (price !== undefined) params.price = price;
      const res = await rawSigned(h.local.server.url, 'POST', '/v3/place_order', params, {
        apiKey: API_KEY,
        secret: SECRET,
      });
      expect(res.body, quantity).toEqual({ Success: false, ErrMsg: msg.QUANTITY_ERROR });
    }
  });

  it('7. timestamps in milliseconds from the exchange clock: seconds and drift are refused, the offset fixes drift', async () => {
    const h = await server();
    const sign = { apiKey: API_KEY, secret: SECRET };
    const url = h.local.server.url;
    const secs = String(Math.floor(h.clock.now() / 1000));
    expect((await rawSigned(url, 'GET', '/v3/balance', { timestamp: secs }, sign)).body.ErrMsg).toBe(
      msg.STALE_TIMESTAMP,
    );
    const late = String(h.clock.now() - 61_000);
    expect((await rawSigned(url, 'GET', '/v3/balance', { timestamp: late }, sign)).body.ErrMsg).toBe(
      msg.STALE_TIMESTAMP,
    );
    // A client whose own clock is 5 minutes slow still trades: it measured the offset on /v3/serverTime.
    const slow = h.newClient({ callsPerMinute: 100_000, clock: { now: () => h.clock.now() - 300_000 } });
    expect((await slow.balances()).get('USD')?.free).toBe(50_000);
    expect(Math.abs(slow.serverNow() - h.clock.now())).toBeLessThan(1000);
  });

  it('8. a timed-out order POST is never resent: the client finds the order, or proves it does not exist', async () => {
    // Every accepted order's answer is dropped: each placeOrder sends exactly one POST and finds its order.
    const h = await server({ faults: { dropAcceptedOrder: 1 } });
    const r = await h.client.placeOrder({ pair: 'ETH/USD', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(r).toMatchObject({ kind: 'placed', recovered: true, order: { quantity: 0.01, status: 'FILLED' } });
    expect(h.local.server.requests.get('/v3/place_order')).toBe(1);
    expect(h.engine.query(h.account, {})).toHaveLength(1);
    // The POST is swallowed (never handled): one POST, then the check; "not placed" only once the request's
    // timestamp is older than the window, so it can never be executed later.
    for (const fault of [{ timeout: 1 }, { error500: 1 }]) {
      const t = await server({
        faults: { ...fault, onlyPaths: ['/v3/place_order'] },
        client: { callsPerMinute: 100_000, timeoutMs: 100 },
      });
      const before = t.clock.now();
      const lost = await t.client.placeOrder({
        pair: 'ETH/USD',
        side: 'BUY',
        type: 'MARKET',
        quantity: 0.01,
      });
      expect(lost.kind).toBe('not-placed');
      expect(t.local.server.requests.get('/v3/place_order')).toBe(1);
      expect(t.clock.now() - before).toBeGreaterThan(60_000);
      expect(t.engine.query(t.account, {})).toEqual([]);
    }
  });

  it('9. a maker BUY pays its fee in the coin: sell what the wallet holds, not what was ordered', async () => {
    const h = await simulatedHarness();
    const bid = h.quotes.quote('BNB/USD', h.clock.now())?.bid ?? 0;
    const r = await h.port.placeOrder({
      pair: 'BNB/USD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
      price: bid - 5,
    });
    expect(r).toMatchObject({ kind: 'placed', order: { status: 'PENDING', feeAsset: 'BNB' } });
    h.clock.advance(24 * 3_600_000); // BNB fell more than 5 USD in the sample's first day
    const held = (await h.port.balances()).get('BNB');
    expect(held?.free).toBeCloseTo(0.9995, 12);
    const ordered = await h.port.placeOrder({ pair: 'BNB/USD', side: 'SELL', type: 'MARKET', quantity: 1 });
    expect(ordered).toMatchObject({ kind: 'rejected', errMsg: msg.INSUFFICIENT_BALANCE });
    const inst = h.instruments.get('BNB/USD');
    if (inst === undefined) throw new Error('BNB/USD');
    const all = await h.port.placeOrder({
      pair: 'BNB/USD',
      side: 'SELL',
      type: 'MARKET',
      quantity: sellableQuantity(inst, held),
    });
    expect(all).toMatchObject({ kind: 'placed', order: { quantity: 0.999 } });
  });

  it('10. starting capital is read from the exchange, never assumed', async () => {
    const h = await server();
    h.engine.openAccount('rich', { USD: 1_000_000 });
    const { client } = await fakeClient({
      '/v3/balance': { ...ok, SpotWallet: { USD: { Free: 1_000_000, Lock: 0 } } },
    });
    expect((await client.balances()).get('USD')?.free).toBe(1_000_000);
    expect((await h.client.balances()).get('USD')?.free).toBe(50_000);
  });

  it('11. a resting LIMIT can be cancelled after a timeout, and every request has a deadline', async () => {
    const h: Harness = await simulatedHarness();
    const bid = h.quotes.quote('ETH/USD', h.clock.now())?.bid ?? 0;
    const r = await h.port.placeOrder({
      pair: 'ETH/USD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.1,
      price: bid / 2,
    });
    if (r.kind !== 'placed') throw new Error(r.kind);
    h.clock.advance(3_600_000);
    expect((await h.port.queryOrder(r.order.id))?.status).toBe('PENDING');
    expect(await h.port.cancelOrder({ orderId: r.order.id })).toEqual([r.order.id]);
    expect((await h.port.balances()).get('USD')).toEqual({ asset: 'USD', free: 50_000, locked: 0 });
    const silent = await startFakeRoostoo({ handler: (req) => (req.url ?? '').startsWith('/v3/balance') });
    cleanup.push(() => silent.close());
    const started = Date.now();
    const c = new RoostooClient({
      baseUrl: silent.url,
      timeoutMs: 100,
      apiKey: new Secret('k'),
      secretKey: new Secret('s'),
      clock: { now: () => Date.now() },
      callsPerMinute: 100,
      ordersPerMinute: null,
      timestampWindowMs: 60_000,
      sleep: () => Promise.resolve(),
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(c.balances()).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('12. the replay shows no unfinished bar in last-close mode, and no later bar in either mode', async () => {
    const h = await simulatedHarness();
    const btc = h.quotes.quote('BTC/USD', T0)?.bid ?? 0;
    const series = new Map([['BTC', syntheticBars([100, 110, 120, 130])]]);
    const inst = new Map([['BTC/USD', BTC]]);
    const time = { start: 0, origin: 0, speed: 1 };
    const lastClose = new CandleQuotes(series, inst, time, 'last-close');
    const interp = new CandleQuotes(series, inst, time);
    // Halfway through bar 1 (open 110, close 120): last-close shows bar 0's close, interpolation 115.
    expect(lastClose.quote('BTC/USD', 5_400_000)?.bid).toBe(110);
    expect(interp.quote('BTC/USD', 5_400_000)?.bid).toBe(115);
    // Changing a later bar changes nothing before it starts.
    const later = syntheticBars([100, 110, 120, 999]);
    later.close[2] = 130; // only bar 3 differs
    const changed = new Map([['BTC', later]]);
    for (const mode of ['interpolate', 'last-close'] as const) {
      const a = new CandleQuotes(series, inst, time, mode);
      const b = new CandleQuotes(changed, inst, time, mode);
      for (let t = 0; t < 3 * 3_600_000; t += 600_000)
        expect(b.quote('BTC/USD', t), `${mode} ${t}`).toEqual(a.quote('BTC/USD', t));
    }
    expect(btc).toBeGreaterThan(0);
  });

  it('13. the local exchange survives a restart: orders, balances and the replay clock come back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'algobot-exchange-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const stateFile = join(dir, 'state.json');
    const first = await serverHarness({ stateFile, client: { callsPerMinute: 100_000 } });
    const buy = await first.client.placeOrder({ pair: 'SOL/USD', side: 'BUY', type: 'MARKET', quantity: 1 });
    const bid = first.quotes.quote('SOL/USD', first.clock.now())?.bid ?? 0;
    const rest = await first.client.placeOrder({
      pair: 'SOL/USD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
      price: bid / 2,
    });
    const balances = await first.client.balances();
    await first.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 1 });
    const second = await serverHarness({
      stateFile,
      resume: true,
      start: T0 + 600_000,
      client: { callsPerMinute: 100_000 },
    });
    cleanup.push(() => second.close());
    expect(second.local.restored).toBe(true);
    // The replay resumes where it was (plus the 10 minutes the server was "down"), not at the first candle.
    expect(second.local.replay.start).toBe(first.local.quotes.marketTime(T0 + 600_000));
    expect(await second.client.balances()).toEqual(balances);
    const orders = await second.client.queryOrders();
    expect(orders.map((o) => o.id)).toEqual([rest, buy].map((r) => (r.kind === 'placed' ? r.order.id : -1)));
    const next = await second.client.placeOrder({
      pair: 'SOL/USD',
      side: 'SELL',
      type: 'MARKET',
      quantity: 0.5,
    });
    expect(next.kind === 'placed' && next.order.id).toBe(Math.max(...orders.map((o) => o.id)) + 1);
  });

  it('14. credentials never reach logs or errors', async () => {
    const log: RequestLogEntry[] = [];
    const h = await server({ client: { callsPerMinute: 100_000, log: (e) => log.push(e) } });
    await h.client.balances();
    const down = h.newClient({
      baseUrl: 'http://127.0.0.1:1',
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const err = await down.balances().catch((e: unknown) => e);
    const text =
      JSON.stringify(log) + inspect(err, { depth: 10 }) + String(err) + inspect(h.client, { depth: 5 });
    expect(
      log.some(
        (e) => e.headers['RST-API-KEY'] === '[redacted]' && e.headers['MSG-SIGNATURE'] === '[redacted]',
      ),
    ).toBe(true);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/[0-9a-f]{64}/); // no signature
    const ignored = readFileSync(new URL('../.gitignore', import.meta.url), 'utf8');
    expect(ignored).toMatch(/^\.env$/m);
  });
});

function syntheticBars(opens: number[]): CandleSeries {
  const n = opens.length;
  const time = new Float64Array(opens.map((_, i) => i * 3_600_000));
  const open = new Float64Array(opens);
  const close = new Float64Array(opens.map((o, i) => opens[i + 1] ?? o));
  return {
    coin: 'BTC',
    interval: '1h',
    intervalMs: 3_600_000,
    length: n,
    time,
    open,
    high: close,
    low: open,
    close,
    volume: open,
  };
}
