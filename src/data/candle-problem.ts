// What can be wrong with a candle file, as the parser reports it and the strict reader throws it.
import { InputError, type Location } from '../core/errors.js';

/** Every kind of problem, in the order the parser checks a row (after the file-level ones). */
export const PROBLEM_KINDS = [
  'unreadable', // the file cannot be read or decompressed
  'empty', // no header, or no rows after it
  'header',
  'fields', // wrong number of fields (or a blank line)
  'number', // a field is not a finite decimal number
  'timestamp', // not a whole, non-negative number of milliseconds
  'off-grid', // open time not on the interval's grid
  'duplicate',
  'unsorted',
  'gap', // missing bars
  'price', // a price is zero or negative
  'volume', // negative volume
  'ohlc', // high below low, or open/close outside [low, high]
] as const;

export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface RowProblem {
  readonly kind: ProblemKind;
  /** 1-based line in the decompressed file (the header is line 1); undefined when the file is unreadable. */
  readonly line: number | undefined;
  readonly message: string;
  /** Gaps only: how many bars are missing. */
  readonly missingBars?: number;
}

/** A bad row or file, with its kind so that callers and tests can branch on it. */
export class CandleDataError extends InputError {
  readonly kind: ProblemKind;
  /** The message without its location prefix. */
  readonly detail: string;
  constructor(kind: ProblemKind, message: string, location: Location, options?: { cause?: unknown }) {
    super(message, location, options);
    this.kind = kind;
    this.detail = message;
  }
}

export type ProblemSink = (problem: RowProblem) => void;
