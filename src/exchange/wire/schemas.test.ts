// The wire schemas against real answers of the live API (test/fixtures/roostoo/, from ../shared/roostoo/samples).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toOrder, toOrderDetail } from './order-detail.js';
import { balanceResponseSchema, placeOrderResponseSchema, queryOrderResponseSchema } from './schemas.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/roostoo/${name}`, import.meta.url), 'utf8'));

interface Step {
  step: string;
  detail?: unknown;
  raw?: unknown;
}

describe('wire schemas on live answers', () => {
  it('reads a live query_order answer and maps it to domain orders and back', () => {
    const r = queryOrderResponseSchema.parse(fixture('query-order-live.json'));
    const first = r.OrderMatched?.[0];
    if (first === undefined) throw new Error('no order');
    const order = toOrder(first);
    expect(order).toMatchObject({
      id: 2795709,
      pair: 'BNB/USD',
      side: 'BUY',
      type: 'MARKET',
      feeAsset: 'USD',
      feeRate: 0.001,
    });
    expect(toOrder(toOrderDetail(order))).toEqual(order);
  });

  it('reads every order detail and the SpotWallet balances of the live lifecycle', () => {
    const steps = (fixture('live-order-lifecycle.json') as { steps: Step[] }).steps;
    const details = steps.filter(
      (s) => s.detail !== undefined && s.detail !== null && Object.keys(s.detail).length > 0,
    );
    expect(details.length).toBe(5);
    for (const s of details) {
      const r = placeOrderResponseSchema.safeParse({ Success: true, ErrMsg: '', OrderDetail: s.detail });
      expect(r.success, s.step).toBe(true);
    }
    const maker = steps.find((s) => s.step === 'resting_limit')?.detail;
    expect(placeOrderResponseSchema.parse({ Success: true, OrderDetail: maker }).OrderDetail).toMatchObject({
      Status: 'PENDING',
      CommissionCoin: 'BTC',
      CommissionPercent: 0.0005,
    });
    const end = balanceResponseSchema.parse(steps.find((s) => s.step === 'end')?.raw);
    expect(end.SpotWallet?.USD).toEqual({ Free: 49998.82, Lock: 0 });
  });
});
