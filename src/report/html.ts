// report.html: one self-contained page (inline CSS and SVG, no script, no network): the summary figures next to
// both benchmarks, the equity curve against them, drawdown, exposure over the regimes, monthly returns and the
// trade list.
import { isoUtc } from '../core/time.js';
import type { CandleSeries } from '../data/candles.js';
import type { MemoryJournal } from '../engine/journal.js';
import { drawdownSeries } from '../metrics/drawdown.js';
import { type BacktestSummary, basketEquity } from './summary.js';
import { escapeHtml, lineChart, type Band } from './svg.js';

const REGIME_COLORS = { trend: '#2e7d32', chop: '#f9a825', down: '#c62828', warmup: '#9e9e9e' } as const;

function pct(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)} %`;
}

function fix(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

/** Month (YYYY-MM) → return from the last mark before it to its last mark. */
export function monthlyReturns(time: readonly number[], equity: readonly number[]): Map<string, number> {
  const out = new Map<string, number>();
  let base = equity[0] as number;
  let month = '';
  let last = base;
  time.forEach((t, i) => {
    const m = isoUtc(t).slice(0, 7);
    if (m !== month) {
      if (month !== '') out.set(month, last / base - 1);
      base = last;
      month = m;
    }
    last = equity[i] as number;
  });
  if (month !== '') out.set(month, last / base - 1);
  return out;
}

function regimeBands(j: MemoryJournal): Band[] {
  const bands: Band[] = [];
  const e = j.equities;
  for (let i = 0; i < e.length; i++) {
    const r = e[i]?.regime ?? 'warmup';
    const t = e[i]?.time as number;
    const next = e[i + 1]?.time ?? t;
    const prev = bands[bands.length - 1];
    const color = REGIME_COLORS[r];
    if (prev !== undefined && prev.color === color) bands[bands.length - 1] = { ...prev, to: next };
    else bands.push({ from: t, to: next, color });
  }
  return bands;
}

export function renderReport(
  s: BacktestSummary,
  j: MemoryJournal,
  decision: ReadonlyMap<string, CandleSeries>,
): string {
  const time = j.equities.map((e) => e.time);
  const equity = j.equities.map((e) => e.equity);
  const cash = s.setup.initialCash;
  const fee = s.setup.fees.taker;
  const btc = decision.get(s.setup.coins.includes('BTC') ? 'BTC' : (s.setup.coins[0] ?? ''));
  const btcEq = btc === undefined ? [] : basketEquity([btc], time, cash, fee);
  const series = s.setup.coins.map((c) => decision.get(c)).filter((x) => x !== undefined);
  const ewEq = basketEquity(series, time, cash, fee);
  const rows: [
    string,
    (p: BacktestSummary['strategy'] | BacktestSummary['benchmarks']['buyHoldBtc']) => string,
  ][] = [
    ['Final equity', (p) => fix(p.finalEquity)],
    ['Total return', (p) => pct(p.totalReturn)],
    ['CAGR', (p) => pct(p.cagr)],
    ['Volatility (ann.)', (p) => pct(p.volatility)],
    ['Sharpe', (p) => fix(p.sharpe)],
    ['Sortino', (p) => fix(p.sortino)],
    ['Calmar', (p) => fix(p.calmar)],
    [
      'Max drawdown',
      (p) => `${pct(p.maxDrawdown)} (${p.maxDrawdownPeak ?? '–'} → ${p.maxDrawdownTrough ?? '–'})`,
    ],
    ['Competition score (daily)', (p) => fix(p.competitionScore.daily.score, 4)],
    ['Competition score (annualised)', (p) => fix(p.competitionScore.annualised.score, 3)],
  ];
  const perfTable = `<table><tr><th></th><th>Strategy</th><th>Buy-and-hold BTC</th><th>Equal weight</th></tr>${rows
    .map(
      ([name, f]) =>
        `<tr><td>${name}</td><td>${escapeHtml(f(s.strategy))}</td><td>${escapeHtml(f(s.benchmarks.buyHoldBtc))}</td><td>${escapeHtml(f(s.benchmarks.equalWeight))}</td></tr>`,
    )
    .join('')}</table>`;
  const st = s.strategy;
  const facts = [
    ['Trades', String(st.trades)],
    ['Win rate', pct(st.winRate, 1)],
    ['Profit factor', fix(st.profitFactor)],
    ['Expectancy (USD)', fix(st.expectancy)],
    ['Turnover (× mean equity)', fix(st.turnover)],
    ['Fees paid (USD)', fix(st.feesPaid)],
    ['Mean exposure', pct(st.exposureMean, 1)],
    ['Time in market', pct(st.timeInMarket, 1)],
    [
      'Regime: trend / chop / down / warm-up',
      `${pct(st.regimeShare.trend, 1)} / ${pct(st.regimeShare.chop, 1)} / ${pct(st.regimeShare.down, 1)} / ${pct(st.regimeShare.warmup, 1)}`,
    ],
  ];
  const m = monthlyReturns(time, equity);
  const mb = monthlyReturns(time, btcEq);
  const me = monthlyReturns(time, ewEq);
  const monthly = `<table><tr><th>Month</th><th>Strategy</th><th>BTC</th><th>Equal weight</th></tr>${[...m]
    .map(
      ([k, v]) =>
        `<tr><td>${k}</td><td>${pct(v)}</td><td>${pct(mb.get(k))}</td><td>${pct(me.get(k))}</td></tr>`,
    )
    .join('')}</table>`;
  const trades = `<table><tr><th>Coin</th><th>Entry</th><th>Exit</th><th>Size (USD)</th><th>P&amp;L (USD)</th><th>Return</th><th>Exit</th></tr>${j.trades
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.coin)}</td><td>${isoUtc(t.entryTime)}</td><td>${isoUtc(t.exitTime)}</td><td>${fix(t.entryValue)}</td><td>${fix(t.pnl)}</td><td>${pct(t.pnl / t.entryValue)}</td><td>${t.exitReason}</td></tr>`,
    )
    .join('')}</table>`;
  const legend = Object.entries(REGIME_COLORS)
    .map(([k, c]) => `<span style="background:${c};opacity:.5">&nbsp;&nbsp;&nbsp;</span> ${k}`)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>algobot backtest ${escapeHtml(s.period.from ?? '')} → ${escapeHtml(s.period.to ?? '')}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 24px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}h2{margin-top:28px}</style>
</head><body>
<h1>Backtest ${escapeHtml(s.period.from ?? '')} → ${escapeHtml(s.period.to ?? '')}</h1>
<p>${s.period.decisions} hourly decisions · ${s.setup.coins.length} coins · strategy <b>${escapeHtml(s.setup.strategy)}</b> · scorer <b>${escapeHtml(s.setup.scorer)}</b> · stops on ${escapeHtml(s.setup.stopBars)} bars · fees maker ${s.setup.fees.maker}, taker ${s.setup.fees.taker} · slippage ${s.setup.slippageBps} bp · seed ${s.setup.seed}</p>
<h2>Performance</h2>${perfTable}
<table>${facts.map(([k, v]) => `<tr><td>${k}</td><td>${escapeHtml(v ?? '')}</td></tr>`).join('')}</table>
<h2>Equity</h2>${lineChart({
    title: 'Equity (USD)',
    time,
    lines: [
      { label: 'strategy', color: '#1565c0', values: equity },
      { label: 'buy-and-hold BTC', color: '#ef6c00', values: btcEq },
      { label: 'equal weight', color: '#6a1b9a', values: ewEq },
    ],
  })}
<h2>Drawdown</h2>${lineChart({
    title: 'Drawdown from peak',
    time,
    percent: true,
    lines: [
      { label: 'strategy', color: '#c62828', values: [...drawdownSeries(equity)].map((d) => -d) },
      { label: 'buy-and-hold BTC', color: '#ef6c00', values: [...drawdownSeries(btcEq)].map((d) => -d) },
    ],
  })}
<h2>Exposure and regime</h2><p>${legend}</p>${lineChart({
    title: 'Invested share of equity',
    time,
    percent: true,
    bands: regimeBands(j),
    lines: [{ label: 'exposure', color: '#1565c0', values: j.equities.map((e) => e.invested / e.equity) }],
  })}
<h2>Monthly returns</h2>${monthly}
<h2>Trades (${j.trades.length})</h2>${trades}
</body></html>
`;
}
