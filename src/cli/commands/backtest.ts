// `algobot backtest`: replays stored candles through the engine on the in-process simulated exchange and writes
// summary.json, trades.csv, orders.csv, equity.csv and report.html to --out. Models come from models.dir when both
// files are there, otherwise the fallback scorer stands in (said on stderr and in the summary). --walk-forward
// trains the models per fold on earlier data instead and trades each fold with its own (walk-forward-backtest.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, errorMessage } from '../../core/errors.js';
import { displayPath, loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { universeCoins } from '../../config/universe.js';
import { readCandleDir } from '../../data/candle-file.js';
import type { CandleSeries } from '../../data/candles.js';
import { resample } from '../../data/resample.js';
import { readExchangeInfoFile } from '../../exchange/server/trade-pairs.js';
import { renderReport } from '../../report/html.js';
import { equityCsv, ordersCsv, tradesCsv } from '../../report/csv.js';
import { type BacktestRun, runBacktest, summarizeBacktest } from '../backtest/run-backtest.js';
import { walkForwardBacktest, walkForwardJson, walkForwardTable } from '../backtest/walk-forward-backtest.js';
import { type BacktestSummary, summaryJson } from '../../report/summary.js';
import type { CommandContext } from '../context.js';
import { dateRange } from '../options.js';
import { tradedModels } from '../model-files.js';
import { createProgress } from '../progress.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXCHANGE_INFO_FILE = resolve(ROOT, 'data/roostoo/exchangeInfo.json');
export const DEFAULT_BACKTEST_OUT = 'var/backtest';

export interface BacktestOptions {
  readonly config: string;
  readonly data?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly out?: string | undefined;
  /** Train the models per walk-forward fold on earlier data and backtest each fold out of sample. */
  readonly walkForward?: boolean | undefined;
}

/** Decision bars and (optionally) stop bars. When both live in one directory, decisions are resampled. */
export async function loadBacktestCandles(
  config: Config,
  cwd: string,
  dataDir: string | undefined,
): Promise<{ decision: Map<string, CandleSeries>; stop: Map<string, CandleSeries> | undefined }> {
  const coins = universeCoins(config).map((u) => u.coin);
  const dir = dataDir === undefined ? resolve(cwd, config.data.dir) : resolve(cwd, dataDir);
  const { stop_interval: stopInterval, stop_dir: stopDir } = config.data;
  const stop =
    stopInterval === null || stopDir === null
      ? undefined
      : await readCandleDir(resolve(cwd, stopDir), { interval: stopInterval, coins });
  if (stop !== undefined && resolve(cwd, stopDir ?? '') === dir) {
    const decision = new Map([...stop].map(([c, s]) => [c, resample(s, config.data.interval)]));
    return { decision, stop };
  }
  return { decision: await readCandleDir(dir, { interval: config.data.interval, coins }), stop };
}

export async function backtest(ctx: CommandContext, opts: BacktestOptions): Promise<number> {
  const { from, to } = dateRange(opts);
  const { config } = await loadConfig(resolve(ctx.cwd, opts.config), { env: ctx.env, cwd: ctx.cwd });
  const { decision, stop } = await loadBacktestCandles(config, ctx.cwd, opts.data);
  if (opts.walkForward === true) return walkForward(ctx, opts, config, { decision, stop, from, to });
  const models = await tradedModels(config, ctx.cwd);
  ctx.stderr.write(`algobot backtest: ${models.note}\n`);
  const progress = createProgress(ctx.stderr);
  let started = false;
  const run = await runBacktest({
    config,
    decision,
    stop,
    from,
    to,
    model6h: models.m6,
    model24h: models.m24,
    exchangeInfo: readExchangeInfoFile(EXCHANGE_INFO_FILE),
    onProgress: (done, total) => {
      if (!started) progress.start(total, 'backtest');
      started = true;
      progress.update(done);
    },
  });
  progress.stop();
  const summary = summarizeBacktest(config, decision, run);
  const out = await writeResults(ctx, opts, summary, run, decision);
  ctx.stdout.write(`${resultLines(ctx, config, summary, run, out).join('\n')}\n`);
  return 0;
}

/** summary.json, trades.csv, orders.csv, equity.csv and report.html in --out; the directory written. */
async function writeResults(
  ctx: CommandContext,
  opts: BacktestOptions,
  summary: BacktestSummary,
  run: BacktestRun,
  decision: ReadonlyMap<string, CandleSeries>,
  extra?: Record<string, unknown>,
): Promise<string> {
  const out = resolve(ctx.cwd, opts.out ?? DEFAULT_BACKTEST_OUT);
  try {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'summary.json'), summaryJson({ ...summary, ...extra }));
    await writeFile(join(out, 'trades.csv'), tradesCsv(run.journal));
    await writeFile(join(out, 'orders.csv'), ordersCsv(run.journal));
    await writeFile(join(out, 'equity.csv'), equityCsv(run.journal));
    await writeFile(join(out, 'report.html'), renderReport(summary, run.journal, decision));
  } catch (err) {
    throw new InputError(`cannot write the results: ${errorMessage(err)}`, {
      file: displayPath(ctx.cwd, out),
    });
  }
  return out;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

function resultLines(
  ctx: CommandContext,
  config: Config,
  summary: BacktestSummary,
  run: BacktestRun,
  out: string,
): string[] {
  const coins = universeCoins(config).map((u) => u.coin);
  const s = summary.strategy;
  const b = summary.benchmarks;
  return [
    `${summary.period.from ?? '-'} → ${summary.period.to ?? '-'}: ${summary.period.decisions} decisions, ${coins.length} coins, scorer ${run.alphaSource}`,
    `strategy      return ${pct(s.totalReturn)}, max drawdown ${pct(s.maxDrawdown)}, Sharpe ${s.sharpe.toFixed(2)}, score ${s.competitionScore.daily.score.toFixed(4)}, ${s.trades} trades, fees ${s.feesPaid.toFixed(2)}`,
    `buy-hold BTC  return ${pct(b.buyHoldBtc.totalReturn)}, max drawdown ${pct(b.buyHoldBtc.maxDrawdown)}, Sharpe ${b.buyHoldBtc.sharpe.toFixed(2)}`,
    `equal weight  return ${pct(b.equalWeight.totalReturn)}, max drawdown ${pct(b.equalWeight.maxDrawdown)}, Sharpe ${b.equalWeight.sharpe.toFixed(2)}`,
    `written to ${displayPath(ctx.cwd, out)}/ (summary.json, trades.csv, orders.csv, equity.csv, report.html)`,
  ];
}

/** `--walk-forward`: models trained per fold on earlier data only, one out-of-sample portfolio over the folds. */
async function walkForward(
  ctx: CommandContext,
  opts: BacktestOptions,
  config: Config,
  data: {
    decision: Map<string, CandleSeries>;
    stop: Map<string, CandleSeries> | undefined;
    from: number | undefined;
    to: number | undefined;
  },
): Promise<number> {
  const t = config.training;
  ctx.stderr.write(
    `algobot backtest: walk-forward, ${t.folds} ${t.fold_scheme} folds, ${t.embargo_hours} h embargo: models trained per fold on earlier data only (models.dir is not read)${config.models.require_oos_edge ? "; models.require_oos_edge applied per fold on the fold's own training-period validation" : ''}\n`,
  );
  const progress = createProgress(ctx.stderr);
  let stage = '';
  const result = await walkForwardBacktest({
    config,
    ...data,
    exchangeInfo: readExchangeInfoFile(EXCHANGE_INFO_FILE),
    onProgress: (name, done, total) => {
      if (name !== stage) {
        if (stage !== '') progress.stop();
        progress.start(total, name);
        stage = name;
      }
      progress.update(done);
    },
  });
  progress.stop();
  const out = await writeResults(ctx, opts, result.summary, result.run, data.decision, {
    walkForward: walkForwardJson(config, result),
  });
  const lines = resultLines(ctx, config, result.summary, result.run, out);
  const fb = result.fallback.summary.strategy;
  const un = result.ungated?.summary.strategy;
  lines.splice(
    2,
    0,
    ...(un === undefined
      ? []
      : [
          `ungated       return ${pct(un.totalReturn)}, max drawdown ${pct(un.maxDrawdown)}, Sharpe ${un.sharpe.toFixed(2)}, score ${un.competitionScore.daily.score.toFixed(4)}, ${un.trades} trades (every fold's models, gate ignored)`,
        ]),
    `fallback      return ${pct(fb.totalReturn)}, max drawdown ${pct(fb.maxDrawdown)}, Sharpe ${fb.sharpe.toFixed(2)}, score ${fb.competitionScore.daily.score.toFixed(4)}, ${fb.trades} trades (same period)`,
  );
  lines.splice(-1, 0, '', walkForwardTable(result), '');
  ctx.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
