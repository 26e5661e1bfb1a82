// Batch twin of RegimeDetector: the same detector folded over the union timeline of several series.
import type { CandleSeries } from '../data/candles.js';
import { RegimeDetector } from './detector.js';
import { DEFAULT_REGIME_PARAMS, regimeCode, type RegimeParams } from './params.js';

export interface RegimeSeries {
  readonly coins: readonly string[];
  /** Union of the series' bar open times, ascending; each row is known at open + interval. */
  readonly time: Float64Array;
  /** Regime code per row (trend 0, chop 1, down 2; see REGIMES), NaN while warming up. */
  readonly code: Float64Array;
  readonly lookbackReturn: Float64Array;
  readonly breadth: Float64Array;
  readonly volRatio: Float64Array;
}

/** Sorted union of the open times of all series (each series is sorted and duplicate-free). */
export function unionTimes(series: readonly CandleSeries[]): Float64Array {
  let total = 0;
  for (const s of series) total += s.length;
  const all = new Float64Array(total);
  let k = 0;
  for (const s of series) {
    all.set(s.time.subarray(0, s.length), k);
    k += s.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[n - 1]) all[n++] = all[i] as number;
  return all.slice(0, n);
}

/**
 * Calls `visit(time, closes, row)` for each time of the union timeline with the closes of every series at that
 * time (NaN where a series has no bar), in series order. One closes array is reused.
 */
export function forEachAlignedClose(
  series: readonly CandleSeries[],
  visit: (time: number, closes: Float64Array, row: number) => void,
  time: Float64Array = unionTimes(series),
): Float64Array {
  const cursor = new Int32Array(series.length);
  const closes = new Float64Array(series.length);
  for (let row = 0; row < time.length; row++) {
    const t = time[row] as number;
    for (let a = 0; a < series.length; a++) {
      const s = series[a] as CandleSeries;
      const i = cursor[a] as number;
      if (i < s.length && s.time[i] === t) {
        closes[a] = s.close[i] as number;
        cursor[a] = i + 1;
      } else closes[a] = NaN;
    }
    visit(t, closes, row);
  }
  return time;
}

/** Regimes over the whole history of a universe; series[i].coin names the coins (one must be the benchmark). */
export function detectRegimes(
  series: readonly CandleSeries[],
  params: RegimeParams = DEFAULT_REGIME_PARAMS,
): RegimeSeries {
  const detector = new RegimeDetector(
    series.map((s) => s.coin),
    params,
  );
  const times = unionTimes(series);
  const n = times.length;
  const code = new Float64Array(n);
  const lookbackReturn = new Float64Array(n);
  const breadth = new Float64Array(n);
  const volRatio = new Float64Array(n);
  const time = forEachAlignedClose(
    series,
    (t, closes, row) => {
      const r = detector.update(t, closes);
      code[row] = r === undefined ? NaN : regimeCode(r);
      const sig = detector.signals;
      lookbackReturn[row] = sig.lookbackReturn;
      breadth[row] = sig.breadth;
      volRatio[row] = sig.volRatio;
    },
    times,
  );
  return { coins: detector.coins, time, code, lookbackReturn, breadth, volRatio };
}
