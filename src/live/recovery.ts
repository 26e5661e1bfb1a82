// Start-up is recovery: the state database says what the bot believed at its last checkpoint; the exchange says
// what is true. Before the first cycle, every difference is resolved and logged:
//   1. Intents without an outcome (the bot died between recording an order and recording the answer, or the answer
//      was lost and never settled): the order is looked for on the exchange by pair, side, type, quantity and price
//      among orders the bot has never seen. Found → adopted (booked if filled, managed if resting). Not found → wait
//      out the exchange's timestamp window (the request, if it was ever sent, can no longer be accepted after it:
//      it was sent before the crash, so before this wait began), look again, and only then record "not placed".
//   2. Resting orders the bot managed: filled while it was down → the fill is booked; cancelled or unknown to the
//      exchange → dropped; still resting → kept (timeouts resume).
//   3. Pending orders on the exchange the bot does not manage (placed by hand, or by a lost intent already settled)
//      → cancelled: they would trade against the bot's targets.
//   4. The wallet against the position book: a coin that appeared (bought by hand) is adopted with a fresh stop; one
//      that vanished (sold by hand) closes its round trip; a changed quantity replaces the tracked one.
// The result is checkpointed before trading starts. Nothing here sends a new order.
import { errorMessage } from '../core/errors.js';
import type { Instrument } from '../domain/instrument.js';
import { balanceTotal } from '../domain/market.js';
import type { Order } from '../domain/order.js';
import { toSteps } from '../domain/ticks.js';
import type { Engine } from '../engine/engine.js';
import { orderRecordOf, type IntentRecord, type OrderRecord, type TradeRecord } from '../engine/journal.js';
import { restingOf } from '../engine/order-manager.js';
import { isDust, midOfTicker } from '../engine/snapshot.js';
import { orderMatches } from '../exchange/order-match.js';
import type { ExchangePort } from '../exchange/port.js';

export interface RecoveryStore {
  trade(r: TradeRecord): void;
  /** Intents with no outcome, or whose outcome was `unknown`. */
  unresolvedIntents(): IntentRecord[];
  /** Records the outcome recovery found for an intent. */
  resolveIntent(r: OrderRecord): void;
  /** Every exchange order id the bot has recorded. */
  knownOrderIds(): ReadonlySet<number>;
  event(time: number, kind: string, message: string, details?: unknown): void;
}

export interface RecoveryOptions {
  readonly engine: Engine;
  readonly exchange: ExchangePort;
  readonly store: RecoveryStore;
  /** Market time (records). */
  readonly now: () => number;
  /** Waits this many wall milliseconds (the timestamp window). */
  readonly sleepMs: (ms: number) => Promise<void>;
  /** The exchange's timestamp window plus a margin for clock error, in wall ms. */
  readonly settleWindowMs: number;
  readonly unit: string;
  readonly log: (kind: string, message: string, details?: Record<string, unknown>) => void;
}

export interface RecoveryReport {
  readonly differences: number;
}

function matches(o: Order, i: IntentRecord, inst: Instrument): boolean {
  return orderMatches(
    o,
    {
      pair: i.pair,
      side: i.side,
      type: i.type,
      qtySteps: toSteps(i.quantity, inst.amountPrecision, 'nearest'),
      priceTicks: i.type === 'LIMIT' ? toSteps(i.price, inst.pricePrecision, 'nearest') : undefined,
    },
    inst,
  );
}

export async function recover(o: RecoveryOptions): Promise<RecoveryReport> {
  const { engine, exchange, store } = o;
  const { orders, book, instruments } = engine.recovery;
  let differences = 0;
  const note = (kind: string, message: string, details?: Record<string, unknown>): void => {
    differences++;
    store.event(o.now(), kind, message, details);
    o.log(kind, message, details);
  };
  const instOfPair = new Map([...instruments.values()].map((i) => [i.pair, i]));
  const known = new Set(store.knownOrderIds());

  // 1. Intents without an outcome.
  const intents = store.unresolvedIntents();
  const find = async (i: IntentRecord, inst: Instrument): Promise<Order | undefined> => {
    const list = await exchange.queryOrders({ pair: i.pair });
    // Oldest first among the candidates: two lost intents with the same order take the orders in sequence.
    return [...list].reverse().find((x) => !known.has(x.id) && matches(x, i, inst));
  };
  const pending: IntentRecord[] = [];
  for (const i of intents) {
    const inst = instOfPair.get(i.pair);
    if (inst === undefined) continue;
    const found = await find(i, inst);
    if (found === undefined) pending.push(i);
    else adopt(i, found);
  }
  if (pending.length > 0) {
    o.log(
      'waiting',
      `${pending.length} order(s) in flight at the crash not found yet: waiting out the exchange's timestamp window (${Math.round(o.settleWindowMs / 1000)} s) before deciding`,
    );
    await o.sleepMs(o.settleWindowMs);
    for (const i of pending) {
      const inst = instOfPair.get(i.pair) as Instrument;
      const found = await find(i, inst);
      if (found !== undefined) adopt(i, found);
      else {
        store.resolveIntent(
          orderRecordOf(i, {
            outcome: 'not-placed',
            orderId: undefined,
            status: undefined,
            message: 'not on the exchange after its timestamp window (start-up)',
          }),
        );
        engine.checkpoint();
        note('intent-not-placed', `intent ${i.id} (${i.side} ${i.quantity} ${i.pair}) was never placed`, {
          intent: i.id,
        });
      }
    }
  }

  function adopt(i: IntentRecord, x: Order): void {
    known.add(x.id);
    // The engine takes the order up (the fill is buffered with the book's change), the outcome is buffered, and one
    // checkpoint writes the outcome, the fill and the engine's state in a single transaction: a
    // crash later in recovery (which awaits the exchange, and may wait out a timestamp window) can no longer leave
    // the intent settled as placed while its fill, never written, is lost.
    if (x.status === 'FILLED') orders.bookFill(x, i.reason);
    else if (x.status === 'PENDING') {
      orders.adopt(restingOf(i, x.id, o.now()));
    }
    store.resolveIntent(
      orderRecordOf(i, {
        outcome: 'placed',
        orderId: x.id,
        status: x.status,
        message: 'found on the exchange at start-up',
      }),
    );
    engine.checkpoint();
    note('intent-adopted', `intent ${i.id} is order ${x.id} (${x.status})`, {
      intent: i.id,
      order: x.id,
      status: x.status,
    });
  }

  // 2. Resting orders the bot managed.
  for (const r of orders.resting()) {
    let x: Order | undefined;
    try {
      x = await exchange.queryOrder(r.id);
    } catch (err) {
      throw new Error(`cannot read order ${r.id} from the exchange at start-up: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    if (x?.status === 'PENDING') continue;
    orders.forget(r.id);
    if (x?.status === 'FILLED') {
      orders.bookFill(x, r.reason);
      // The fill and the state without this resting order, in one transaction, before the next await.
      engine.checkpoint();
      note('filled-while-down', `order ${r.id} (${r.side} ${r.pair}) filled while the bot was down`, {
        order: r.id,
      });
    } else {
      note(
        'order-gone',
        `order ${r.id} (${r.side} ${r.pair}) is ${x === undefined ? 'unknown to the exchange' : 'cancelled'}`,
        { order: r.id },
      );
    }
  }

  // 3. Pending orders nobody manages.
  const managed = new Set(orders.resting().map((r) => r.id));
  const open = await exchange.queryOrders({ pendingOnly: true });
  for (const x of open) {
    if (managed.has(x.id)) continue;
    const ids = await exchange.cancelOrder({ orderId: x.id });
    note(
      'orphan-cancelled',
      `pending order ${x.id} (${x.side} ${x.quantity} ${x.pair}) is not the bot's: ${ids.includes(x.id) ? 'cancelled' : 'could not be cancelled (filled meanwhile?)'}`,
      { order: x.id },
    );
  }

  // 4. Wallet against book.
  const balances = await exchange.balances();
  const tickers = await exchange.tickers();
  const equity =
    balanceTotal(balances.get(o.unit)) +
    [...instruments.values()].reduce((s, inst) => {
      const mid = midOfTicker(tickers.get(inst.pair));
      const q = balanceTotal(balances.get(inst.coin));
      return Number.isFinite(mid) && q > 0 ? s + q * mid : s;
    }, 0);
  engine.market.assets.forEach((u, a) => {
    const inst = instruments.get(u.coin);
    if (inst === undefined) return;
    const t = tickers.get(inst.pair);
    if (t === undefined) return;
    const wallet = balanceTotal(balances.get(u.coin));
    const tracked = book.quantity(u.coin);
    const walletDust = isDust(inst, wallet, t.bid);
    const trackedDust = isDust(inst, tracked, t.bid);
    const mid = midOfTicker(t);
    if (walletDust && trackedDust) {
      book.reconcile(u.coin, wallet);
      return;
    }
    if (!walletDust && (trackedDust || !book.hasTrade(u.coin))) {
      book.adoptHolding(o.now(), u.coin, wallet, mid, engine.market.atr(a), equity);
      note(
        'holding-appeared',
        `${wallet} ${u.coin} in the wallet that the bot did not hold: adopted at ${mid} with a stop`,
        { coin: u.coin, quantity: wallet },
      );
      return;
    }
    if (walletDust) {
      const trade = book.dropHolding(o.now(), u.coin, mid);
      if (trade !== undefined) store.trade(trade);
      note(
        'holding-vanished',
        `${u.coin}: the bot held ${tracked}, the wallet has ${wallet}: position closed`,
        { coin: u.coin, tracked, wallet },
      );
      return;
    }
    if (
      toSteps(wallet, inst.amountPrecision, 'nearest') !== toSteps(tracked, inst.amountPrecision, 'nearest')
    ) {
      book.reconcile(u.coin, wallet);
      note(
        'quantity-changed',
        `${u.coin}: the bot tracked ${tracked}, the wallet has ${wallet}: the wallet wins`,
        { coin: u.coin, tracked, wallet },
      );
    }
  });
  engine.checkpoint();
  return { differences };
}
