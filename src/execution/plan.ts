// Targets − holdings → order intents. Pure: the engine hands in the quotes, balances and target weights it read
// through the exchange port, and places what comes back.
//
// Sells come first (planSells), so that their proceeds are in the wallet before buys are sized (planBuys is
// called again with the balances read after the sells). Rules:
// - A sell never exceeds the free coin, rounded down to a whole step (sellableQuantity): a maker buy paid its
//   fee in the coin, so the wallet holds a little less than was bought.
// - An exit (target 0) sells everything free, whatever its size; other trades smaller than minWeightChange of
//   equity are dropped (fees over churn).
// - Buys are sized against free cash: quantity × limit price × (1 + fee rate) never exceeds what is left after
//   the buys before it (largest shortfall first, then by coin for determinism). prepareOrder rounds the quantity
//   down to a step, so rounding never adds value.
// - Urgent exits (stops) go as MARKET orders when the config says so, otherwise as limits like the rest.
// - Anything prepareOrder refuses (below the exchange minimum, below one step) is a `skipped` value.
import type { Instrument } from '../domain/instrument.js';
import type { OrderRequest, Side } from '../domain/order.js';
import { prepareOrder, sellableQuantity } from '../domain/order-sizing.js';
import { stepsToNumber, toSteps } from '../domain/ticks.js';
import type { ExecutionStep, IntentReason, OrderIntent, SkippedIntent } from './intents.js';
import { limitPrice, midOf } from './limit-price.js';
import type { ExecutionParams } from './params.js';

export interface ExecutionAsset {
  readonly coin: string;
  readonly instrument: Instrument;
  readonly bid: number;
  readonly ask: number;
  /** Coin free to trade (not locked by a resting order). */
  readonly free: number;
  /** Coin held in total (free + locked): the position the target is compared with. */
  readonly held: number;
  /** Weight to trade to (fraction of equity). */
  readonly target: number;
  /** Exit urgently (a stop or loss limit fired): sell everything, MARKET when configured. */
  readonly urgent: boolean;
  /** A reduction the portfolio forces (a weight above its cap or the sleeve): traded whatever its size. */
  readonly forced?: boolean | undefined;
}

export interface ExecutionInput {
  /** Total equity in the quote currency (cash + positions at mid). */
  readonly equity: number;
  /** Free quote currency. */
  readonly cash: number;
  readonly assets: readonly ExecutionAsset[];
}

/**
 * The free coin rounded down to a whole step, and never above the free amount itself: sellableQuantity treats a
 * value within 1e-9 of a step as on it, but a wallet of 999499.99999999 (a maker fee taken in the coin) cannot
 * deliver 999500, and the exchange refuses the order for insufficient balance.
 */
function strictlySellable(inst: Instrument, free: number): number {
  const q = sellableQuantity(inst, { asset: inst.coin, free, locked: 0 });
  if (q <= free) return q;
  const steps = toSteps(q, inst.amountPrecision, 'nearest') - 1;
  return steps > 0 ? stepsToNumber(steps, inst.amountPrecision) : 0;
}

function skip(coin: string, side: Side, reason: SkippedIntent['reason'], detail: string): SkippedIntent {
  return { kind: 'skipped', coin, side, reason, detail };
}

function hasQuote(a: ExecutionAsset): boolean {
  return a.bid > 0 && a.ask > 0 && Number.isFinite(a.bid) && Number.isFinite(a.ask);
}

function intent(
  a: ExecutionAsset,
  req: OrderRequest,
  reason: IntentReason,
  valuePrice: number,
): ExecutionStep {
  const r = prepareOrder(a.instrument, req);
  if (!r.ok) return skip(a.coin, req.side, r.reason, r.message);
  const order: OrderIntent = {
    kind: 'order',
    coin: a.coin,
    reason,
    request: {
      pair: r.order.pair,
      side: r.order.side,
      type: r.order.type,
      quantity: r.order.quantity,
      price: r.order.price,
      referencePrice: req.referencePrice,
    },
    prepared: r.order,
    value: r.order.quantity * (r.order.price ?? valuePrice),
  };
  return order;
}

/** The sells: exits, stops and reductions, in asset order. */
export function planSells(input: ExecutionInput, p: ExecutionParams): ExecutionStep[] {
  const out: ExecutionStep[] = [];
  for (const a of input.assets) {
    const mid = midOf(a.bid, a.ask);
    const exiting = a.urgent || a.target <= 0;
    const delta = a.target * input.equity - a.held * mid;
    if (!exiting && delta >= 0) continue;
    if (!hasQuote(a)) {
      if (a.held > 0) out.push(skip(a.coin, 'SELL', 'no-quote', `no usable quote for ${a.coin}`));
      continue;
    }
    if (a.held <= 0) continue;
    const sellable = strictlySellable(a.instrument, a.free);
    if (sellable <= 0) {
      out.push(skip(a.coin, 'SELL', 'nothing-to-sell', `${a.coin}: no free quantity to sell`));
      continue;
    }
    if (!exiting && a.forced !== true && -delta <= p.minWeightChange * input.equity) {
      out.push(skip(a.coin, 'SELL', 'below-threshold', `${a.coin}: reduction within the threshold`));
      continue;
    }
    const quantity = exiting ? sellable : Math.min(sellable, -delta / mid);
    const reason: IntentReason = a.urgent ? 'stop' : a.target <= 0 ? 'exit' : 'rebalance';
    const market = a.urgent && p.marketForUrgentExits;
    const req: OrderRequest = market
      ? { pair: a.instrument.pair, side: 'SELL', type: 'MARKET', quantity, referencePrice: a.bid }
      : {
          pair: a.instrument.pair,
          side: 'SELL',
          type: 'LIMIT',
          quantity,
          price: limitPrice('SELL', a.bid, a.ask, p.limitOffsetBps),
        };
    out.push(intent(a, req, reason, a.bid));
  }
  return out;
}

/** The buys, sized against `input.cash` (read after the sells filled). */
export function planBuys(input: ExecutionInput, p: ExecutionParams): ExecutionStep[] {
  const wants: { a: ExecutionAsset; delta: number }[] = [];
  const out: ExecutionStep[] = [];
  for (const a of input.assets) {
    if (a.urgent || a.target <= 0) continue;
    if (!hasQuote(a)) {
      out.push(skip(a.coin, 'BUY', 'no-quote', `no usable quote for ${a.coin}`));
      continue;
    }
    const delta = a.target * input.equity - a.held * midOf(a.bid, a.ask);
    if (delta <= 0) continue;
    if (delta <= p.minWeightChange * input.equity) {
      out.push(skip(a.coin, 'BUY', 'below-threshold', `${a.coin}: addition within the threshold`));
      continue;
    }
    wants.push({ a, delta });
  }
  wants.sort((x, y) => y.delta - x.delta || (x.a.coin < y.a.coin ? -1 : x.a.coin > y.a.coin ? 1 : 0));
  let cash = Math.max(0, input.cash);
  for (const { a, delta } of wants) {
    const price = limitPrice('BUY', a.bid, a.ask, p.limitOffsetBps);
    const affordable = cash / (1 + p.feeRate);
    const value = Math.min(delta, affordable);
    // Cut short by the cash and not worth an order any more: say so (rather than "below the minimum").
    if (!(value > 0) || (value < delta && !(value > a.instrument.minOrder))) {
      out.push(skip(a.coin, 'BUY', 'no-cash', `${a.coin}: no free cash left`));
      continue;
    }
    const step = intent(
      a,
      { pair: a.instrument.pair, side: 'BUY', type: 'LIMIT', quantity: value / price, price },
      'rebalance',
      price,
    );
    // The tick rounding of the limit price may raise it by half a tick: re-check the cash with the real price.
    if (step.kind === 'order' && step.value * (1 + p.feeRate) > cash) {
      out.push(skip(a.coin, 'BUY', 'no-cash', `${a.coin}: rounding the price left too little cash`));
      continue;
    }
    if (step.kind === 'order') cash -= step.value * (1 + p.feeRate);
    out.push(step);
  }
  return out;
}

/** Sells then buys, with buys sized against the cash free now (sell proceeds not counted). */
export function planOrders(input: ExecutionInput, p: ExecutionParams): ExecutionStep[] {
  return [...planSells(input, p), ...planBuys(input, p)];
}
