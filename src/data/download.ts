// Resumable download of exchange candles into the shared file format. The exchange sits behind `KlineSource`
// (the ccxt adapter is download-ccxt.ts), so paging, resuming, validation and merging run in tests without it.
// A file is only ever replaced by a merged series that passed validation, written atomically: a bad answer from
// the exchange fails the pair and leaves the existing file as it was.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RuntimeFailure } from '../core/errors.js';
import type { Candle, CandleSeries } from './candles.js';
import { candleAt, seriesFromCandles } from './candles.js';
import { readCandleFile, writeCandleFile } from './candle-file.js';
import { candleFileName } from './file-name.js';
import type { TimeRange } from './download-plan.js';
import { formatBarTime, missingRanges } from './download-plan.js';
import type { RetryDeps, RetryPolicy } from './download-retry.js';
import { withRetry } from './download-retry.js';
import { countGaps, findBarProblem } from './download-validate.js';

/** Binance spot answers at most 1000 klines per request. */
export const BINANCE_KLINE_LIMIT = 1000;

export interface KlineRequest {
  /** Base coin; the quote is USDT. */
  readonly coin: string;
  readonly interval: string;
  /** First open time wanted. */
  readonly since: number;
  /** Last open time wanted (inclusive, as Binance's endTime). */
  readonly until: number;
  readonly limit: number;
}

/** The exchange, as the download needs it. */
export interface KlineSource {
  /** Those of `coins` that are not spot pairs against USDT on the exchange. */
  unknownCoins(coins: readonly string[]): Promise<string[]>;
  /** Bars with open time in [since, until], oldest first, at most `limit`. May hold a bar that is still open. */
  fetchKlines(request: KlineRequest): Promise<Candle[]>;
}

/** Progress as the data layer reports it; `cli/progress.ts` implements it (data must not import cli). */
export interface ProgressSink {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

export interface FetchOptions {
  readonly pageLimit: number;
  readonly retry: RetryPolicy;
  readonly retryDeps: RetryDeps;
}

/** One pair's file and what is missing from it. */
export interface PairJob {
  readonly coin: string;
  readonly interval: string;
  readonly intervalMs: number;
  readonly path: string;
  readonly existing: CandleSeries | undefined;
  /** Oldest first; empty when the file is up to date. */
  readonly ranges: readonly TimeRange[];
}

export interface PairResult {
  readonly file: string;
  readonly added: number;
  /** Open times of the first and last added bar (when any was added). */
  readonly addedFrom: number | undefined;
  readonly addedTo: number | undefined;
  readonly total: number;
  readonly first: number;
  readonly last: number;
  readonly gaps: number;
  readonly missingBars: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the pair's file in `dir` (`.csv.gz`, or an existing uncompressed `.csv`, which is then kept as it is),
 * loads it and works out which open times of `want` are missing. Nothing here touches the network.
 */
export async function planPair(
  dir: string,
  coin: string,
  interval: string,
  intervalMs: number,
  want: TimeRange,
): Promise<PairJob> {
  const gz = join(dir, candleFileName(coin, interval, true));
  const plain = join(dir, candleFileName(coin, interval, false));
  const path = (await exists(gz)) || !(await exists(plain)) ? gz : plain;
  // Real exchange history has outages, so a stored file may have gaps; anything else wrong with it fails here.
  const loaded = (await exists(path)) ? await readCandleFile(path, { allowGaps: true }) : undefined;
  const existing = loaded !== undefined && loaded.length > 0 ? loaded : undefined;
  const stored =
    existing === undefined
      ? undefined
      : { first: existing.time[0] as number, last: existing.time[existing.length - 1] as number };
  return { coin, interval, intervalMs, path, existing, ranges: missingRanges(stored, want, intervalMs) };
}

/**
 * Fetches the closed bars of `range`, page by page from its start. Pages are checked as they arrive; a bar
 * opening at or after `range.to` is still open (or not wanted) and is dropped. Stops early when the exchange
 * has nothing more, which happens before a listing and after the last trade of a delisted pair.
 */
export async function fetchRange(
  source: KlineSource,
  job: Pick<PairJob, 'coin' | 'interval' | 'intervalMs'>,
  range: TimeRange,
  options: FetchOptions,
  onProgress?: (barsCovered: number) => void,
): Promise<Candle[]> {
  const { coin, interval, intervalMs } = job;
  const out: Candle[] = [];
  let since = range.from;
  while (since < range.to) {
    const request = { coin, interval, since, until: range.to - 1, limit: options.pageLimit };
    const what = `${coin}/USDT ${interval} klines from ${formatBarTime(since)}`;
    const page = await withRetry(() => source.fetchKlines(request), options.retry, options.retryDeps, what);
    const bars = page.filter((c) => c.time < range.to);
    const first = bars[0];
    if (first === undefined) break;
    if (first.time < since) {
      throw badAnswer(coin, first.time, `asked for bars from ${formatBarTime(since)}, got an earlier one`);
    }
    const problem = findBarProblem(bars, intervalMs);
    if (problem !== undefined) throw badAnswer(coin, problem.time, problem.reason);
    for (const c of bars) out.push(c);
    since = (bars[bars.length - 1] as Candle).time + intervalMs;
    onProgress?.((Math.min(since, range.to) - range.from) / intervalMs);
  }
  return out;
}

function badAnswer(coin: string, time: number, reason: string): RuntimeFailure {
  const at = Number.isFinite(time) ? formatBarTime(time) : String(time);
  return new RuntimeFailure(`the exchange sent a bad ${coin}/USDT bar at ${at}: ${reason}; nothing was written`);
}

function seriesCandles(s: CandleSeries | undefined): Candle[] {
  const out: Candle[] = [];
  if (s !== undefined) for (let i = 0; i < s.length; i++) out.push(candleAt(s, i));
  return out;
}

/**
 * Downloads what `job` misses, merges it with the stored bars, validates the whole merged series and writes it
 * atomically. Writes nothing when nothing is new.
 */
export async function runPair(
  job: PairJob,
  source: KlineSource,
  options: FetchOptions,
  progress?: ProgressSink,
): Promise<PairResult> {
  const { coin, interval, intervalMs } = job;
  const slots = (r: TimeRange): number => (r.to - r.from) / intervalMs;
  const added: Candle[] = [];
  if (job.ranges.length > 0) {
    progress?.start(
      job.ranges.reduce((n, r) => n + slots(r), 0),
      basename(job.path),
    );
    try {
      let done = 0;
      for (const range of job.ranges) {
        const bars = await fetchRange(source, job, range, options, (n) => progress?.update(done + n));
        for (const c of bars) added.push(c);
        done += slots(range);
        progress?.update(done);
      }
    } finally {
      progress?.stop();
    }
  }

  // Ranges lie before the first or after the last stored bar, so sorting only interleaves them; any overlap
  // would show up below as a duplicate open time.
  const merged = [...seriesCandles(job.existing), ...added].sort((a, b) => a.time - b.time);
  const firstBar = merged[0];
  const lastBar = merged[merged.length - 1];
  if (firstBar === undefined || lastBar === undefined) {
    const want = job.ranges[0];
    const span = want === undefined ? '' : ` from ${formatBarTime(want.from)}`;
    throw new RuntimeFailure(`the exchange has no ${interval} bars for ${coin}/USDT${span}; nothing was written`);
  }
  const problem = findBarProblem(merged, intervalMs);
  if (problem !== undefined) {
    throw new RuntimeFailure(
      `${basename(job.path)}: the merged series is invalid at ${formatBarTime(problem.time)} ` +
        `(${problem.reason}); the file was left unchanged`,
    );
  }
  const series = seriesFromCandles(coin, interval, intervalMs, merged);
  if (added.length > 0) await writeCandleFile(job.path, series);
  const { gaps, missingBars } = countGaps(series.time, intervalMs);
  // Ranges are fetched oldest first and each comes back in order, so `added` is sorted.
  return {
    file: basename(job.path),
    added: added.length,
    addedFrom: added[0]?.time,
    addedTo: added[added.length - 1]?.time,
    total: series.length,
    first: firstBar.time,
    last: lastBar.time,
    gaps,
    missingBars,
  };
}

/** `BTC-USDT_1h.csv.gz: +4320 bars (2025-04-04T00:00Z → 2025-09-30T23:00Z), 4392 total, 0 gaps`. */
export function formatPairResult(r: PairResult): string {
  const gaps =
    r.gaps === 0 ? '0 gaps' : `${r.gaps} gap${r.gaps === 1 ? '' : 's'} (${r.missingBars} missing bars)`;
  if (r.addedFrom === undefined || r.addedTo === undefined) {
    return `${r.file}: up to date, ${r.total} total (${formatBarTime(r.first)} → ${formatBarTime(r.last)}), ${gaps}`;
  }
  const range = `${formatBarTime(r.addedFrom)} → ${formatBarTime(r.addedTo)}`;
  return `${r.file}: +${r.added} bar${r.added === 1 ? '' : 's'} (${range}), ${r.total} total, ${gaps}`;
}
