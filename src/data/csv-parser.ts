// The one candle CSV parser. It reports every problem it meets to a sink, in file order: the strict reader's sink
// throws on the first one, the checker's sink tallies them all. Both therefore agree, by construction, on which
// row is the first bad one. It works on raw bytes: no string per line or per field, which is what makes
// a million rows load in well under a second.
import { DAY_MS, isoUtc } from '../core/time.js';
import type { ProblemSink } from './candle-problem.js';
import type { CandleSeries } from './candles.js';
import { checkBarValues } from './bar-rules.js';
import { formatDecimal, parseDecimal, scanDecimal, scannedTo } from './decimal.js';

const num = formatDecimal;

export const CANDLE_HEADER = 'timestamp,open,high,low,close,volume';
const FIELD_NAMES = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

export interface CandleMeta {
  readonly coin: string;
  readonly interval: string;
  readonly intervalMs: number;
}

export interface ParsedCandles {
  /** Rows that parsed completely and advance in time; with no problem reported, every row of the file. */
  readonly series: CandleSeries;
  /** Data lines after the header, good or bad. */
  readonly rows: number;
  /** Open times of the first and last row in time order (undefined when there is none). */
  readonly firstTime: number | undefined;
  readonly lastTime: number | undefined;
  /** Genuine quiet bars: informational, not a problem. */
  readonly zeroVolumeBars: number;
}

/** The last instant a JavaScript Date can show (year 275760). */
const MAX_TIME = 8.64e15;
const LF = 10;
const CR = 13;
const COMMA = 44;

export function parseCandleCsv(bytes: Uint8Array, meta: CandleMeta, report: ProblemSink): ParsedCandles {
  const n = bytes.length;
  const step = meta.intervalMs;
  // Binance opens intervals up to a day on multiples of the interval since the epoch; weeks open on Mondays,
  // which the epoch (a Thursday) is not, so longer intervals are only checked against the previous bar.
  const epochGrid = DAY_MS % step === 0;
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 BOM

  const capacity = countLines(bytes, pos);
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);
  let length = 0;
  let rows = 0;
  let zeroVolumeBars = 0;
  let firstTime: number | undefined;
  let prev = NaN; // open time of the latest bar in sequence
  let prevLine = 0;

  if (pos >= n) {
    report({ kind: 'empty', line: 1, message: `file is empty: expected the header "${CANDLE_HEADER}"` });
  } else {
    let end = lineEnd(bytes, pos);
    const header = new TextDecoder().decode(bytes.subarray(pos, trimCr(bytes, pos, end)));
    if (header !== CANDLE_HEADER) {
      report({ kind: 'header', line: 1, message: `wrong header "${clip(header)}", expected "${CANDLE_HEADER}"` });
    }
    pos = end + 1;
    const bounds = new Int32Array(12);
    const values = new Float64Array(6);
    let line = 1;
    while (pos < n) {
      line++;
      rows++;
      end = lineEnd(bytes, pos);
      const stop = trimCr(bytes, pos, end);

      // Fast path: six numbers parsed in one pass. Anything else is split and parsed field by field, which finds
      // and reports exactly what is wrong.
      let fields = 6;
      let complete = scanRow(bytes, pos, stop, values);
      if (!complete) {
        fields = splitRow(bytes, pos, stop, bounds);
        complete = fields === 6;
        if (!complete) {
          const message =
            stop === pos ? 'empty line' : `wrong number of fields: ${fields}, expected ${FIELD_NAMES.length}`;
          report({ kind: 'fields', line, message });
        }
        // Parse what is there; a damaged row still places itself in time when its timestamp reads.
        for (let f = 0; f < (complete ? 6 : 1); f++) {
          const a = bounds[2 * f] as number;
          const b = bounds[2 * f + 1] as number;
          const v = parseDecimal(bytes, a, b);
          values[f] = v;
          if (!Number.isFinite(v)) {
            if (complete) report({ kind: 'number', line, message: notANumber(f, bytes.subarray(a, b)) });
            complete = false;
          }
        }
      }
      const t = values[0] as number;
      let inSequence = false;
      if (Number.isFinite(t) && !(Number.isInteger(t) && t >= 0 && t <= MAX_TIME)) {
        if (fields === 6) {
          const message = `timestamp ${num(t)} is not a whole, non-negative number of epoch milliseconds`;
          report({ kind: 'timestamp', line, message });
        }
      } else if (Number.isFinite(t)) {
        if (epochGrid && t % step !== 0) {
          // Before 1973 in milliseconds, but 1973 to 5138 in seconds: the usual mistake.
          const hint = t < 1e11 ? ' (epoch seconds? timestamps are epoch milliseconds)' : '';
          const message = `timestamp ${at(t)} is not on the ${meta.interval} grid${hint}`;
          report({ kind: 'off-grid', line, message });
        } else if (Number.isNaN(prev)) {
          inSequence = true;
          firstTime = t;
        } else if (t === prev) {
          report({ kind: 'duplicate', line, message: `duplicate timestamp ${at(t)}, first on line ${prevLine}` });
        } else if (t < prev) {
          const message = `timestamp ${at(t)} is not after the previous bar's ${at(prev)} on line ${prevLine} (unsorted)`;
          report({ kind: 'unsorted', line, message });
        } else if ((t - prev) % step !== 0) {
          const message = `timestamp ${at(t)} is not a whole number of ${meta.interval} bars after ${at(prev)}`;
          report({ kind: 'off-grid', line, message });
        } else {
          inSequence = true;
          const missingBars = (t - prev) / step - 1;
          if (missingBars > 0) {
            const bars = missingBars === 1 ? '1 bar' : `${missingBars} bars`;
            const message = `gap: ${bars} missing between ${isoUtc(prev)} and ${isoUtc(t)}`;
            report({ kind: 'gap', line, message, missingBars });
          }
        }
        if (inSequence) {
          prev = t;
          prevLine = line;
        }
      }

      if (complete) {
        const o = values[1] as number;
        const h = values[2] as number;
        const l = values[3] as number;
        const c = values[4] as number;
        const v = values[5] as number;
        // Every check at once (low > 0 with low ≤ open, close ≤ high makes all prices positive); the rare
        // failure is then examined to report the specific problem.
        if (!(l > 0 && l <= o && l <= c && h >= o && h >= c && v >= 0)) checkValues(values, line, report);
        if (v === 0) zeroVolumeBars++;
        if (inSequence) {
          time[length] = t;
          open[length] = o;
          high[length] = h;
          low[length] = l;
          close[length] = c;
          volume[length] = v;
          length++;
        }
      }
      pos = end + 1;
    }
    if (rows === 0) report({ kind: 'empty', line: 2, message: 'no data rows after the header' });
  }

  const series: CandleSeries = {
    coin: meta.coin,
    interval: meta.interval,
    intervalMs: step,
    length,
    time: time.subarray(0, length),
    open: open.subarray(0, length),
    high: high.subarray(0, length),
    low: low.subarray(0, length),
    close: close.subarray(0, length),
    volume: volume.subarray(0, length),
  };
  const lastTime = Number.isNaN(prev) ? undefined : prev;
  return { series, rows, firstTime, lastTime, zeroVolumeBars };
}

/** Parses a row of exactly six numbers into `values`; false when the row is anything else. */
function scanRow(bytes: Uint8Array, pos: number, stop: number, values: Float64Array): boolean {
  let p = pos;
  for (let f = 0; f < 6; f++) {
    const v = scanDecimal(bytes, p, stop);
    if (!Number.isFinite(v)) return false;
    const q = scannedTo();
    if (f < 5 ? q >= stop || bytes[q] !== COMMA : q !== stop) return false;
    values[f] = v;
    p = q + 1;
  }
  return true;
}

/** Splits a row on commas into `bounds` (start, end of the first six fields) and returns the field count. */
function splitRow(bytes: Uint8Array, pos: number, stop: number, bounds: Int32Array): number {
  let fields = 1;
  let start = pos;
  for (let q = pos; q < stop; q++) {
    if (bytes[q] !== COMMA) continue;
    if (fields <= 6) {
      bounds[2 * fields - 2] = start;
      bounds[2 * fields - 1] = q;
    }
    fields++;
    start = q + 1;
  }
  if (fields <= 6) {
    bounds[2 * fields - 2] = start;
    bounds[2 * fields - 1] = stop;
  }
  return fields;
}

function checkValues(v: Float64Array, line: number, report: ProblemSink): void {
  const [, o, h, l, c, vol] = v as unknown as [number, number, number, number, number, number];
  checkBarValues(o, h, l, c, vol, (kind, message) => report({ kind, line, message }));
}

function notANumber(field: number, raw: Uint8Array): string {
  const name = FIELD_NAMES[field] as string;
  const text = new TextDecoder().decode(raw);
  if (text === '') return `field "${name}" is empty`;
  if (/^[+-]?(nan|inf|infinity)$/i.test(text.trim())) return `field "${name}" is not a finite number: "${text}"`;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return `field "${name}" is out of range: "${text}"`;
  return `field "${name}" is not a number: "${clip(text)}"`;
}

function at(t: number): string {
  return `${t} (${isoUtc(t)})`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const i = bytes.indexOf(LF, from);
  return i < 0 ? bytes.length : i;
}

function trimCr(bytes: Uint8Array, start: number, end: number): number {
  return end > start && bytes[end - 1] === CR ? end - 1 : end;
}

/** Upper bound on the data rows, to size the columns once. */
function countLines(bytes: Uint8Array, from: number): number {
  let lines = 1;
  for (let i = bytes.indexOf(LF, from); i >= 0; i = bytes.indexOf(LF, i + 1)) lines++;
  return lines;
}
