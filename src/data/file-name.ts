// Candle file names, as in the shared data: `<COIN>-USDT_<interval>.csv` or `.csv.gz`.
import { intervalMs } from '../core/time.js';

export interface CandleFileName {
  readonly coin: string;
  readonly quote: string;
  readonly interval: string;
  readonly intervalMs: number;
  readonly gzip: boolean;
}

const FILE_RE = /^([A-Z0-9]+)-([A-Z0-9]+)_([0-9]+[mhdw])\.csv(\.gz)?$/;

/** Parses a base name such as `BTC-USDT_1h.csv.gz`; undefined when it is not a candle file. */
export function parseCandleFileName(base: string): CandleFileName | undefined {
  const m = FILE_RE.exec(base);
  if (m === null) return undefined;
  const ms = intervalMs(m[3] as string);
  if (ms === undefined) return undefined;
  return { coin: m[1] as string, quote: m[2] as string, interval: m[3] as string, intervalMs: ms, gzip: m[4] !== undefined };
}

export function candleFileName(coin: string, interval: string, gzip = true, quote = 'USDT'): string {
  return `${coin}-${quote}_${interval}.csv${gzip ? '.gz' : ''}`;
}
