// The subjects of the streaming contract suite (src/features/contract.test.ts): every feature calculator and the
// regime detector, each with its batch form and an independent, literal streaming loop.
import { candleAt, type CandleSeries } from '../../src/data/candles.js';
import {
  createFeatureCalculators,
  foldSeries,
  type FeatureParams,
  type Tier,
} from '../../src/features/index.js';
import { RegimeDetector, detectRegimes, regimeCode, type RegimeParams } from '../../src/regime/index.js';

export interface Subject<In> {
  readonly name: string;
  readonly warmup: number;
  /** The library's batch form. */
  batch(input: In): Float64Array;
  /** A plain streaming loop, one freshly built input object per update. */
  stream(input: In): Float64Array;
}

export function featureSubjects(params: FeatureParams, tier: Tier = 2): Subject<CandleSeries>[] {
  return createFeatureCalculators(tier, params).map((proto, j) => {
    const make = () => createFeatureCalculators(tier, params)[j] as typeof proto;
    return {
      name: proto.name,
      warmup: proto.warmup,
      batch: (s) => foldSeries(make(), s),
      stream: (s) => {
        const calc = make();
        const out = new Float64Array(s.length);
        for (let i = 0; i < s.length; i++) out[i] = calc.update(candleAt(s, i));
        return out;
      },
    };
  });
}

/** Union timeline and closes per time, built with plain maps (not the library's merge). */
export function alignCloses(universe: readonly CandleSeries[]): { times: number[]; closes: number[][] } {
  const times = [...new Set(universe.flatMap((s) => Array.from(s.time.subarray(0, s.length))))].sort(
    (a, b) => a - b,
  );
  const maps = universe.map((s) => {
    const m = new Map<number, number>();
    for (let i = 0; i < s.length; i++) m.set(s.time[i] as number, s.close[i] as number);
    return m;
  });
  return { times, closes: times.map((t) => maps.map((m) => m.get(t) ?? NaN)) };
}

export function regimeSubject(params: RegimeParams): Subject<readonly CandleSeries[]> {
  return {
    name: 'regime',
    warmup: params.lookbackBars,
    batch: (u) => detectRegimes(u, params).code,
    stream: (u) => {
      const det = new RegimeDetector(
        u.map((s) => s.coin),
        params,
      );
      const { times, closes } = alignCloses(u);
      return Float64Array.from(times, (t, i) => {
        const r = det.update(t, closes[i] as number[]);
        return r === undefined ? NaN : regimeCode(r);
      });
    },
  };
}

/** Index of the first value of `a` that is not the very same value (Object.is) as in `b`; −1 when none. */
export function firstDifference(a: Float64Array, b: Float64Array, n = Math.max(a.length, b.length)): number {
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Indices where the warm-up contract fails: NaN before `warmup`, finite from there on. */
export function warmupViolations(values: Float64Array, warmup: number): number[] {
  const bad: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (i < warmup ? !Number.isNaN(v) : !Number.isFinite(v)) bad.push(i);
  }
  return bad;
}
