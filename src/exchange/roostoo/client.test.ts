import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Clock } from '../../core/clock.js';
import { seededRandom } from '../../core/random.js';
import { Secret } from '../../config/secrets.js';
import { startFakeRoostoo, type FakeRoostoo } from '../../../test/helpers/fake-roostoo.js';
import { NO_ORDER_MATCHED } from '../wire/err-msg.js';
import { RoostooClient, type RoostooClientOptions } from './client.js';

/** What a route answers: JSON, a raw text body (status 200), or nothing at all (the request hangs). */
type Answer = { json: unknown } | { text: string } | 'silent';
type Route = (params: string) => Answer;

let fakes: FakeRoostoo[] = [];
afterEach(async () => {
  for (const f of fakes) await f.close();
  fakes = [];
});

/** A fake whose routes answer by path; unrouted paths get the defaults (serverTime, exchangeInfo, 404). */
async function fakeWith(routes: Record<string, Route>): Promise<FakeRoostoo> {
  const fake = await startFakeRoostoo({
    handler: (req, res) => {
      const [path = '', query] = (req.url ?? '').split('?');
      const route = routes[path];
      if (route === undefined) return false;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const answer = route(query ?? body);
        if (answer === 'silent') return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('json' in answer ? JSON.stringify(answer.json) : answer.text);
      });
      return true;
    },
  });
  fakes.push(fake);
  return fake;
}

function client(fake: FakeRoostoo, extra: Partial<RoostooClientOptions> = {}): RoostooClient {
  return new RoostooClient({
    baseUrl: fake.url,
    timeoutMs: 2000,
    apiKey: new Secret('key'),
    secretKey: new Secret('secret'),
    clock: { now: () => Date.now() } satisfies Clock,
    callsPerMinute: 100_000,
    ordersPerMinute: null,
    timestampWindowMs: 60_000,
    sleep: () => Promise.resolve(),
    random: seededRandom(1),
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });
}

const ok = { Success: true, ErrMsg: '' };
const wallet = { ...ok, SpotWallet: { USD: { Free: 1000, Lock: 0 }, BTC: { Free: 0, Lock: 0 } } };
const noOrders = { Success: false, ErrMsg: NO_ORDER_MATCHED };
const LIMIT_BUY = { pair: 'BTC/USD', side: 'BUY', type: 'LIMIT', quantity: 0.001, price: 60000 } as const;

function detail(id: number, createdAt: number): Record<string, unknown> {
  return {
    Pair: 'BTC/USD',
    OrderID: id,
    Status: 'PENDING',
    Role: 'MAKER',
    CreateTimestamp: createdAt,
    FinishTimestamp: 0,
    Side: 'BUY',
    Type: 'LIMIT',
    Price: 60000,
    Quantity: 0.001,
    FilledQuantity: 0,
    FilledAverPrice: 0,
    CoinChange: 0,
    UnitChange: 0,
    CommissionCoin: 'USD',
    CommissionChargeValue: 0,
    CommissionPercent: 0.0005,
  };
}

const count = (fake: FakeRoostoo, path: string): number =>
  fake.paths.filter((p) => p.split('?')[0] === path).length;

describe('RoostooClient.placeOrder', () => {
  it('Success without an OrderDetail is not a rejection: the lost-order check finds the order', async () => {
    const fake = await fakeWith({
      '/v3/balance': () => ({ json: wallet }),
      '/v3/place_order': () => ({ json: ok }),
      '/v3/query_order': () => ({ json: { ...ok, OrderMatched: [detail(77, Date.now())] } }),
    });
    const r = await client(fake).placeOrder(LIMIT_BUY);
    expect(r).toMatchObject({ kind: 'placed', recovered: true, order: { id: 77 } });
    expect(count(fake, '/v3/place_order')).toBe(1);
  });

  it('Success without an OrderDetail and no order found: decided by the check, never "rejected"', async () => {
    const fake = await fakeWith({
      '/v3/balance': () => ({ json: wallet }),
      '/v3/place_order': () => ({ json: ok }),
      '/v3/query_order': () => ({ json: noOrders }),
    });
    const r = await client(fake).placeOrder(LIMIT_BUY);
    expect(r.kind).toBe('not-placed');
    expect(count(fake, '/v3/query_order')).toBe(2);
  });

  it('Success: false is still a rejection, with no lost-order check', async () => {
    const fake = await fakeWith({
      '/v3/balance': () => ({ json: wallet }),
      '/v3/place_order': () => ({ json: { Success: false, ErrMsg: 'quantity error' } }),
    });
    const r = await client(fake).placeOrder(LIMIT_BUY);
    expect(r).toMatchObject({ kind: 'rejected', errMsg: 'quantity error' });
    expect(count(fake, '/v3/query_order')).toBe(0);
  });

  for (const [name, answer] of [
    ['not JSON', { text: '<html>' }],
    ['silent (timeout)', 'silent'],
  ] as const) {
    it(`a clock probe that fails (${name}) before the POST: definitely not placed, nothing sent, no lost-order check`, async () => {
      let clockBroken = false;
      const fake = await fakeWith({
        '/v3/serverTime': () => (clockBroken ? answer : { json: { ServerTime: Date.now() } }),
        '/v3/balance': () => {
          clockBroken = true; // the next clock sync (just before the POST) fails
          return { json: wallet };
        },
        '/v3/place_order': () => ({ json: { ...ok, OrderDetail: detail(1, Date.now()) } }),
        '/v3/query_order': () => ({ json: noOrders }),
      });
      // Resync before every request, so the POST's own sync is the one that fails.
      const r = await client(fake, { clockResyncMs: 0, timeoutMs: 200 }).placeOrder(LIMIT_BUY);
      expect(r.kind).toBe('not-placed');
      expect(r.kind === 'not-placed' && r.cause).toMatch(/^not sent: .*serverTime/);
      expect(count(fake, '/v3/place_order')).toBe(0);
      expect(count(fake, '/v3/query_order')).toBe(0);
    });
  }

  it('waits out the timestamp window on the true exchange clock, with half the probe round trip as margin', async () => {
    const T = 1_790_777_200_000;
    const SKEW = 5_000; // the exchange's clock is 5 s ahead of ours
    const clock = new ManualClock(T);
    const serverTime = (): number => clock.now() + SKEW;
    let signed = 0;
    const looks: number[] = [];
    const fake = await fakeWith({
      // Every probe takes 400 ms and the server reads its clock at the very end: the worst case, where the
      // midpoint estimate is 200 ms (half the round trip) ahead of the exchange's true clock.
      '/v3/serverTime': () => {
        clock.advance(400);
        return { json: { ServerTime: serverTime() } };
      },
      '/v3/balance': () => ({ json: wallet }),
      '/v3/place_order': (params) => {
        signed = Number(new URLSearchParams(params).get('timestamp'));
        return 'silent';
      },
      '/v3/query_order': () => {
        looks.push(serverTime());
        return { json: noOrders };
      },
    });
    const c = client(fake, {
      clock,
      timeoutMs: 100,
      sleep: (ms) => {
        clock.advance(ms);
        return Promise.resolve();
      },
    });
    const r = await c.placeOrder(LIMIT_BUY);
    expect(r.kind).toBe('not-placed');
    expect(count(fake, '/v3/place_order')).toBe(1);
    expect(looks).toHaveLength(2);
    // The deciding look happens when the exchange's TRUE clock is past signed + window + settle (1 s) + the
    // fixed skew tolerance (2 s): the error of the estimate (≤ RTT/2) is covered by the extra margin.
    expect(looks[1]).toBeGreaterThanOrEqual(signed + 60_000 + 1_000 + 2_000);
  });
});
