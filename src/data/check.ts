// Lenient scan of a candle file for `algobot data check`: the strict loader's parser with a sink that counts
// every problem instead of throwing at the first. `usable` is true exactly when readCandleFile with the same
// `allowGaps` would load the file, and `firstProblem` is the row it would stop at.
import { candleName, readCandleBytes } from './candle-io.js';
import { CandleDataError, PROBLEM_KINDS, type ProblemKind, type RowProblem } from './candle-problem.js';
import { parseCandleCsv } from './csv-parser.js';

export interface CheckCandleOptions {
  /** Missing bars do not make the file unusable (they are still counted). */
  readonly allowGaps?: boolean;
}

export interface CandleFileReport {
  readonly file: string;
  readonly coin: string;
  readonly interval: string;
  readonly intervalMs: number;
  /** Data lines after the header, good or bad. */
  readonly rows: number;
  /** Open times of the first and last bar in time order (undefined when no row has a readable timestamp). */
  readonly firstTime: number | undefined;
  readonly lastTime: number | undefined;
  /** Problems found, by kind: a row is counted once per kind it fails. Gaps are counted once per hole. */
  readonly counts: Readonly<Record<ProblemKind, number>>;
  /** Bars missing inside all the gaps together. */
  readonly missingBars: number;
  readonly firstGap: RowProblem | undefined;
  /** Genuine quiet bars: informational, never a problem. */
  readonly zeroVolumeBars: number;
  /** The first problem that makes the file unusable; for an unreadable file, `line` is undefined. */
  readonly firstProblem: RowProblem | undefined;
  readonly usable: boolean;
}

/**
 * Scans one candle file and reports everything wrong with it. Never throws for bad content or an unreadable file
 * (both come back as an unusable report); throws InputError only when the name is not a candle file name, since
 * then there is no interval to check against.
 */
export async function checkCandleFile(path: string, opts: CheckCandleOptions = {}): Promise<CandleFileReport> {
  const name = candleName(path);
  const allowGaps = opts.allowGaps === true;
  const counts = Object.fromEntries(PROBLEM_KINDS.map((k) => [k, 0])) as Record<ProblemKind, number>;
  let missingBars = 0;
  let firstGap: RowProblem | undefined;
  let firstProblem: RowProblem | undefined;
  const collect = (p: RowProblem): void => {
    counts[p.kind]++;
    if (p.kind === 'gap') {
      missingBars += p.missingBars ?? 0;
      firstGap ??= p;
    }
    // The same test as the strict reader's sink, so the first problem is the row it would throw at.
    if (!(p.kind === 'gap' && allowGaps)) firstProblem ??= p;
  };
  const base = { file: path, coin: name.coin, interval: name.interval, intervalMs: name.intervalMs };

  let bytes: Uint8Array;
  try {
    bytes = await readCandleBytes(path, name.gzip);
  } catch (err) {
    if (!(err instanceof CandleDataError)) throw err;
    const problem: RowProblem = { kind: 'unreadable', line: undefined, message: err.detail };
    collect(problem);
    const empty = { rows: 0, firstTime: undefined, lastTime: undefined, zeroVolumeBars: 0 };
    return { ...base, ...empty, counts, missingBars, firstGap, firstProblem: problem, usable: false };
  }

  const parsed = parseCandleCsv(bytes, name, collect);
  return {
    ...base,
    rows: parsed.rows,
    firstTime: parsed.firstTime,
    lastTime: parsed.lastTime,
    counts,
    missingBars,
    firstGap,
    zeroVolumeBars: parsed.zeroVolumeBars,
    firstProblem,
    usable: firstProblem === undefined,
  };
}
