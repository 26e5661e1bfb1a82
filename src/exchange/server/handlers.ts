// The v3 endpoints of the local exchange over the shared matching engine: parameters in (already authenticated),
// the exact Roostoo answer shape out. Failures are HTTP 200 with `Success: false` and an ErrMsg, as on Roostoo;
// the benign empty answers are failures too, with the live texts.
import type { MatchingEngine } from '../matching/engine.js';
import type { TradePair } from '../wire/exchange-info.js';
import * as msg from '../wire/err-msg.js';
import { toOrderDetail } from '../wire/order-detail.js';

export type Json = Record<string, unknown>;

const failure = (errMsg: string, extra: Json = {}): Json => ({ Success: false, ErrMsg: errMsg, ...extra });

export interface HandlerContext {
  readonly engine: MatchingEngine;
  readonly tradePairs: Readonly<Record<string, TradePair>>;
  readonly startingUsd: number;
}

export function exchangeInfo(ctx: HandlerContext): Json {
  return { IsRunning: true, InitialWallet: { USD: ctx.startingUsd }, TradePairs: ctx.tradePairs };
}

export function ticker(ctx: HandlerContext, params: ReadonlyMap<string, string>, now: number): Json {
  const pair = params.get('pair');
  const pairs = pair === undefined ? [...ctx.engine.instruments.keys()] : [pair];
  const data: Record<string, Json> = {};
  for (const p of pairs) {
    const q = ctx.engine.quote(p, now);
    if (q === undefined) continue;
    data[p] = {
      MaxBid: q.bid,
      MinAsk: q.ask,
      LastPrice: q.last,
      Change: 0,
      CoinTradeValue: 0,
      UnitTradeValue: 0,
    };
  }
  if (pair !== undefined && data[pair] === undefined) return failure(msg.UNKNOWN_PAIR);
  return { Success: true, ErrMsg: '', ServerTime: now, Data: data };
}

export function balance(ctx: HandlerContext, account: string): Json {
  const wallet: Record<string, Json> = {};
  for (const [asset, b] of ctx.engine.balances(account)) wallet[asset] = { Free: b.free, Lock: b.locked };
  return { Success: true, ErrMsg: '', SpotWallet: wallet, MarginWallet: {} };
}

export function pendingCount(ctx: HandlerContext, account: string): Json {
  const byPair = ctx.engine.pendingCount(account);
  const total = [...byPair.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return failure(msg.NO_PENDING_ORDER, { TotalPending: 0, OrderPairs: {} });
  return { Success: true, ErrMsg: '', TotalPending: total, OrderPairs: Object.fromEntries(byPair) };
}

export function placeOrder(
  ctx: HandlerContext,
  account: string,
  params: ReadonlyMap<string, string>,
  now: number,
): { body: Json; accepted: boolean } {
  const [pair, side, type, quantity] = ['pair', 'side', 'type', 'quantity'].map((k) => params.get(k));
  if (pair === undefined || side === undefined || type === undefined || quantity === undefined) {
    return { body: failure(msg.BAD_PARAMETER), accepted: false };
  }
  const r = ctx.engine.place(account, { pair, side, type, quantity, price: params.get('price') }, now);
  if (!r.ok) return { body: failure(r.errMsg), accepted: false };
  return { body: { Success: true, ErrMsg: '', OrderDetail: toOrderDetail(r.value) }, accepted: true };
}

function intParam(params: ReadonlyMap<string, string>, key: string): number | undefined | null {
  const v = params.get(key);
  if (v === undefined) return undefined;
  return /^[0-9]{1,15}$/.test(v) ? Number(v) : null;
}

export function queryOrder(ctx: HandlerContext, account: string, params: ReadonlyMap<string, string>): Json {
  const orderId = intParam(params, 'order_id');
  const offset = intParam(params, 'offset');
  const limit = intParam(params, 'limit');
  const pendingOnly = params.get('pending_only');
  if (orderId === null || offset === null || limit === null) return failure(msg.BAD_PARAMETER);
  if (pendingOnly !== undefined && pendingOnly !== 'TRUE' && pendingOnly !== 'FALSE') {
    return failure(msg.BAD_PARAMETER);
  }
  const pair = params.get('pair');
  // order_id goes alone (API.md): a client mixing it with filters is told so rather than guessed at.
  if (orderId !== undefined && (pair !== undefined || offset !== undefined || limit !== undefined)) {
    return failure(msg.BAD_PARAMETER);
  }
  const orders = ctx.engine.query(account, {
    orderId,
    pair,
    offset,
    limit,
    pendingOnly: pendingOnly === 'TRUE',
  });
  if (orders.length === 0) return failure(msg.NO_ORDER_MATCHED);
  return { Success: true, ErrMsg: '', OrderMatched: orders.map(toOrderDetail) };
}

export function cancelOrder(
  ctx: HandlerContext,
  account: string,
  params: ReadonlyMap<string, string>,
  now: number,
): Json {
  const orderId = intParam(params, 'order_id');
  const pair = params.get('pair');
  if (orderId === null) return failure(msg.BAD_PARAMETER);
  if (orderId !== undefined && pair !== undefined) return failure(msg.BOTH_ID_AND_PAIR);
  const ids = ctx.engine.cancel(account, { orderId, pair }, now);
  if (ids.length === 0) return failure(msg.NO_ORDER_CANCELED);
  return { Success: true, ErrMsg: '', CanceledList: ids };
}
