import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, parseUtc } from '../core/time.js';
import { competitionScore, competitionScoreOfDaily } from './competition.js';

const T0 = parseUtc('2025-03-01') as number;

describe('competition score', () => {
  // Daily equity 100, 102, 99.96, 101.9592: returns +2 %, −2 %, +2 %.
  //   mean = 0.02/3; population var = (2·(0.04/3)² + (0.08/3)²)/3 = 3.2e-3/9 → Sharpe = 1/(2√2)
  //   downside = sqrt(0.02²/3) → Sortino = 1/√3
  //   max drawdown 102 → 99.96 = 2 % → Calmar = (0.02/3) / 0.02 = 1/3
  const sharpe = 1 / (2 * Math.SQRT2);
  const sortino = 1 / Math.sqrt(3);
  const calmar = 1 / 3;
  const daily = [100, 102, 99.96, 101.9592];

  it('is 0.4·Sortino + 0.3·Sharpe + 0.3·Calmar of the daily returns, un-annualised and annualised', () => {
    const s = competitionScoreOfDaily({ time: daily.map((_, k) => T0 + k * DAY_MS), equity: daily });
    expect(s.days).toBe(3);
    expect(s.maxDrawdown).toBeCloseTo(0.02, 14);
    expect(s.daily.sharpe).toBeCloseTo(sharpe, 12);
    expect(s.daily.sortino).toBeCloseTo(sortino, 12);
    expect(s.daily.calmar).toBeCloseTo(calmar, 12);
    expect(s.daily.score).toBeCloseTo(0.4 / Math.sqrt(3) + 0.3 / (2 * Math.SQRT2) + 0.1, 12);
    expect(s.daily.score).toBeCloseTo(0.437006, 6);
    const root = Math.sqrt(365);
    expect(s.annualised.sharpe).toBeCloseTo(sharpe * root, 10);
    expect(s.annualised.sortino).toBeCloseTo(sortino * root, 10);
    expect(s.annualised.calmar).toBeCloseTo(365 / 3, 10);
    expect(s.annualised.score).toBeCloseTo(0.4 * sortino * root + 0.3 * sharpe * root + 0.3 * (365 / 3), 9);
  });

  it('reads only the 00:00 UTC snapshots of an hourly series: an intraday dip does not count', () => {
    const time: number[] = [];
    const equity: number[] = [];
    for (let h = 0; h <= 72; h++) {
      time.push(T0 + h * HOUR_MS);
      const snap = daily[Math.floor(h / 24)] as number;
      equity.push(h === 30 ? 80 : h % 24 === 0 ? snap : snap * 1.001);
    }
    const s = competitionScore({ time, equity });
    expect(s.days).toBe(3);
    expect(s.maxDrawdown).toBeCloseTo(0.02, 14);
    expect(s.daily.score).toBeCloseTo(0.4 * sortino + 0.3 * sharpe + 0.3 * calmar, 12);
  });
});
