// Cash + positions are conserved through fills, except for fees: on the simulated exchange the engine trades on,
// whatever sequence of orders arrives, each fill moves USD and coin so that
//   ΔUSD + Δcoin × fill price = −fee (valued in USD),
// and the wallet never goes negative.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import type { Instrument } from '../src/domain/instrument.js';
import { balanceTotal } from '../src/domain/market.js';
import { MatchingEngine } from '../src/exchange/matching/engine.js';
import { ManualQuotes } from '../src/exchange/matching/quotes.js';
import { SimulatedExchange } from '../src/exchange/simulated/simulated-exchange.js';
import { SlippedQuotes } from '../src/exchange/simulated/slippage.js';

const BTC: Instrument = {
  pair: 'BTC/USD',
  coin: 'BTC',
  unit: 'USD',
  canTrade: true,
  pricePrecision: 2,
  amountPrecision: 5,
  minOrder: 1,
};

const orderArb = fc.record({
  side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
  type: fc.constantFrom<'MARKET' | 'LIMIT'>('MARKET', 'LIMIT'),
  share: fc.double({ min: 0.01, max: 1, noNaN: true }),
  offsetBps: fc.integer({ min: -20, max: 20 }),
  move: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
});

describe('simulated fills', () => {
  it('property: every fill conserves USD + coin × price up to its fee, and no balance goes negative', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderArb, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(0, 2, 10),
        async (orders, slip) => {
          const instruments = new Map([[BTC.pair, BTC]]);
          const quotes = new ManualQuotes(instruments);
          let price = 60_000;
          quotes.set(BTC.pair, price, 0);
          const clock = new ManualClock(0);
          const engine = new MatchingEngine({
            instruments,
            quotes: new SlippedQuotes(quotes, instruments, slip),
            fees: { maker: 0.0005, taker: 0.001 },
            now: 0,
          });
          const ex = new SimulatedExchange({ engine, clock, startingWallet: { USD: 50_000 } });
          const seen = new Set<number>();
          let fees = 0;
          for (const o of orders) {
            const before = await ex.balances();
            const t = (await ex.tickers(BTC.pair)).get(BTC.pair);
            if (t === undefined) throw new Error('no ticker');
            const usd = before.get('USD')?.free ?? 0;
            const coin = before.get('BTC')?.free ?? 0;
            const ref = o.side === 'BUY' ? t.ask : t.bid;
            const quantity = o.side === 'BUY' ? ((usd / ref) * o.share) / 1.002 : coin * o.share;
            const limit = ref * (1 + o.offsetBps / 10_000);
            await ex.placeOrder({
              pair: BTC.pair,
              side: o.side,
              type: o.type,
              quantity,
              price: o.type === 'LIMIT' ? limit : undefined,
              referencePrice: ref,
            });
            price *= 1 + o.move;
            clock.advance(60_000);
            quotes.set(BTC.pair, price, clock.now());
            const after = await ex.balances();
            for (const b of after.values()) {
              expect(b.free).toBeGreaterThanOrEqual(-1e-9);
              expect(b.locked).toBeGreaterThanOrEqual(-1e-9);
            }
            // Fills since the last look, from the exchange's own records.
            const filled = (await ex.queryOrders({})).filter((x) => x.status === 'FILLED' && !seen.has(x.id));
            let expected = 0;
            for (const f of filled) {
              seen.add(f.id);
              const feeUsd = f.feeAsset === 'USD' ? f.fee : f.fee * f.averagePrice;
              fees += feeUsd;
              expected -= feeUsd;
            }
            // Value both wallets at each fill's price: only fees may change it.
            const px = filled.length === 1 ? (filled[0]?.averagePrice ?? price) : NaN;
            if (filled.length === 1) {
              const dUsd = balanceTotal(after.get('USD')) - balanceTotal(before.get('USD'));
              const dCoin = balanceTotal(after.get('BTC')) - balanceTotal(before.get('BTC'));
              expect(dUsd + dCoin * px).toBeCloseTo(expected, 6);
              checked++;
            }
          }
          expect(fees).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});
