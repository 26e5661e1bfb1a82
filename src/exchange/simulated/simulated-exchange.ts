// The in-process exchange that backtests trade on: the exchange port over the shared matching engine, with no
// network, signing or rate limit in between. The same engine serves the local Roostoo server, and the contract
// suite (test/exchange-contract.test.ts) runs on both, so they cannot drift apart.
import type { Clock } from '../../core/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Balances, Ticker } from '../../domain/market.js';
import type { Order, OrderRequest } from '../../domain/order.js';
import { prepareOrder } from '../../domain/order-sizing.js';
import type { MatchingEngine } from '../matching/engine.js';
import type { CancelTarget, ExchangePort, OrderQuery, PendingCount, PlaceOutcome } from '../port.js';

export interface SimulatedExchangeOptions {
  readonly engine: MatchingEngine;
  readonly clock: Clock;
  /** The account traded on; opened with `startingWallet` if new. */
  readonly account?: string;
  readonly startingWallet?: Readonly<Record<string, number>>;
}

export class SimulatedExchange implements ExchangePort {
  readonly #engine: MatchingEngine;
  readonly #clock: Clock;
  readonly #account: string;
  /** The last balances read and the engine version they were read at: reused while nothing has changed. */
  #balances: { version: number; balances: Balances } | undefined;

  constructor(opts: SimulatedExchangeOptions) {
    this.#engine = opts.engine;
    this.#clock = opts.clock;
    this.#account = opts.account ?? 'simulated';
    this.#engine.openAccount(this.#account, opts.startingWallet ?? { USD: 50_000 });
  }

  #now(): number {
    const now = this.#clock.now();
    this.#engine.advance(now);
    return now;
  }

  serverTime(): Promise<number> {
    return Promise.resolve(this.#clock.now());
  }

  instruments(): Promise<ReadonlyMap<string, Instrument>> {
    return Promise.resolve(this.#engine.instruments);
  }

  tickers(pair?: string): Promise<ReadonlyMap<string, Ticker>> {
    const now = this.#now();
    const out = new Map<string, Ticker>();
    const add = (p: string): void => {
      const q = this.#engine.quote(p, now);
      if (q !== undefined) out.set(p, { pair: p, bid: q.bid, ask: q.ask, last: q.last, time: now });
    };
    if (pair !== undefined) add(pair);
    else for (const p of this.#engine.instruments.keys()) add(p);
    if (pair !== undefined && out.size === 0) return Promise.reject(new Error(`no ticker for ${pair}`));
    return Promise.resolve(out);
  }

  balances(): Promise<Balances> {
    this.#now();
    const version = this.#engine.version;
    if (this.#balances?.version !== version) {
      this.#balances = { version, balances: this.#engine.balances(this.#account) };
    }
    return Promise.resolve(this.#balances.balances);
  }

  pendingCount(): Promise<PendingCount> {
    this.#now();
    const byPair = this.#engine.pendingCount(this.#account);
    const total = [...byPair.values()].reduce((a, b) => a + b, 0);
    return Promise.resolve({ total, byPair });
  }

  placeOrder(request: OrderRequest): Promise<PlaceOutcome> {
    const now = this.#now();
    const inst = this.#engine.instruments.get(request.pair);
    if (inst === undefined) {
      return Promise.resolve({
        kind: 'refused',
        reason: 'not-tradable',
        message: `${request.pair} is not listed`,
      });
    }
    const quote = this.#engine.quote(request.pair, now);
    const referencePrice = request.referencePrice ?? (request.side === 'BUY' ? quote?.ask : quote?.bid);
    const prepared = prepareOrder(inst, { ...request, referencePrice });
    if (!prepared.ok)
      return Promise.resolve({ kind: 'refused', reason: prepared.reason, message: prepared.message });
    const sent = prepared.order;
    const r = this.#engine.place(
      this.#account,
      {
        pair: sent.pair,
        side: sent.side,
        type: sent.type,
        quantity: sent.quantityText,
        price: sent.priceText,
      },
      now,
    );
    return Promise.resolve(
      r.ok
        ? { kind: 'placed', order: r.value, recovered: false }
        : { kind: 'rejected', errMsg: r.errMsg, sent },
    );
  }

  queryOrder(orderId: number): Promise<Order | undefined> {
    this.#now();
    return Promise.resolve(this.#engine.query(this.#account, { orderId })[0]);
  }

  queryOrders(query: OrderQuery = {}): Promise<readonly Order[]> {
    this.#now();
    return Promise.resolve(this.#engine.query(this.#account, query));
  }

  cancelOrder(target: CancelTarget): Promise<readonly number[]> {
    const now = this.#clock.now();
    const t =
      'orderId' in target ? { orderId: target.orderId } : 'pair' in target ? { pair: target.pair } : {};
    return Promise.resolve(this.#engine.cancel(this.#account, t, now));
  }
}
