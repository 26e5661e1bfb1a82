// The whole backtest on the bundled sample: golden summary, determinism, truncation (no look-ahead), and the
// portfolio's limits as the engine applied them, bar by bar.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { universeCoins } from '../src/config/universe.js';
import { FEATURE_NAMES } from '../src/features/feature-set.js';
import { runBacktest, summarizeBacktest, type BacktestRun } from '../src/cli/backtest/run-backtest.js';
import { equityCsv, ordersCsv, tradesCsv } from '../src/report/csv.js';
import { renderReport } from '../src/report/html.js';
import { summaryJson } from '../src/report/summary.js';
import { portfolioParamsFromConfig } from '../src/portfolio/from-config.js';
import { runCli } from './helpers/run-cli.js';
import { ROOT, sampleInputs, type SampleInputs } from './helpers/sample-backtest.js';

const GOLDEN = `${ROOT}test/fixtures/golden/backtest-sample-summary.json`;

let inputs: SampleInputs;
let full: BacktestRun;

function summaryOf(run: BacktestRun): string {
  const c = inputs.config;
  return summaryJson(summarizeBacktest(c, inputs.decision, run));
}

beforeAll(async () => {
  inputs = await sampleInputs();
  full = await runBacktest(inputs);
});

describe('backtest on the bundled sample', () => {
  it('matches the golden summary (UPDATE_GOLDEN=1 rewrites it: a reviewed, deliberate change)', () => {
    const text = summaryOf(full);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
    const s = JSON.parse(text) as { strategy: { trades: number }; period: { decisions: number } };
    expect(s.period.decisions).toBe(4392);
    expect(s.strategy.trades).toBeGreaterThan(0);
  });

  it('is deterministic: a second run writes byte-identical files', async () => {
    const again = await runBacktest(inputs);
    expect(summaryOf(again)).toBe(summaryOf(full));
    expect(ordersCsv(again.journal)).toBe(ordersCsv(full.journal));
    expect(tradesCsv(again.journal)).toBe(tradesCsv(full.journal));
    expect(equityCsv(again.journal)).toBe(equityCsv(full.journal));
    const report = (run: BacktestRun): string =>
      renderReport(
        JSON.parse(summaryOf(run)) as Parameters<typeof renderReport>[0],
        run.journal,
        inputs.decision,
      );
    expect(report(again)).toBe(report(full));
  });

  it('has no look-ahead: cutting the data at T leaves every decision and order up to T unchanged', async () => {
    const times = full.decisionTimes;
    for (const k of [0.3, 0.71]) {
      const T = times[Math.floor(times.length * k)] as number;
      const cut = new Map(
        [...inputs.decision].map(([coin, s]) => {
          const n = s.time.findIndex((t) => t + s.intervalMs > T);
          const len = n < 0 ? s.length : n;
          return [
            coin,
            {
              ...s,
              length: len,
              time: s.time.subarray(0, len),
              open: s.open.subarray(0, len),
              high: s.high.subarray(0, len),
              low: s.low.subarray(0, len),
              close: s.close.subarray(0, len),
              volume: s.volume.subarray(0, len),
            },
          ];
        }),
      );
      const part = await runBacktest({ ...inputs, decision: cut });
      const upTo = <R extends { time: number }>(rs: readonly R[]): R[] => rs.filter((r) => r.time <= T);
      expect(part.journal.decisions.length).toBeGreaterThan(100);
      expect(part.journal.decisions).toEqual(upTo(full.journal.decisions));
      expect(part.journal.orders).toEqual(upTo(full.journal.orders));
      expect(part.journal.equities).toEqual(upTo(full.journal.equities));
      expect(part.journal.fills).toEqual(upTo(full.journal.fills));
    }
  });

  it('keeps every target within its cap, the tier-3 sleeve and 1 − the cash buffer, on every bar', () => {
    const p = portfolioParamsFromConfig(inputs.config);
    const tier = new Map(universeCoins(inputs.config).map((u) => [u.coin, u.tier]));
    expect(full.journal.decisions.length).toBeGreaterThan(4000);
    for (const d of full.journal.decisions) {
      const regime = d.regime ?? 'down';
      let total = 0;
      let t3 = 0;
      for (const a of d.assets) {
        const t = tier.get(a.coin) ?? 1;
        expect(a.target).toBeLessThanOrEqual(p.maxPosition[t] * d.exposureScale + 1e-12);
        total += a.target;
        if (t === 3) t3 += a.target;
      }
      expect(t3).toBeLessThanOrEqual(p.tier3Sleeve + 1e-12);
      expect(total).toBeLessThanOrEqual((1 - p.cashBuffer[regime]) * d.exposureScale + 1e-12);
    }
  });

  it('exits a stopped position with a MARKET sell at once and does not re-enter it during the cool-down', () => {
    const j = full.journal;
    const cooldownMs = inputs.config.risk.cooldown_hours * 3_600_000;
    expect(j.stops.length).toBeGreaterThan(0);
    for (const s of j.stops) {
      const sell = j.orders.find((o) => o.time === s.time && o.coin === s.coin && o.reason === 'stop');
      expect(sell).toMatchObject({ side: 'SELL', type: 'MARKET' });
      const reentry = j.decisions.find(
        (d) =>
          d.time > s.time &&
          d.time < s.time + cooldownMs &&
          d.assets.some((a) => a.coin === s.coin && a.kind === 'enter'),
      );
      expect(reentry).toBeUndefined();
    }
  });

  it('never holds negative cash and books every fill against the order that caused it', () => {
    for (const e of full.journal.equities) expect(e.cash).toBeGreaterThanOrEqual(0);
    const placed = new Set(full.journal.orders.map((o) => o.orderId));
    for (const f of full.journal.fills) expect(placed.has(f.orderId)).toBe(true);
  });

  it('writes a self-contained report with inline SVG charts', () => {
    const c = inputs.config;
    const html = renderReport(
      JSON.parse(summaryOf(full)) as Parameters<typeof renderReport>[0],
      full.journal,
      inputs.decision,
    );
    expect(html).toContain('<svg');
    expect(html.match(/<svg/g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('Monthly returns');
    expect(c.strategy.name).toBe('ml');
  });

  it('runs the MA-crossover baseline in the same engine', async () => {
    const config = {
      ...inputs.config,
      strategy: { ...inputs.config.strategy, name: 'ma_crossover' as const },
    };
    const run = await runBacktest({ ...inputs, config });
    expect(run.alphaSource).toBe('ma-crossover');
    expect(run.journal.fills.length).toBeGreaterThan(0);
    expect(run.journal.decisions.some((d) => d.assets.some((a) => a.kind === 'enter'))).toBe(true);
  });
});

describe('shared-data backtest configs', () => {
  it.each(['config/shared-1h.yaml', 'config/shared-5m.yaml'])(
    '%s validates and differs only where marked',
    async (file) => {
      const { config } = await loadConfig(`${ROOT}${file}`, { env: {}, cwd: ROOT });
      expect(config.mode).toBe('backtest');
      expect(config.strategy.name).toBe('ml');
      expect(config.portfolio).toEqual(inputs.config.portfolio);
      expect(config.risk).toEqual(inputs.config.risk);
      expect(config.alpha).toEqual(inputs.config.alpha);
      expect(config.backtest).toEqual(inputs.config.backtest);
      expect(universeCoins(config).length).toBe(file.includes('1h') ? 34 : 14);
    },
  );
});

describe('algobot backtest', () => {
  let out: string;
  let config: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'algobot-backtest-'));
    // The shipped config with models.dir pointing nowhere: the fallback scorer, whatever models/ holds today.
    config = join(out, 'config.yaml');
    const text = readFileSync(`${ROOT}config/config.yaml`, 'utf8');
    writeFileSync(config, text.replace(/^( {2}dir: )models$/m, `$1${join(out, 'no-models')}`));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes the summary, the tables and the report, and says which scorer it used', async () => {
    const r = await runCli(
      ['backtest', '--config', config, '--from', '2025-06-01', '--to', '2025-07-01', '--out', out],
      {
        cwd: ROOT,
      },
    );
    expect(r.stderr).toContain('fallback scorer');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('buy-hold BTC');
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
      period: { from: string; to: string; decisions: number };
      setup: { scorer: string };
    };
    expect(summary.period.from).toBe('2025-06-01T00:00:00Z');
    expect(summary.period.to).toBe('2025-07-01T00:00:00Z');
    expect(summary.period.decisions).toBe(30 * 24 + 1);
    expect(summary.setup.scorer).toBe('fallback');
    const equity = (await readFile(join(out, 'equity.csv'), 'utf8')).trim().split('\n');
    expect(equity[0]).toBe('time,equity,cash,invested,exposure,drawdown,regime');
    expect(equity).toHaveLength(30 * 24 + 2);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<svg');
    expect((await readFile(join(out, 'orders.csv'), 'utf8')).split('\n')[0]).toMatch(
      /^time,order_id,coin,side/,
    );
    expect((await readFile(join(out, 'trades.csv'), 'utf8')).split('\n')[0]).toMatch(/^entry_time,exit_time/);
  });

  it('trades the configured models when they are there (here without a model card, the gate off)', async () => {
    const models = join(out, 'models');
    await mkdir(models, { recursive: true });
    const text = readFileSync(`${ROOT}bench/fixtures/lgbm-200x31.txt`, 'utf8').replace(
      /^feature_names=.*$/m,
      `feature_names=${FEATURE_NAMES.join(' ')}`,
    );
    await writeFile(join(models, 'lgbm_6h.txt'), text);
    await writeFile(join(models, 'lgbm_24h.txt'), text);
    const withModels = join(out, 'with-models.yaml');
    writeFileSync(
      withModels,
      readFileSync(config, 'utf8')
        .replace(/^( {2}dir: ).*no-models$/m, `$1${models}`)
        .replace(/^( {2}require_oos_edge: )true/m, '$1false'),
    );
    const dir = join(out, 'models-run');
    const r = await runCli(
      ['backtest', '--config', withModels, '--from', '2025-06-01', '--to', '2025-06-08', '--out', dir],
      { cwd: ROOT },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('fallback');
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as {
      setup: { scorer: string };
    };
    expect(summary.setup.scorer).toBe('models');
  });

  it('rejects --from after --to with exit 2', async () => {
    const r = await runCli(['backtest', '--from', '2025-07-01', '--to', '2025-06-01', '--out', out], {
      cwd: ROOT,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is after --to');
  });
});
