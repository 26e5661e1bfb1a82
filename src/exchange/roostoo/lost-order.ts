// What to do when the answer to an order POST is lost (timeout, connection reset, 5xx, unreadable answer).
// Roostoo has no client order id, so sending the order again could place it twice. Instead we find out:
//
//   1. Look (after a short settle delay) at the pair's newest orders for one we have not seen before, with the
//      same side, type, quantity (and price, for LIMIT), created no earlier than just before our attempt (minus a
//      clock-skew tolerance). Exactly one → placed (recovered). Several → unknown (ambiguous).
//   2. None yet: wait until the signed timestamp of the lost request is older than the exchange's window (plus a
//      margin). From then on the exchange refuses that request if it ever arrives, so nothing can appear later.
//      The wait is measured on our estimate of the exchange's clock, which can be off: the offset was measured
//      on a probe whose server reading lies anywhere in its round trip, so the estimate is within ±RTT/2 of the
//      truth (offsetErrorMs), plus the local clock's drift since the probe and the server's own granularity
//      (covered by the fixed skewToleranceMs, 2 s by default). The margin is therefore
//      settleMs + offsetErrorMs + skewToleranceMs: when our estimate reaches signed + window + margin, the
//      exchange's true clock is past signed + window + settleMs, and the request can no longer be accepted.
//   3. Look again. Found → placed (the exchange was slow to list it). Still none: compare the pair's coin and unit
//      balances with those read just before the POST. Unchanged → not placed (definite). Changed → unknown: a
//      fill we cannot attribute (another resting order, another client) and the caller must reconcile.
//   Any read failing (after its own retries) ends the check with unknown: the caller must reconcile before it
//   sends anything for this pair again.
import type { Instrument } from '../../domain/instrument.js';
import type { Balance, Balances } from '../../domain/market.js';
import type { Order } from '../../domain/order.js';
import type { PreparedOrder } from '../../domain/order-sizing.js';
import { errorMessage } from '../../core/errors.js';
import { orderMatches } from '../order-match.js';
import type { PlaceOutcome } from '../port.js';
import type { Sleep } from '../rate-limit.js';

export interface LostOrderDeps {
  /** The pair's newest orders, newest first (a read with its own retries; throws when it cannot answer). */
  recentOrders(pair: string): Promise<readonly Order[]>;
  balances(): Promise<Balances>;
  /** The exchange's clock, estimated. */
  serverNow(): number;
  sleep: Sleep;
  /** Ids of orders this client already knows: never mistaken for the lost one. */
  readonly knownIds: ReadonlySet<number>;
  readonly timestampWindowMs: number;
  readonly settleMs: number;
  /**
   * Fixed clock-error tolerance: how far before our attempt a match's CreateTimestamp may be, and part of the
   * margin past the timestamp window (local drift since the last probe, server clock granularity).
   */
  readonly skewToleranceMs: number;
  /** Bound on the error of the clock-offset estimate: half the round trip of the probe it came from. */
  readonly offsetErrorMs: number;
}

export interface LostOrder {
  readonly inst: Instrument;
  readonly sent: PreparedOrder;
  /** Estimated exchange time just before the POST. */
  readonly attemptedAt: number;
  /** The `timestamp` parameter the lost request was signed with. */
  readonly signedTimestamp: number;
  /** Balances read just before the POST. */
  readonly before: Balances;
  /** Why the answer is missing, for the outcome's message. */
  readonly cause: string;
}

export function matchesLost(
  o: Order,
  lost: LostOrder,
  deps: Pick<LostOrderDeps, 'knownIds' | 'skewToleranceMs'>,
): boolean {
  if (deps.knownIds.has(o.id)) return false;
  if (!orderMatches(o, lost.sent, lost.inst)) return false;
  return o.createdAt >= lost.attemptedAt - deps.skewToleranceMs;
}

export async function resolveLostOrder(deps: LostOrderDeps, lost: LostOrder): Promise<PlaceOutcome> {
  const unknown = (why: string, candidates: readonly Order[] = []): PlaceOutcome => ({
    kind: 'unknown',
    cause: `${lost.cause}; ${why}`,
    sent: lost.sent,
    attemptedAt: lost.attemptedAt,
    candidates,
  });
  const look = async (): Promise<Order[]> =>
    (await deps.recentOrders(lost.sent.pair)).filter((o) => matchesLost(o, lost, deps));
  try {
    await deps.sleep(deps.settleMs);
    let found = await look();
    if (found.length === 0) {
      // See 2. above: the margin covers the settle delay and the worst error of our estimate of the exchange's clock.
      const margin = deps.settleMs + Math.max(0, deps.offsetErrorMs) + deps.skewToleranceMs;
      const expiry = lost.signedTimestamp + deps.timestampWindowMs + margin;
      const wait = expiry - deps.serverNow();
      if (wait > 0) await deps.sleep(wait);
      found = await look();
    }
    if (found.length > 1) return unknown(`${found.length} orders match it`, found);
    const order = found[0];
    if (order !== undefined) return { kind: 'placed', order, recovered: true };
    const after = await deps.balances();
    if (!sameBalances(lost.before, after, [lost.inst.coin, lost.inst.unit])) {
      return unknown(`no matching order, but the ${lost.inst.pair} balances changed`);
    }
    return {
      kind: 'not-placed',
      cause: `${lost.cause}; no such order after the timestamp window`,
      sent: lost.sent,
    };
  } catch (err) {
    return unknown(`the check failed: ${errorMessage(err)}`);
  }
}

function sameBalances(a: Balances, b: Balances, assets: readonly string[]): boolean {
  const same = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x));
  return assets.every((asset) => {
    const x: Balance = a.get(asset) ?? { asset, free: 0, locked: 0 };
    const y: Balance = b.get(asset) ?? { asset, free: 0, locked: 0 };
    return same(x.free, y.free) && same(x.locked, y.locked);
  });
}
