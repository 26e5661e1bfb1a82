// Doctor check of the candle data: one line per universe coin, loaded strictly (any bad row or missing bar
// fails), with its range and how old its last bar is.
import { access } from 'node:fs/promises';
import { DAY_MS, HOUR_MS, intervalMs, isoUtc } from '../../core/time.js';
import { errorMessage } from '../../core/errors.js';
import { displayPath } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { universeCoins } from '../../config/universe.js';
import { readCandleDir } from '../../data/candle-file.js';
import { fail, ok, warn } from './doctor-report.js';
import type { CheckResult } from './doctor-report.js';

export interface DataCheckDeps {
  readonly cwd: string;
  readonly now: number;
}

export async function checkData(config: Config, deps: DataCheckDeps): Promise<CheckResult[]> {
  const { data } = config;
  const results = await checkDir('data', data.dir, data.interval, config, deps);
  if (data.stop_interval !== null && data.stop_dir !== null) {
    results.push(...(await checkDir('stop data', data.stop_dir, data.stop_interval, config, deps)));
  }
  return results;
}

async function checkDir(
  label: string,
  dir: string,
  interval: string,
  config: Config,
  deps: DataCheckDeps,
): Promise<CheckResult[]> {
  const shown = displayPath(deps.cwd, dir);
  try {
    await access(dir);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return [
      fail(
        label,
        missing ? `${shown} does not exist` : `${shown}: ${errorMessage(err)}`,
        missing ? [fetchHint(config, shown, interval)] : [],
      ),
    ];
  }
  const coins = universeCoins(config).map((c) => c.coin);
  const step = intervalMs(interval) ?? HOUR_MS;
  const stale: Array<{ coin: string; age: number }> = [];
  // Each coin on its own, so one bad file does not hide the state of the others.
  const lines = await Promise.all(
    coins.map(async (coin): Promise<CheckResult> => {
      const name = `${label} ${coin}`;
      try {
        const series = (await readCandleDir(dir, { interval, coins: [coin] })).get(coin);
        if (series === undefined || series.length === 0) return fail(name, `no ${interval} bars in ${shown}`);
        const first = series.time[0] ?? 0;
        const last = series.time[series.length - 1] ?? 0;
        const age = deps.now - (last + step);
        if (age > 2 * step) stale.push({ coin, age });
        const range = `${isoUtc(first)} → ${isoUtc(last)}`;
        return ok(
          name,
          `${series.length} bars of ${interval}, ${range}, no gaps; last closed ${formatAge(age)}`,
        );
      } catch (err) {
        return fail(name, errorMessage(err));
      }
    }),
  );
  const results = [
    ok(label, `${shown} exists; ${interval} candles of ${coins.length} universe coins:`),
    ...lines,
  ];
  // Live trading decides on the newest bars; elsewhere old data is expected (backtests, the sample replay).
  if (config.mode === 'live' && stale.length > 0) {
    const oldest = Math.max(...stale.map((s) => s.age));
    results.push(
      warn(
        label,
        `stale for live trading: ${stale.length} of ${coins.length} coins end more than two bars ago (oldest ${formatAge(oldest)})`,
        [fetchHint(config, shown, interval)],
      ),
    );
  }
  return results;
}

function fetchHint(config: Config, dir: string, interval: string): string {
  const pairs = universeCoins(config)
    .map((c) => c.coin)
    .join(',');
  return `fetch candles: algobot data download --pairs ${pairs} --interval ${interval} --out ${dir}`;
}

function formatAge(ms: number): string {
  if (ms < 0) return 'in the future (check the system clock)';
  if (ms < HOUR_MS) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 2 * DAY_MS) return `${(ms / HOUR_MS).toFixed(1)} h ago`;
  return `${Math.round(ms / DAY_MS)} days ago`;
}
