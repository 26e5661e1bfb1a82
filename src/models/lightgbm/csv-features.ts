// A streaming reader of feature CSVs for prediction: a header naming the columns, then numbers. Fed raw bytes in
// chunks of any size (the caller does the I/O), it fills row-major Float64Array batches in model feature order.
// Numbers are parsed from the bytes: the common short decimals exactly by Clinger's fast path (an integer
// mantissa below 2^53 times or divided by an exact power of ten rounds once, so it is the correctly rounded
// value), anything longer through Number(), which is exact too. Unused columns are skipped without parsing.
import { InputError } from '../../core/errors.js';
import { bindFeatures, type FeatureBinding } from './features.js';

export interface FeatureBatch {
  /** nRows × numFeatures values, row-major, in model feature order. Reused between batches. */
  readonly features: Float64Array;
  readonly nRows: number;
  /** 1-based file line of the batch's first row. */
  readonly firstLine: number;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 1e22
const MAX_EXACT = 2 ** 53;
const COMMA = 44;
const NL = 10;
const CR = 13;

/**
 * Parses a feature CSV pushed as byte chunks. `onBatch` receives every `batchRows` rows and the remainder at
 * `end()`. Missing values: an empty field, nan, na, null (any case). Also inf / -inf / infinity.
 */
export class FeatureCsvReader {
  private readonly fileName: string;
  private readonly featureNames: readonly string[];
  private readonly batchRows: number;
  private readonly onBatch: (batch: FeatureBatch) => void;
  private binding: FeatureBinding | undefined;
  private columnNames: string[] = [];
  private carry: Uint8Array = new Uint8Array(0);
  private line = 0;
  private readonly numFeatures: number;
  private features: Float64Array;
  private nRows = 0;
  private batchFirstLine = 0;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    fileName: string,
    featureNames: readonly string[],
    onBatch: (batch: FeatureBatch) => void,
    batchRows = 8192,
  ) {
    this.fileName = fileName;
    this.featureNames = featureNames;
    this.onBatch = onBatch;
    this.batchRows = batchRows;
    this.numFeatures = featureNames.length;
    this.features = new Float64Array(batchRows * this.numFeatures);
  }

  /** Rows read so far (data lines, header and blank lines excluded). */
  rows = 0;

  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.carry.length > 0) {
      // Only the line that straddles the chunk boundary is copied; the rest is parsed in place.
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        this.carry = concat(this.carry, chunk);
        return;
      }
      const line = concat(this.carry, chunk.subarray(0, nl));
      this.handleLine(line, 0, line.length);
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      this.handleLine(chunk, start, nl);
      start = nl + 1;
    }
    this.carry = chunk.slice(start);
  }

  /** Flushes the last line (if the file does not end in a newline) and the last batch. */
  end(): void {
    if (this.carry.length > 0) this.handleLine(this.carry, 0, this.carry.length);
    this.carry = new Uint8Array(0);
    if (this.binding === undefined)
      throw new InputError('empty file: expected a header line', { file: this.fileName, line: 1 });
    this.flush();
  }

  private handleLine(bytes: Uint8Array, start: number, end: number): void {
    this.line++;
    if (end > start && bytes[end - 1] === CR) end--;
    if (this.binding === undefined) {
      this.readHeader(this.decoder.decode(bytes.subarray(start, end)));
      return;
    }
    if (end === start) return; // blank line
    if (this.nRows === 0) this.batchFirstLine = this.line;
    this.parseRow(bytes, start, end);
    this.nRows++;
    this.rows++;
    if (this.nRows === this.batchRows) this.flush();
  }

  private flush(): void {
    if (this.nRows === 0) return;
    this.onBatch({ features: this.features, nRows: this.nRows, firstLine: this.batchFirstLine });
    this.nRows = 0;
  }

  private readHeader(text: string): void {
    const header = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte-order mark
    this.columnNames = header.split(',').map((name) => {
      const trimmed = name.trim();
      return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
        ? trimmed.slice(1, -1)
        : trimmed;
    });
    this.binding = bindFeatures({ featureNames: this.featureNames }, this.columnNames, {
      file: this.fileName,
      line: this.line,
    });
  }

  private parseRow(bytes: Uint8Array, start: number, end: number): void {
    const featureOfColumn = (this.binding as FeatureBinding).featureOfColumn;
    const nColumns = featureOfColumn.length;
    const out = this.features;
    const base = this.nRows * this.numFeatures;
    let pos = start;
    for (let col = 0; col < nColumns; col++) {
      let fieldEnd = pos;
      while (fieldEnd < end && bytes[fieldEnd] !== COMMA) fieldEnd++;
      if (fieldEnd === end && col < nColumns - 1) {
        throw this.error(`expected ${nColumns} fields, got ${col + 1}`);
      }
      const f = featureOfColumn[col] as number;
      if (f >= 0) out[base + f] = this.parseNumber(bytes, pos, fieldEnd, col);
      pos = fieldEnd + 1;
    }
    if (pos <= end) throw this.error(`expected ${nColumns} fields, got more`);
  }

  private parseNumber(bytes: Uint8Array, start: number, end: number, col: number): number {
    while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
    while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
    if (start === end) return NaN;
    let i = start;
    let neg = false;
    let c = bytes[i] as number;
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    let any = false;
    while (i < end && (c = bytes[i] as number) >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0) digits++;
      any = true;
      i++;
    }
    if (i < end && bytes[i] === 46) {
      i++;
      while (i < end && (c = bytes[i] as number) >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        if (mantissa !== 0) digits++;
        scale--;
        any = true;
        i++;
      }
    }
    if (!any) return this.special(bytes, start, end, col);
    if (i < end && (bytes[i] === 101 || bytes[i] === 69)) {
      i++;
      let expNeg = false;
      if (i < end && (bytes[i] === 45 || bytes[i] === 43)) {
        expNeg = bytes[i] === 45;
        i++;
      }
      let exp = 0;
      const expStart = i;
      while (i < end && (c = bytes[i] as number) >= 48 && c <= 57) {
        exp = Math.min(exp * 10 + (c - 48), 100000);
        i++;
      }
      if (i === expStart) return this.special(bytes, start, end, col);
      scale += expNeg ? -exp : exp;
    }
    if (i !== end) return this.special(bytes, start, end, col);
    if (digits <= 15 && mantissa <= MAX_EXACT && scale >= -22 && scale <= 22) {
      const v = scale >= 0 ? mantissa * (POW10[scale] as number) : mantissa / (POW10[-scale] as number);
      return neg ? -v : v;
    }
    // Long mantissa or large exponent: the syntax is checked, Number() rounds exactly.
    return Number(latin1(bytes, start, end));
  }

  private special(bytes: Uint8Array, start: number, end: number, col: number): number {
    const text = latin1(bytes, start, end);
    const lower = text.toLowerCase();
    if (lower === 'nan' || lower === 'na' || lower === 'null' || lower === '-nan') return NaN;
    if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
    if (lower === '-inf' || lower === '-infinity') return -Infinity;
    const name = this.columnNames[col] ?? '';
    throw this.error(
      `column ${col + 1} ("${name}"): "${text.length > 40 ? `${text.slice(0, 40)}…` : text}" is not a number`,
    );
  }

  private error(message: string): InputError {
    return new InputError(message, { file: this.fileName, line: this.line });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}
