// A tiny candle CSV reader for the feature/regime tests and benchmarks, independent of src/data's loader so that
// these suites test the features and nothing else. No validation beyond "six finite numbers per row": the inputs
// are the shared Binance exports (validated by their README) and fixtures written from them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { emptySeries, type CandleSeries } from '../../src/data/candles.js';
import { parseCandleFileName } from '../../src/data/file-name.js';

/** Reads `<COIN>-USDT_<interval>.csv[.gz]` (header `timestamp,open,high,low,close,volume`). */
export function readCandleCsv(path: string): CandleSeries {
  const name = parseCandleFileName(basename(path));
  if (name === undefined) throw new Error(`${path}: not a candle file name`);
  const raw = readFileSync(path);
  const text = (name.gzip ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'timestamp,open,high,low,close,volume')
    throw new Error(`${path}: unexpected header`);
  const s = emptySeries(name.coin, name.interval, name.intervalMs, lines.length - 1);
  const cols = [s.time, s.open, s.high, s.low, s.close, s.volume];
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] as string).split(',');
    if (fields.length !== 6) throw new Error(`${path}:${i + 1}: expected 6 fields`);
    fields.forEach((f, j) => {
      const v = Number(f);
      if (!Number.isFinite(v)) throw new Error(`${path}:${i + 1}: field ${j + 1} is not a number`);
      (cols[j] as Float64Array)[i - 1] = v;
    });
  }
  return { ...s, length: lines.length - 1 };
}
