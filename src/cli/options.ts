// Option values shared by the commands that read a date range and the universe's candles (features, train,
// backtest): one parser, one error text, one way to load the universe.
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { isoUtc, parseUtc } from '../core/time.js';
import type { Config } from '../config/schema.js';
import { universeCoins, type UniverseCoin } from '../config/universe.js';
import { readCandleDir } from '../data/candle-file.js';
import type { CandleSeries } from '../data/candles.js';

export interface DateRange {
  readonly from: number | undefined;
  readonly to: number | undefined;
}

/** `--from` / `--to` as UTC ms; a text that is not a date, or an inverted range, is bad input (exit 2). */
export function dateRange(opts: {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}): DateRange {
  const from = dateOption('--from', opts.from);
  const to = dateOption('--to', opts.to);
  if (from !== undefined && to !== undefined && from > to) {
    throw new InputError(`--from ${isoUtc(from)} is after --to ${isoUtc(to)}`);
  }
  return { from, to };
}

function dateOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = parseUtc(text);
  if (t === undefined) {
    throw new InputError(
      `${name} "${text}" is not a date; use e.g. 2025-06-01, 2025-06-01T12:00 or epoch ms`,
    );
  }
  return t;
}

/** Every universe coin with its tier and its candles at data.interval, from `--data` or data.dir. */
export async function loadUniverseSeries(
  config: Config,
  cwd: string,
  dataDir: string | undefined,
): Promise<(UniverseCoin & { readonly series: CandleSeries })[]> {
  const dir = dataDir === undefined ? config.data.dir : resolve(cwd, dataDir);
  const universe = universeCoins(config);
  const series = await readCandleDir(dir, {
    interval: config.data.interval,
    coins: universe.map((u) => u.coin),
  });
  // readCandleDir names any missing coin in its error, so every coin has a series here.
  return universe.map((u) => ({ ...u, series: series.get(u.coin) as CandleSeries }));
}
