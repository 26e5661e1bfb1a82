// Regime detector on the shared 1h data (34 assets), with the default parameters: share of time per regime,
// switches, durations, a month-by-month table and a chart. Rewrites the block between the regime-summary
// markers of docs/strategy.md and writes docs/regime-1h.svg.
//
//   npx tsx bench/regime-summary.ts            (reads ../shared/data/1h)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { isoUtc } from '../src/core/time.js';
import type { CandleSeries } from '../src/data/candles.js';
import { DEFAULT_REGIME_PARAMS, REGIMES, detectRegimes, type RegimeParams } from '../src/regime/index.js';
import { readCandleCsv } from '../test/helpers/candle-csv.js';
import { ROOT, sharedPath } from './harness.js';

const DOC = `${ROOT}docs/strategy.md`;
const SVG = `${ROOT}docs/regime-1h.svg`;
const BEGIN = '<!-- regime-summary:begin -->';
const END = '<!-- regime-summary:end -->';
const COLORS = ['#bfe3bf', '#e4e4e4', '#f2b8b8']; // trend, chop, down

interface Run {
  readonly code: number;
  readonly from: number; // row index
  readonly to: number; // exclusive
}

function runsOf(code: Float64Array): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as number;
    if (Number.isNaN(c)) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.code === c && last.to === i)
      runs[runs.length - 1] = { ...last, to: i + 1 };
    else runs.push({ code: c, from: i, to: i + 1 });
  }
  return runs;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const days = (hours: number): string => `${(hours / 24).toFixed(1)} d`;

function overall(runs: readonly Run[]): string[] {
  const hours = runs.reduce((n, r) => n + r.to - r.from, 0);
  const lines = [
    '| regime | share of hours | hours | spells | mean spell | median spell | longest |',
    '| --- | --: | --: | --: | --: | --: | --: |',
  ];
  REGIMES.forEach((name, c) => {
    const spells = runs
      .filter((r) => r.code === c)
      .map((r) => r.to - r.from)
      .sort((a, b) => a - b);
    const h = spells.reduce((a, b) => a + b, 0);
    const median = spells[Math.floor(spells.length / 2)] ?? 0;
    lines.push(
      `| ${name} | ${pct(h / hours)} | ${h} | ${spells.length} | ${days(h / Math.max(1, spells.length))} | ${days(median)} | ${days(spells[spells.length - 1] ?? 0)} |`,
    );
  });
  lines.push(
    '',
    `${runs.length - 1} switches in ${hours} hours (${days(hours)}): one every ${days(hours / Math.max(1, runs.length - 1))} on average.`,
  );
  return lines;
}

function monthly(time: Float64Array, code: Float64Array, btc: CandleSeries): string[] {
  const btcClose = new Map<number, number>();
  for (let i = 0; i < btc.length; i++) btcClose.set(btc.time[i] as number, btc.close[i] as number);
  const months = new Map<string, { n: number[]; switches: number; first: number; last: number }>();
  let prev = NaN;
  for (let i = 0; i < time.length; i++) {
    const c = code[i] as number;
    if (Number.isNaN(c)) continue;
    const key = isoUtc(time[i] as number).slice(0, 7);
    const m = months.get(key) ?? { n: [0, 0, 0], switches: 0, first: NaN, last: NaN };
    m.n[c] = (m.n[c] as number) + 1;
    if (!Number.isNaN(prev) && prev !== c) m.switches++;
    const close = btcClose.get(time[i] as number) ?? NaN;
    if (Number.isNaN(m.first)) m.first = close;
    m.last = close;
    months.set(key, m);
    prev = c;
  }
  const lines = [
    '| month | hours | trend | chop | down | switches | BTC |',
    '| --- | --: | --: | --: | --: | --: | --: |',
  ];
  for (const [key, m] of months) {
    const h = m.n.reduce((a, b) => a + b, 0);
    const share = (c: number) => pct((m.n[c] as number) / h);
    lines.push(
      `| ${key} | ${h} | ${share(0)} | ${share(1)} | ${share(2)} | ${m.switches} | ${pct(m.last / m.first - 1)} |`,
    );
  }
  lines.push('', "BTC: the month's last close over its first (regime hours only); context, not an input.");
  return lines;
}

function sensitivity(universe: readonly CandleSeries[]): string[] {
  const lines = [
    '| confirmBars | trend | chop | down | switches | mean spell |',
    '| --: | --: | --: | --: | --: | --: |',
  ];
  for (const confirmBars of [1, 3, 6, 12, 24]) {
    const p: RegimeParams = { ...DEFAULT_REGIME_PARAMS, confirmBars };
    const runs = runsOf(detectRegimes(universe, p).code);
    const hours = runs.reduce((n, r) => n + r.to - r.from, 0);
    const share = (c: number) =>
      pct(runs.filter((r) => r.code === c).reduce((n, r) => n + r.to - r.from, 0) / hours);
    const mark = confirmBars === DEFAULT_REGIME_PARAMS.confirmBars ? ' (default)' : '';
    lines.push(
      `| ${confirmBars}${mark} | ${share(0)} | ${share(1)} | ${share(2)} | ${runs.length - 1} | ${days(hours / runs.length)} |`,
    );
  }
  return lines;
}

function chart(time: Float64Array, runs: readonly Run[], btc: CandleSeries): string {
  const W = 960;
  const H = 300;
  const pad = { l: 60, r: 10, t: 30, b: 40 };
  const t0 = time[0] as number;
  const t1 = time[time.length - 1] as number;
  const x = (t: number) => pad.l + ((t - t0) / (t1 - t0)) * (W - pad.l - pad.r);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < btc.length; i++) {
    lo = Math.min(lo, btc.close[i] as number);
    hi = Math.max(hi, btc.close[i] as number);
  }
  const y = (p: number) => pad.t + (1 - Math.log(p / lo) / Math.log(hi / lo)) * (H - pad.t - pad.b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  for (const r of runs) {
    const xa = x(time[r.from] as number);
    const xb = x((time[r.to - 1] as number) + 3_600_000);
    parts.push(
      `<rect x="${xa.toFixed(1)}" y="${pad.t}" width="${Math.max(0.5, xb - xa).toFixed(1)}" height="${H - pad.t - pad.b}" fill="${COLORS[r.code]}"/>`,
    );
  }
  const pts: string[] = [];
  for (let i = 0; i < btc.length; i += 4)
    pts.push(`${x(btc.time[i] as number).toFixed(1)},${y(btc.close[i] as number).toFixed(1)}`);
  parts.push(`<polyline fill="none" stroke="#1f3b73" stroke-width="1" points="${pts.join(' ')}"/>`);
  for (const p of [60_000, 80_000, 100_000, 120_000].filter((v) => v >= lo && v <= hi)) {
    parts.push(`<text x="${pad.l - 6}" y="${(y(p) + 4).toFixed(1)}" text-anchor="end">${p / 1000}k</text>`);
  }
  for (
    let m = new Date(t0);
    m.getTime() <= t1;
    m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))
  ) {
    const first = Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1);
    if (first < t0) continue;
    parts.push(
      `<text x="${x(first).toFixed(1)}" y="${H - pad.b + 16}" text-anchor="middle">${isoUtc(first).slice(0, 7)}</text>`,
    );
  }
  REGIMES.forEach((name, c) => {
    parts.push(`<rect x="${pad.l + c * 90}" y="8" width="14" height="12" fill="${COLORS[c]}"/>`);
    parts.push(`<text x="${pad.l + c * 90 + 18}" y="18">${name}</text>`);
  });
  parts.push(
    `<text x="${pad.l + 290}" y="18">BTC/USDT close (log scale); background: regime, default parameters, 34 assets</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}

const dir = sharedPath('data/1h');
const universe = readdirSync(dir)
  .filter((f) => f.endsWith('.csv.gz'))
  .sort()
  .map((f) => readCandleCsv(`${dir}/${f}`));
const btc = universe.find((s) => s.coin === DEFAULT_REGIME_PARAMS.benchmark);
if (btc === undefined) throw new Error('no BTC file in shared/data/1h');
const r = detectRegimes(universe);
const runs = runsOf(r.code);
const firstRow = runs[0]?.from ?? 0;
const block = [
  BEGIN,
  '',
  `Generated by \`npx tsx bench/regime-summary.ts\` from \`../shared/data/1h\` (${universe.length} assets), default`,
  `parameters. Regimes from ${isoUtc(r.time[firstRow] as number)} (after the ${DEFAULT_REGIME_PARAMS.lookbackBars}-bar warm-up) to ${isoUtc(r.time[r.time.length - 1] as number)}; times are bar open times.`,
  '',
  ...overall(runs),
  '',
  '![Regimes on the shared 1h data](regime-1h.svg)',
  '',
  '#### Month by month',
  '',
  ...monthly(r.time, r.code, btc),
  '',
  '#### Sensitivity to confirmBars (reported, not used to choose the default)',
  '',
  ...sensitivity(universe),
  '',
  END,
].join('\n');

const doc = readFileSync(DOC, 'utf8');
const a = doc.indexOf(BEGIN);
const b = doc.indexOf(END);
if (a < 0 || b < a) throw new Error(`${DOC} has no ${BEGIN} … ${END} block`);
// Formatted as `npm run lint` expects (prettier aligns the tables).
const updated = doc.slice(0, a) + block + doc.slice(b + END.length);
writeFileSync(DOC, await format(updated, { ...(await resolveConfig(DOC)), filepath: DOC }));
writeFileSync(SVG, chart(r.time, runs, btc));
process.stdout.write(`${block}\n\nwrote ${DOC} and ${SVG}\n`);
