// The numbers of a backtest: performance of the strategy's equity (one mark per decision bar), its trades,
// fees, turnover, exposure and time in each regime, and the same performance figures for two benchmarks over the
// same marks: buy-and-hold BTC and an equal-weight basket of the universe (bought once, one taker fee, never
// rebalanced). Pure: computed from the journal and the candles.
import { isoUtc } from '../core/time.js';
import type { CandleSeries } from '../data/candles.js';
import type { MemoryJournal } from '../engine/journal.js';
import { competitionScore, type ScoreParts } from '../metrics/competition.js';
import { performance } from '../metrics/performance.js';
import { exposure, tradeStats, turnover } from '../metrics/trades.js';

export interface PerformanceFigures {
  readonly finalEquity: number;
  readonly totalReturn: number;
  readonly cagr: number;
  readonly volatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly maxDrawdown: number;
  readonly maxDrawdownPeak: string | null;
  readonly maxDrawdownTrough: string | null;
  readonly maxDrawdownRecovery: string | null;
  readonly competitionScore: { readonly daily: ScoreParts; readonly annualised: ScoreParts };
}

export interface BacktestSummary {
  readonly period: { readonly from: string | null; readonly to: string | null; readonly decisions: number };
  readonly setup: {
    readonly strategy: string;
    readonly scorer: string;
    readonly seed: number;
    readonly initialCash: number;
    readonly fees: { readonly maker: number; readonly taker: number };
    readonly slippageBps: number;
    readonly stopBars: string;
    readonly coins: readonly string[];
  };
  readonly strategy: PerformanceFigures & {
    readonly trades: number;
    readonly winRate: number;
    readonly profitFactor: number;
    readonly expectancy: number;
    readonly expectancyReturn: number;
    readonly turnover: number;
    readonly turnoverPerDay: number;
    readonly feesPaid: number;
    readonly exposureMean: number;
    readonly timeInMarket: number;
    readonly regimeShare: Readonly<Record<'trend' | 'chop' | 'down' | 'warmup', number>>;
    readonly orders: {
      readonly placed: number;
      readonly notPlaced: number;
      readonly fills: number;
      readonly cancels: number;
      readonly stops: number;
      readonly skipped: number;
    };
  };
  readonly benchmarks: {
    readonly buyHoldBtc: PerformanceFigures;
    readonly equalWeight: PerformanceFigures;
  };
}

function iso(t: number | undefined): string | null {
  return t === undefined ? null : isoUtc(t);
}

export function performanceFigures(time: readonly number[], equity: readonly number[]): PerformanceFigures {
  const s = { time, equity };
  const p = performance(s);
  const c = competitionScore(s);
  return {
    finalEquity: equity[equity.length - 1] ?? NaN,
    totalReturn: p.totalReturn,
    cagr: p.cagr,
    volatility: p.volatility,
    sharpe: p.sharpe,
    sortino: p.sortino,
    calmar: p.calmar,
    maxDrawdown: p.maxDrawdown.depth,
    maxDrawdownPeak: iso(p.maxDrawdown.peakTime),
    maxDrawdownTrough: iso(p.maxDrawdown.troughTime),
    maxDrawdownRecovery: iso(p.maxDrawdown.recoveryTime),
    competitionScore: { daily: c.daily, annualised: c.annualised },
  };
}

/** Close of the last bar closed at or before t (NaN before the first close). */
export function closeAt(s: CandleSeries, t: number, hint = { i: 0 }): number {
  let i = hint.i;
  while (i + 1 < s.length && (s.time[i + 1] as number) + s.intervalMs <= t) i++;
  hint.i = i;
  return i < s.length && (s.time[i] as number) + s.intervalMs <= t ? (s.close[i] as number) : NaN;
}

/**
 * Buy-and-hold of a basket at the first mark: cash split equally over the coins with a price then (one taker
 * fee), never rebalanced. Coins listed later are not bought: the basket is what one could buy at the start.
 */
export function basketEquity(
  series: readonly CandleSeries[],
  time: readonly number[],
  cash: number,
  fee: number,
): number[] {
  const hints = series.map(() => ({ i: 0 }));
  const first = time[0];
  if (first === undefined) return [];
  const start = series.map((s, k) => closeAt(s, first, hints[k]));
  const live = start.filter((p) => p > 0).length;
  const qty = start.map((p) => (p > 0 ? (cash * (1 - fee)) / live / p : 0));
  const last = start.slice();
  return time.map((t) => {
    let e = 0;
    series.forEach((s, k) => {
      const p = closeAt(s, t, hints[k]);
      if (p > 0) last[k] = p;
      const q = qty[k] as number;
      if (q > 0) e += q * (last[k] as number);
    });
    return live === 0 ? cash : e;
  });
}

export interface SummaryInput {
  readonly journal: MemoryJournal;
  readonly decision: ReadonlyMap<string, CandleSeries>;
  readonly coins: readonly string[];
  readonly benchmark: string;
  readonly setup: Omit<BacktestSummary['setup'], 'coins'>;
}

export function summarize(input: SummaryInput): BacktestSummary {
  const j = input.journal;
  const time = j.equities.map((e) => e.time);
  const equity = j.equities.map((e) => e.equity);
  // Dust (what a maker fee in the coin leaves below one step: cents) is not a position: below 0.01 % of equity the
  // book counts as flat for time in market.
  const s = {
    time,
    equity,
    invested: j.equities.map((e) => (e.invested > 1e-4 * e.equity ? e.invested : 0)),
  };
  const ts = tradeStats(j.trades.map((t) => ({ pnl: t.pnl, entryValue: t.entryValue })));
  const turn = turnover(
    j.fills.map((f) => f.quantity * f.price),
    s,
  );
  const ex = exposure(s);
  const regimes = { trend: 0, chop: 0, down: 0, warmup: 0 };
  for (const e of j.equities) regimes[e.regime ?? 'warmup']++;
  const n = Math.max(1, j.equities.length);
  const cash = input.setup.initialCash;
  const fee = input.setup.fees.taker;
  const series = input.coins.map((c) => input.decision.get(c)).filter((x) => x !== undefined);
  const btc = input.decision.get(input.benchmark);
  return {
    period: { from: iso(time[0]), to: iso(time[time.length - 1]), decisions: time.length },
    setup: { ...input.setup, coins: input.coins },
    strategy: {
      ...performanceFigures(time, equity),
      trades: ts.trades,
      winRate: ts.winRate,
      profitFactor: ts.profitFactor,
      expectancy: ts.expectancy,
      expectancyReturn: ts.expectancyReturn,
      turnover: turn.total,
      turnoverPerDay: turn.perDay,
      feesPaid: j.fills.reduce((a, f) => a + f.feeUsd, 0),
      exposureMean: ex.mean,
      timeInMarket: ex.timeInMarket,
      regimeShare: {
        trend: regimes.trend / n,
        chop: regimes.chop / n,
        down: regimes.down / n,
        warmup: regimes.warmup / n,
      },
      orders: {
        placed: j.orders.filter((o) => o.outcome === 'placed').length,
        notPlaced: j.orders.filter((o) => o.outcome !== 'placed').length,
        fills: j.fills.length,
        cancels: j.cancels.length,
        stops: j.stops.length,
        skipped: j.skips.length,
      },
    },
    benchmarks: {
      buyHoldBtc: performanceFigures(time, btc === undefined ? [] : basketEquity([btc], time, cash, fee)),
      equalWeight: performanceFigures(time, basketEquity(series, time, cash, fee)),
    },
  };
}

/** JSON with non-finite numbers as null (JSON has no NaN or Infinity), two-space indented, newline-terminated. */
export function summaryJson(s: BacktestSummary): string {
  return `${JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
