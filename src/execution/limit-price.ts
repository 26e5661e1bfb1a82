// Limit prices near mid. "Towards the other side": a buy is priced offset bps above mid (towards the ask), a sell
// below it (towards the bid). With Roostoo's one-tick spread this crosses the touch and fills at once at the
// touch (never worse than the limit), so the limit is a price guard on a near-certain fill; on a coin whose tick
// is wider than the offset it rests inside the spread and waits for the market (then the timeout reprices it).
import type { Side } from '../domain/order.js';

export function midOf(bid: number, ask: number): number {
  return (bid + ask) / 2;
}

export function limitPrice(side: Side, bid: number, ask: number, offsetBps: number): number {
  const mid = midOf(bid, ask);
  const f = offsetBps / 10_000;
  return side === 'BUY' ? mid * (1 + f) : mid * (1 - f);
}
