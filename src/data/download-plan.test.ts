import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/time.js';
import {
  DOWNLOAD_INTERVALS,
  formatBarTime,
  missingRanges,
  parseCoinList,
  parseDownloadInterval,
  requestedRange,
} from './download-plan.js';

const T = Date.UTC(2025, 8, 30); // 2025-09-30T00:00Z

describe('parseCoinList', () => {
  it('upper-cases, strips a USDT quote, drops repeats and keeps the order', () => {
    expect(parseCoinList('eth, BTC ,sol/usdt,AVAX-USDT,btc,1000SATS')).toEqual(['ETH', 'BTC', 'SOL', 'AVAX', '1000SATS']);
  });

  it.each([
    ['', /empty entry/],
    ['BTC,', /empty entry/],
    ['BTC ETH', /"BTC ETH" is not a coin/],
    ['BTC;ETH', /is not a coin/],
    ['BTC/EUR', /only USDT pairs are downloaded; write the coin, e.g. BTC/],
    ['ÉTH', /is not a coin/],
    ['A'.repeat(21), /is not a coin/],
  ])('rejects %j as an InputError on --pairs', (text, message) => {
    expect(() => parseCoinList(text)).toThrow(InputError);
    expect(() => parseCoinList(text)).toThrow(message);
    expect(() => parseCoinList(text)).toThrow(/^--pairs: /);
  });
});

describe('parseDownloadInterval', () => {
  it('accepts the Binance intervals aligned to the epoch', () => {
    expect(parseDownloadInterval('1m')).toBe(MINUTE_MS);
    expect(parseDownloadInterval('4h')).toBe(4 * HOUR_MS);
    expect(parseDownloadInterval('1d')).toBe(DAY_MS);
    for (const i of DOWNLOAD_INTERVALS) expect(DAY_MS % parseDownloadInterval(i)).toBe(0);
  });

  it.each(['7m', '1w', '3d', '1M', '1s', 'h', '60'])('rejects %j', (text) => {
    expect(() => parseDownloadInterval(text)).toThrow(/^--interval: .* is not a supported interval; use one of 1m/);
  });
});

describe('requestedRange', () => {
  it('ends at the open time of the bar still open at now and starts whole days earlier', () => {
    expect(requestedRange(T + 30 * MINUTE_MS, 2, HOUR_MS)).toEqual({ from: T - 2 * DAY_MS, to: T });
    expect(requestedRange(T + 59 * MINUTE_MS, 1, 15 * MINUTE_MS)).toEqual({
      from: T - DAY_MS + 45 * MINUTE_MS,
      to: T + 45 * MINUTE_MS,
    });
  });

  it('counts a bar that closes exactly at now as closed', () => {
    expect(requestedRange(T, 1, HOUR_MS).to).toBe(T);
  });

  it('never starts before the epoch', () => {
    expect(requestedRange(DAY_MS, 100, HOUR_MS).from).toBe(0);
  });
});

describe('missingRanges', () => {
  const want = { from: T - 10 * HOUR_MS, to: T };

  it('asks for everything when nothing is stored', () => {
    expect(missingRanges(undefined, want, HOUR_MS)).toEqual([want]);
  });

  it('asks only for what follows the last stored bar', () => {
    const stored = { first: T - 10 * HOUR_MS, last: T - 4 * HOUR_MS };
    expect(missingRanges(stored, want, HOUR_MS)).toEqual([{ from: T - 3 * HOUR_MS, to: T }]);
  });

  it('asks for nothing when the last closed bar is stored', () => {
    expect(missingRanges({ first: T - 20 * HOUR_MS, last: T - HOUR_MS }, want, HOUR_MS)).toEqual([]);
  });

  it('asks for the earlier part too when the request starts before the first stored bar', () => {
    const stored = { first: T - 6 * HOUR_MS, last: T - 2 * HOUR_MS };
    expect(missingRanges(stored, want, HOUR_MS)).toEqual([
      { from: T - 10 * HOUR_MS, to: T - 6 * HOUR_MS },
      { from: T - HOUR_MS, to: T },
    ]);
  });

  it('resumes right after an old file rather than leaving a hole before the requested start', () => {
    const stored = { first: T - 40 * HOUR_MS, last: T - 30 * HOUR_MS };
    expect(missingRanges(stored, want, HOUR_MS)).toEqual([{ from: T - 29 * HOUR_MS, to: T }]);
  });
});

describe('formatBarTime', () => {
  it('prints minutes in UTC', () => {
    expect(formatBarTime(T + 23 * HOUR_MS)).toBe('2025-09-30T23:00Z');
  });
});
