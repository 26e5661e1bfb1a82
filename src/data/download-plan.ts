// What a download asks for: which coins, which interval, which open times. Pure functions of the command line
// and the clock, so the CLI and the tests agree on them.
import { InputError } from '../core/errors.js';
import { DAY_MS, floorTo, intervalMs } from '../core/time.js';

/**
 * Intervals we download: Binance spot intervals whose bars start on multiples of the interval since the epoch,
 * so a bar's open time can be checked and gaps counted. 3d, 1w and 1M bars are anchored elsewhere (1w on
 * Mondays, 1M on calendar months) and 1s is too fine for this bot; they are left out on purpose.
 */
export const DOWNLOAD_INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d'] as const;

/** Open times in [from, to), epoch ms. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export function parseDownloadInterval(text: string): number {
  const ms = intervalMs(text);
  if (ms === undefined || !(DOWNLOAD_INTERVALS as readonly string[]).includes(text)) {
    throw new InputError(`"${text}" is not a supported interval; use one of ${DOWNLOAD_INTERVALS.join(', ')}`, {
      key: '--interval',
    });
  }
  return ms;
}

const COIN_RE = /^[A-Z0-9]{1,20}$/;
const PAIR_RE = /^([A-Z0-9]+)[/-]([A-Z0-9]+)$/;

/**
 * `BTC,eth, SOL/USDT,AVAX-USDT` → [BTC, ETH, SOL, AVAX]: upper-cased, de-duplicated, in the order given. Only
 * USDT pairs are accepted because the files are `<COIN>-USDT_<interval>`.
 */
export function parseCoinList(text: string): string[] {
  const coins: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim().toUpperCase();
    if (item === '') throw new InputError(`empty entry in "${text}"; write coins like BTC,ETH`, { key: '--pairs' });
    let coin = item;
    const pair = PAIR_RE.exec(item);
    if (pair !== null) {
      if (pair[2] !== 'USDT') {
        throw new InputError(`"${raw.trim()}": only USDT pairs are downloaded; write the coin, e.g. ${pair[1]}`, {
          key: '--pairs',
        });
      }
      coin = pair[1] as string;
    }
    if (!COIN_RE.test(coin)) {
      throw new InputError(`"${raw.trim()}" is not a coin; write letters and digits, e.g. BTC,ETH`, {
        key: '--pairs',
      });
    }
    if (!coins.includes(coin)) coins.push(coin);
  }
  return coins;
}

/**
 * The closed bars of the last `days` days at `now`: up to, not including, the bar still open at `now`
 * (a bar opening at t is closed once t + interval ≤ now, i.e. t < floor(now)).
 */
export function requestedRange(now: number, days: number, stepMs: number): TimeRange {
  const to = floorTo(now, stepMs);
  return { from: Math.max(0, floorTo(now - days * DAY_MS, stepMs)), to };
}

/**
 * What is missing from a file holding bars `first`..`last` to cover `want`: the part before its first bar and
 * everything after its last bar. The tail starts right after the last stored bar even when that is before
 * `want.from`, so resuming never leaves a hole of our own making in the file.
 */
export function missingRanges(
  stored: { readonly first: number; readonly last: number } | undefined,
  want: TimeRange,
  stepMs: number,
): TimeRange[] {
  if (stored === undefined) return want.from < want.to ? [want] : [];
  const ranges: TimeRange[] = [];
  if (want.from < stored.first) ranges.push({ from: want.from, to: Math.min(stored.first, want.to) });
  const next = stored.last + stepMs;
  if (next < want.to) ranges.push({ from: next, to: want.to });
  return ranges.filter((r) => r.from < r.to);
}

/** Minutes precision is enough for bar times and reads better: 2025-09-30T23:00Z. */
export function formatBarTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}
