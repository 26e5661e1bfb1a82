import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../core/time.js';
import { exposure, tradeStats, turnover } from './trades.js';

describe('tradeStats', () => {
  it('computes win rate, profit factor and expectancy by hand', () => {
    const s = tradeStats([
      { pnl: 100, entryValue: 1000 },
      { pnl: -50, entryValue: 1000 },
      { pnl: 30, entryValue: 500 },
      { pnl: 0, entryValue: 100 },
    ]);
    expect(s).toMatchObject({ trades: 4, wins: 2, losses: 1, winRate: 0.5 });
    expect(s.profitFactor).toBeCloseTo(130 / 50, 15);
    expect(s.expectancy).toBeCloseTo(20, 15);
    expect(s.expectancyReturn).toBeCloseTo((0.1 - 0.05 + 0.06) / 4, 15);
  });

  it('has no win rate without trades and an infinite profit factor without losses', () => {
    expect(tradeStats([]).winRate).toBeNaN();
    expect(tradeStats([{ pnl: 5, entryValue: 50 }]).profitFactor).toBe(Infinity);
  });
});

describe('turnover and exposure', () => {
  it('turnover = Σ |notional| / mean equity, and per day', () => {
    const t = turnover([1000, -500, 1500], { time: [0, DAY_MS, 2 * DAY_MS], equity: [900, 1000, 1100] });
    expect(t.total).toBeCloseTo(3, 15);
    expect(t.perDay).toBeCloseTo(1.5, 15);
  });

  it('exposure is the time-weighted invested share; time in market the share of time invested', () => {
    const e = exposure({
      time: [0, HOUR_MS, 3 * HOUR_MS, 4 * HOUR_MS],
      equity: [100, 100, 100, 100],
      invested: [50, 0, 100, 999], // the last point has no duration
    });
    expect(e.mean).toBeCloseTo((0.5 * 1 + 0 * 2 + 1 * 1) / 4, 15);
    expect(e.timeInMarket).toBeCloseTo(0.5, 15);
  });
});
