// Walk-forward folds with purging and an embargo. The decision times that have a target are cut into
// folds + 1 consecutive blocks of equal length; fold k tests on block k and trains on what came before it
// (expanding: everything; rolling: a fixed window). A training row at time t has a label window [t, t + h]; it
// is kept only if t < testStart − gap with gap = max(embargo, h): its label ends before the first test row's
// window begins, and the gap also covers the serial correlation of features across the boundary. Training never
// sees a row after the test period.

export interface FoldOptions {
  readonly folds: number;
  readonly scheme: 'expanding' | 'rolling';
  /** Horizon of the label, ms. */
  readonly horizonMs: number;
  /** Gap between the last training and the first test decision time, ms; raised to the horizon if shorter. */
  readonly embargoMs: number;
  /** Rolling only: how far back training reaches before the gap, ms. */
  readonly windowMs: number;
}

export interface Fold {
  readonly index: number;
  /** Row indices, ascending. */
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly testStart: number;
  readonly testEnd: number;
  /** Gap actually kept between training and test decision times (≥ the horizon). */
  readonly gapMs: number;
}

/** `usable[r]` = 1 when row r has a target. `time` ascending. */
export function walkForwardFolds(time: Float64Array, usable: Uint8Array, o: FoldOptions): Fold[] {
  if (!Number.isInteger(o.folds) || o.folds < 1) throw new Error('folds must be a positive integer');
  const times: number[] = [];
  for (let r = 0; r < time.length; r++) {
    if (usable[r] !== 1) continue;
    const t = time[r] as number;
    if (times.length === 0 || t !== times[times.length - 1]) times.push(t);
  }
  const blocks = o.folds + 1;
  if (times.length < blocks * 2)
    throw new Error(`too few decision times (${times.length}) for ${o.folds} folds`);
  const gap = Math.max(o.embargoMs, o.horizonMs);
  const folds: Fold[] = [];
  for (let k = 1; k <= o.folds; k++) {
    const testStart = times[Math.floor((k * times.length) / blocks)] as number;
    const testEnd = times[Math.floor(((k + 1) * times.length) / blocks) - 1] as number;
    const trainFrom = o.scheme === 'rolling' ? testStart - gap - o.windowMs : -Infinity;
    const train: number[] = [];
    const test: number[] = [];
    for (let r = 0; r < time.length; r++) {
      if (usable[r] !== 1) continue;
      const t = time[r] as number;
      if (t >= testStart && t <= testEnd) test.push(r);
      else if (t < testStart - gap && t >= trainFrom) train.push(r);
    }
    if (train.length === 0) {
      throw new Error(
        `too few decision times (${times.length}) for ${o.folds} folds: fold ${k} has no training rows before its test period and the ${gap / 3_600_000} h gap`,
      );
    }
    folds.push({
      index: k,
      train: Int32Array.from(train),
      test: Int32Array.from(test),
      testStart,
      testEnd,
      gapMs: gap,
    });
  }
  return folds;
}
