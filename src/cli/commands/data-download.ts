// `algobot data download`: Binance spot candles into `<COIN>-USDT_<interval>.csv.gz`, resumable. Reads every
// file first, so an up-to-date directory costs no request (and works offline); then checks the pairs that need
// fetching against Binance's market list before downloading anything, so a typo fails fast with exit 2.
// Pairs are downloaded one after another (rate limits); a pair that fails does not stop the others.
import { mkdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AlgobotError, InputError, errorMessage } from '../../core/errors.js';
import { candleFileName } from '../../data/file-name.js';
import type { ClosableKlineSource } from '../../data/download-ccxt.js';
import { normaliseBaseUrl, openBinanceKlineSource } from '../../data/download-ccxt.js';
import type { FetchOptions, KlineSource, PairJob } from '../../data/download.js';
import { BINANCE_KLINE_LIMIT, formatPairResult, planPair, runPair } from '../../data/download.js';
import { parseCoinList, parseDownloadInterval, requestedRange } from '../../data/download-plan.js';
import type { RetryDeps } from '../../data/download-retry.js';
import { DEFAULT_RETRY_POLICY, realRetryDeps, withRetry } from '../../data/download-retry.js';
import type { CommandContext } from '../context.js';
import { createProgress } from '../progress.js';

export interface DataDownloadOptions {
  pairs: string;
  interval: string;
  days: number;
  out: string;
  baseUrl?: string;
}

// Up-to-date pairs never reach the exchange; this stands in for it when no pair needs a request.
const noSource: KlineSource = {
  unknownCoins: () => Promise.reject(new Error('no exchange needed')),
  fetchKlines: () => Promise.reject(new Error('no exchange needed')),
};

function notListed(coins: readonly string[]): InputError {
  const hints = coins
    .filter((c) => c.endsWith('USDT') && c.length > 4)
    .map((c) => `${c} → ${c.slice(0, -4)}`);
  const hint = hints.length > 0 ? ` (write the coin only: ${hints.join(', ')})` : '';
  const text =
    coins.length === 1
      ? `${coins[0]} is not a Binance spot pair`
      : `${coins.slice(0, -1).join(', ')} and ${coins[coins.length - 1]} are not Binance spot pairs`;
  return new InputError(`${text} against USDT${hint}`, { key: '--pairs' });
}

export async function dataDownload(ctx: CommandContext, opts: DataDownloadOptions): Promise<number> {
  const coins = parseCoinList(opts.pairs);
  const stepMs = parseDownloadInterval(opts.interval);
  if (!Number.isSafeInteger(opts.days) || opts.days <= 0) {
    throw new InputError(`expected a positive whole number of days, got ${opts.days}`, { key: '--days' });
  }
  const baseUrl = opts.baseUrl === undefined ? undefined : normaliseBaseUrl(opts.baseUrl);
  const dir = resolve(ctx.cwd, opts.out);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create the directory: ${errorMessage(err)}`, { key: '--out', file: dir });
  }
  const want = requestedRange(ctx.clock.now(), opts.days, stepMs);

  const retry = DEFAULT_RETRY_POLICY;
  const retryDeps: RetryDeps = {
    ...realRetryDeps,
    onRetry: (err, attempt, delayMs) => {
      const why = errorMessage(err).slice(0, 200);
      ctx.stderr.write(`${why}; retry ${attempt} of ${retry.retries} in ${(delayMs / 1000).toFixed(1)} s\n`);
    },
  };
  const fetchOptions: FetchOptions = { pageLimit: BINANCE_KLINE_LIMIT, retry, retryDeps };

  const failures: Array<{ readonly coin: string; readonly err: unknown }> = [];
  const fail = (coin: string, file: string, err: unknown): void => {
    failures.push({ coin, err });
    ctx.stderr.write(`${file}: failed: ${errorMessage(err)}\n`);
    if (ctx.verbose && err instanceof Error && err.stack !== undefined) ctx.stderr.write(`${err.stack}\n`);
  };

  const jobs: PairJob[] = [];
  for (const coin of coins) {
    try {
      jobs.push(await planPair(dir, coin, opts.interval, stepMs, want));
    } catch (err) {
      fail(coin, candleFileName(coin, opts.interval), err);
    }
  }

  const toFetch = jobs.filter((j) => j.ranges.length > 0).map((j) => j.coin);
  let source: ClosableKlineSource | undefined;
  try {
    if (toFetch.length > 0) {
      const open = await openBinanceKlineSource({ baseUrl });
      source = open;
      const unknown = await withRetry(
        () => open.unknownCoins(toFetch),
        retry,
        retryDeps,
        'Binance market list',
      );
      if (unknown.length > 0) throw notListed(unknown);
    }
    const progress = createProgress(ctx.stderr);
    for (const job of jobs) {
      try {
        const result = await runPair(job, source ?? noSource, fetchOptions, progress);
        ctx.stdout.write(`${formatPairResult(result)}\n`);
      } catch (err) {
        fail(job.coin, basename(job.path), err);
      }
    }
  } finally {
    await source?.close();
  }

  if (failures.length === 0) return 0;
  const names = failures.map((f) => f.coin).join(', ');
  ctx.stderr.write(`algobot: ${failures.length} of ${coins.length} pairs failed: ${names}\n`);
  // Bad input (a corrupt stored file) outranks a runtime failure, as everywhere in the CLI.
  return Math.max(...failures.map((f) => (f.err instanceof AlgobotError ? f.err.exitCode : 1)));
}
