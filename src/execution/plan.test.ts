import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../domain/instrument.js';
import { formatSteps, toSteps } from '../domain/ticks.js';
import type { ExecutionParams } from './params.js';
import { planBuys, planOrders, planSells, type ExecutionAsset } from './plan.js';
import { onOrderAge } from './timeout.js';

const P: ExecutionParams = {
  limitOffsetBps: 2,
  orderTimeoutMs: 90_000,
  maxReprices: 2,
  marketForUrgentExits: true,
  minWeightChange: 0.02,
  feeRate: 0.001,
};

function inst(coin: string, pricePrecision: number, amountPrecision: number, minOrder = 1): Instrument {
  return {
    pair: `${coin}/USD`,
    coin,
    unit: 'USD',
    canTrade: true,
    pricePrecision,
    amountPrecision,
    minOrder,
  };
}

function asset(i: Instrument, price: number, held: number, target: number, urgent = false): ExecutionAsset {
  const tick = 10 ** -i.pricePrecision;
  const bid = Math.round(price / tick) * tick;
  return { coin: i.coin, instrument: i, bid, ask: bid + tick, free: held, held, target, urgent };
}

describe('planOrders', () => {
  it('sells before buys, exits in full, and sends urgent exits as MARKET at the bid', () => {
    const btc = inst('BTC', 2, 5);
    const eth = inst('ETH', 2, 4);
    const sol = inst('SOL', 2, 3);
    const steps = planOrders(
      {
        equity: 100_000,
        cash: 50_000,
        assets: [asset(sol, 150, 0, 0.1), asset(btc, 60_000, 0.2, 0), asset(eth, 3000, 5, 0, true)],
      },
      P,
    );
    const orders = steps.filter((s) => s.kind === 'order');
    expect(orders.map((o) => [o.coin, o.request.side, o.request.type, o.reason])).toEqual([
      ['BTC', 'SELL', 'LIMIT', 'exit'],
      ['ETH', 'SELL', 'MARKET', 'stop'],
      ['SOL', 'BUY', 'LIMIT', 'rebalance'],
    ]);
    expect(orders[0]?.request.quantity).toBe(0.2);
    expect(orders[1]?.request.quantity).toBe(5);
    // Limits near mid, towards the other side: a buy above mid, a sell below.
    const solBuy = orders[2];
    expect(solBuy?.request.price).toBeGreaterThan(150);
    expect(solBuy?.request.price).toBeLessThan(150 * 1.001);
    expect(orders[0]?.request.price).toBeLessThan(60_000);
  });

  it('trades a reduction the portfolio forces (back under a cap) even when it is within the threshold', () => {
    const sui = inst('SUI', 4, 1);
    // Held 0.058 of equity, target 0.05: a 0.8 % reduction, below the 2 % threshold.
    const held = asset(sui, 2, 29, 0.05);
    const skipped = planSells({ equity: 1000, cash: 900, assets: [held] }, P);
    expect(skipped.map((s) => (s.kind === 'skipped' ? s.reason : 'order'))).toEqual(['below-threshold']);
    const forced = planSells({ equity: 1000, cash: 900, assets: [{ ...held, forced: true }] }, P);
    expect(forced).toHaveLength(1);
    const step = forced[0];
    expect(step?.kind).toBe('order');
    if (step?.kind === 'order') {
      expect(step.request.side).toBe('SELL');
      // Sell down to the target: (0.058 − 0.05) × 1000 / 2 = 4 SUI, at the exchange's step.
      expect(Number(step.prepared.quantityText)).toBeCloseTo(4, 1);
    }
  });

  it('drops trades within the threshold and orders below the exchange minimum, as values', () => {
    const btc = inst('BTC', 2, 5, 10);
    const steps = planOrders(
      {
        equity: 1000,
        cash: 1000,
        assets: [asset(btc, 60_000, 0, 0.015), { ...asset(inst('ETH', 2, 4, 10), 3000, 0, 0.03) }],
      },
      P,
    );
    expect(steps.map((s) => (s.kind === 'skipped' ? s.reason : 'order'))).toEqual([
      'below-threshold',
      'order',
    ]);
    const tiny = planSells({ equity: 1000, cash: 0, assets: [asset(btc, 60_000, 0.0001, 0)] }, P);
    expect(tiny).toMatchObject([{ kind: 'skipped', reason: 'below-minimum' }]);
  });

  it('never sells more than is free, even for a stop', () => {
    const eth = inst('ETH', 2, 4);
    const a = { ...asset(eth, 3000, 2, 0, true), free: 1.23456 };
    const [s] = planSells({ equity: 10_000, cash: 0, assets: [a] }, P);
    expect(s).toMatchObject({ kind: 'order', request: { quantity: 1.2345 } });
    const locked = { ...asset(eth, 3000, 2, 0), free: 0 };
    expect(planSells({ equity: 10_000, cash: 0, assets: [locked] }, P)).toMatchObject([
      { kind: 'skipped', reason: 'nothing-to-sell' },
    ]);
  });

  it('sells a whole step less when the wallet is a hair below a step (a maker fee taken in the coin)', () => {
    const pepe = inst('PEPE', 8, 0);
    const a = { ...asset(pepe, 0.00001, 999_500, 0), free: 999_499.99999999 };
    expect(planSells({ equity: 100, cash: 0, assets: [a] }, P)).toMatchObject([
      { kind: 'order', request: { quantity: 999_499 } },
    ]);
  });

  it('says when the cash has run out', () => {
    const a = asset(inst('BTC', 2, 5), 60_000, 0, 0.5);
    const b = asset(inst('ETH', 2, 4), 3000, 0, 0.3);
    const steps = planBuys({ equity: 100_000, cash: 50_000, assets: [a, b] }, P);
    expect(steps.map((s) => (s.kind === 'order' ? s.coin : s.reason))).toEqual(['BTC', 'no-cash']);
  });

  const instArb = fc.record({
    pp: fc.integer({ min: 0, max: 8 }),
    ap: fc.integer({ min: 0, max: 8 }),
    min: fc.constantFrom(0, 1, 10),
  });
  const assetArb = fc.record({
    i: instArb,
    price: fc.double({ min: 1e-4, max: 1e5, noNaN: true }),
    heldValue: fc.double({ min: 0, max: 50_000, noNaN: true }),
    freeShare: fc.constantFrom(1, 1, 0.5, 0),
    target: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
    urgent: fc.boolean(),
  });

  it('property: sells ≤ free coin, buys (with fees) ≤ free cash, quantities and prices exactly on the grid', () => {
    fc.assert(
      fc.property(
        fc.array(assetArb, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 100_000, noNaN: true }),
        fc.constantFrom(0, 0.0005, 0.001),
        fc.constantFrom(0, 2, 50),
        (raw, cash, feeRate, offset) => {
          const p = { ...P, feeRate, limitOffsetBps: offset };
          const assets = raw.map((r, k) => {
            const i = inst(`C${k}`, r.i.pp, r.i.ap, r.i.min);
            const tick = 10 ** -r.i.pp;
            const bid = Math.max(tick, Math.round(r.price / tick) * tick);
            const held = r.heldValue / bid;
            return {
              coin: i.coin,
              instrument: i,
              bid,
              ask: bid + tick,
              free: held * r.freeShare,
              held,
              target: r.target,
              urgent: r.urgent,
            };
          });
          // Realistic sizes: fewer than 2^53 steps (a bigger count cannot be sent exactly, and prepareOrder says so).
          fc.pre(assets.every((a) => (a.held + cash / a.bid) * 10 ** a.instrument.amountPrecision < 1e15));
          const equity = cash + assets.reduce((s, a) => s + a.held * a.bid, 0);
          const steps = planOrders({ equity, cash, assets }, p);
          let spent = 0;
          let sawBuy = false;
          for (const s of steps) {
            if (s.kind !== 'order') continue;
            const a = assets.find((x) => x.coin === s.coin) as (typeof assets)[number];
            const q = s.request.quantity;
            // An exact whole number of steps, sent as exactly that text.
            expect(Number.isInteger(s.prepared.qtySteps)).toBe(true);
            expect(s.prepared.quantityText).toBe(
              formatSteps(s.prepared.qtySteps, a.instrument.amountPrecision),
            );
            expect(q).toBe(Number(s.prepared.quantityText));
            expect(s.value).toBeGreaterThan(a.instrument.minOrder);
            if (s.request.price !== undefined) {
              const ticks = toSteps(s.request.price, a.instrument.pricePrecision, 'nearest');
              expect(s.prepared.priceTicks).toBe(ticks);
            }
            if (s.request.side === 'SELL') {
              expect(sawBuy).toBe(false);
              expect(q).toBeLessThanOrEqual(a.free);
            } else {
              sawBuy = true;
              expect(a.urgent).toBe(false);
              spent += s.value * (1 + feeRate);
            }
          }
          expect(spent).toBeLessThanOrEqual(cash * (1 + 1e-12));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('onOrderAge', () => {
  it('waits until the timeout, then reprices up to max_reprices, then gives up', () => {
    expect(onOrderAge(0, 89_999, 0, P)).toEqual({ kind: 'wait', until: 90_000 });
    expect(onOrderAge(0, 90_000, 0, P)).toEqual({ kind: 'reprice' });
    expect(onOrderAge(0, 90_000, 1, P)).toEqual({ kind: 'reprice' });
    expect(onOrderAge(0, 90_000, 2, P)).toEqual({ kind: 'give-up' });
  });
});
