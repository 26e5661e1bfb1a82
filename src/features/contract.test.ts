// The streaming contract, checked on every feature calculator and on the regime detector:
//   1. warm-up: NaN exactly before the declared warm-up, a finite number from then on;
//   2. batch equals streaming to the last bit (Object.is on every value);
//   3. no look-ahead: truncating the input or changing bars after t never changes a value at or before t;
//   4. NaN-free after warm-up on every real file of ../shared/data (skipped when ../shared is absent).
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/time.js';
import { seriesFromCandles, type CandleSeries } from '../data/candles.js';
import { DEFAULT_REGIME_PARAMS, type RegimeParams } from '../regime/index.js';
import { readCandleCsv } from '../../test/helpers/candle-csv.js';
import { headOf, walkCandles, walkSeries, walkSteps, withFuture } from '../../test/helpers/ohlcv-walk.js';
import {
  featureSubjects,
  firstDifference,
  regimeSubject,
  warmupViolations,
  type Subject,
} from '../../test/helpers/streaming-subjects.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from './params.js';

/** Short windows, so that random walks of a few dozen bars get far past every warm-up. */
const SMALL_FEATURES: FeatureParams = {
  returnBars: [1, 2, 3, 5],
  emaSpans: [3, 6],
  rsiPeriod: 3,
  bollingerBars: 4,
  rvolBars: 4,
  atrPeriod: 3,
  drawdownBars: 7,
  volumeBars: 4,
  seedWeight: 0.05,
};
const SMALL_REGIME: RegimeParams = {
  ...DEFAULT_REGIME_PARAMS,
  lookbackBars: 12,
  stressBars: 4,
  confirmBars: 2,
};

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../test/fixtures/features/${name}`, import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/data', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../data/sample/1h', import.meta.url));

/** A universe of random walks: BTC on every hour, the others listed later and with missing bars. */
const universeArb = (minBars: number, maxBars: number): fc.Arbitrary<CandleSeries[]> =>
  fc
    .record({
      btc: walkSteps(minBars, maxBars),
      alts: fc.array(
        fc.record({
          steps: walkSteps(1, maxBars),
          offset: fc.nat(maxBars),
          holes: fc.array(fc.nat(maxBars)),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    })
    .map(({ btc, alts }) => {
      const bench = walkSeries('BTC', btc);
      const others = alts.map((a, k) => {
        const holes = new Set(a.holes);
        const bars = walkCandles(a.steps, 10 + k)
          .map((c, j) => ({ ...c, time: (a.offset + j) * HOUR_MS }))
          .filter((c, j) => c.time < bench.length * HOUR_MS && !holes.has(j));
        return seriesFromCandles(`ALT${k}`, '1h', HOUR_MS, bars);
      });
      return [bench, ...others];
    });

/** Every series of a universe cut to the bars opened at or before `t`, or with those after `t` changed. */
const cutUniverse = (u: readonly CandleSeries[], t: number): CandleSeries[] =>
  u.map((s) => headOf(s, countUpTo(s, t)));
const changeUniverse = (u: readonly CandleSeries[], t: number, factor: number): CandleSeries[] =>
  u.map((s) => {
    const keep = countUpTo(s, t);
    const scale = (a: Float64Array) => a.map((v, i) => (i < keep ? v : v * factor * (1 + (i % 3) * 0.01)));
    return { ...s, open: scale(s.open), high: scale(s.high), low: scale(s.low), close: scale(s.close) };
  });
const countUpTo = (s: CandleSeries, t: number): number =>
  s.time.subarray(0, s.length).filter((x) => x <= t).length;

function checkNoLookAhead<In>(subject: Subject<In>, full: In, variants: ReadonlyArray<[In, number]>): void {
  const ref = subject.batch(full);
  for (const [input, lastKept] of variants) {
    const v = subject.batch(input);
    expect(firstDifference(ref, v, lastKept + 1), `${subject.name}: cut after ${lastKept}`).toBe(-1);
  }
}

describe.each([
  ['default', DEFAULT_FEATURE_PARAMS, 260, 420, 25],
  ['short-window', SMALL_FEATURES, 1, 90, 150],
] as const)('feature contract (%s parameters)', (_label, params, minBars, maxBars, numRuns) => {
  describe.each(featureSubjects(params).map((s) => [s.name, s] as const))('%s', (_name, subject) => {
    it('is NaN exactly before its warm-up and finite from then on', () => {
      fc.assert(
        fc.property(walkSteps(minBars, maxBars), (steps) => {
          expect(warmupViolations(subject.batch(walkSeries('X', steps)), subject.warmup)).toEqual([]);
        }),
        { numRuns },
      );
    });

    it('gives bit-identical values in batch and streaming', () => {
      fc.assert(
        fc.property(walkSteps(minBars, maxBars), (steps) => {
          const s = walkSeries('X', steps);
          expect(firstDifference(subject.batch(s), subject.stream(s))).toBe(-1);
        }),
        { numRuns },
      );
    });

    it('never looks ahead: truncated or changed futures leave past values unchanged', () => {
      fc.assert(
        fc.property(walkSteps(minBars, maxBars), walkSteps(1, 60), fc.nat(), (steps, future, cut) => {
          const s = walkSeries('X', steps);
          const k = cut % s.length;
          checkNoLookAhead(subject, s, [
            [headOf(s, k + 1), k],
            [withFuture(s, k, future), k],
          ]);
        }),
        { numRuns },
      );
    });
  });
});

describe('feature contract on real candles (test/fixtures/features)', () => {
  const files = ['BTC-USDT_1h.csv', 'ZEC-USDT_5m.csv'];
  const shock = [
    { kind: 'move', ret: -0.09, up: 0.02, down: 0.04, volume: 1e7 },
    { kind: 'flat', run: 5 },
    { kind: 'move', ret: 0.1, up: 0.05, down: 0, volume: 0 },
  ] as const;
  describe.each(files)('%s', (file) => {
    const s = readCandleCsv(fixture(file));
    it.each(featureSubjects(DEFAULT_FEATURE_PARAMS).map((sub) => [sub.name, sub] as const))(
      '%s: warm-up, batch = streaming, no look-ahead',
      (_name, subject) => {
        const values = subject.batch(s);
        expect(warmupViolations(values, subject.warmup)).toEqual([]);
        expect(firstDifference(values, subject.stream(s))).toBe(-1);
        const cuts = [0, 1, 23, subject.warmup - 1, subject.warmup, 250, 333, s.length - 2].filter(
          (k) => k >= 0 && k < s.length,
        );
        checkNoLookAhead(
          subject,
          s,
          cuts.flatMap((k) => [
            [headOf(s, k + 1), k] as [CandleSeries, number],
            [withFuture(s, k, shock), k] as [CandleSeries, number],
          ]),
        );
      },
    );
  });
});

describe('regime detector contract', () => {
  describe.each([
    ['short-window', SMALL_REGIME, 13, 80, 100],
    ['default', DEFAULT_REGIME_PARAMS, 170, 260, 10],
  ] as const)('%s parameters', (_label, params, minBars, maxBars, numRuns) => {
    const subject = regimeSubject(params);

    it('is NaN exactly before its warm-up and a regime code from then on', () => {
      fc.assert(
        fc.property(universeArb(minBars, maxBars), (u) => {
          const codes = subject.batch(u);
          expect(warmupViolations(codes, subject.warmup)).toEqual([]);
          expect(codes.every((c) => Number.isNaN(c) || c === 0 || c === 1 || c === 2)).toBe(true);
        }),
        { numRuns },
      );
    });

    it('gives bit-identical codes in batch and streaming', () => {
      fc.assert(
        fc.property(universeArb(minBars, maxBars), (u) => {
          expect(firstDifference(subject.batch(u), subject.stream(u))).toBe(-1);
        }),
        { numRuns },
      );
    });

    it('never looks ahead', () => {
      fc.assert(
        fc.property(
          universeArb(minBars, maxBars),
          fc.nat(),
          fc.double({ min: 0.5, max: 2, noNaN: true }),
          (u, cut, f) => {
            const bench = u[0] as CandleSeries;
            const k = cut % bench.length;
            const t = bench.time[k] as number;
            checkNoLookAhead(subject, u, [
              [cutUniverse(u, t), k],
              [changeUniverse(u, t, f), k],
            ]);
          },
        ),
        { numRuns },
      );
    });
  });

  it('keeps the contract on the bundled real sample (data/sample/1h, 12 coins)', () => {
    const u = readdirSync(SAMPLE)
      .filter((f) => f.endsWith('.csv.gz'))
      .sort()
      .map((f) => readCandleCsv(`${SAMPLE}/${f}`))
      .sort((a, b) => (a.coin === 'BTC' ? -1 : b.coin === 'BTC' ? 1 : 0));
    const subject = regimeSubject(DEFAULT_REGIME_PARAMS);
    const codes = subject.batch(u);
    expect(warmupViolations(codes, subject.warmup)).toEqual([]);
    expect(firstDifference(codes, subject.stream(u))).toBe(-1);
    const bench = u[0] as CandleSeries;
    const cuts = [subject.warmup - 1, subject.warmup + 5, 2000, bench.length - 2];
    checkNoLookAhead(
      subject,
      u,
      cuts.flatMap((k) => {
        const t = bench.time[k] as number;
        return [
          [cutUniverse(u, t), k] as [CandleSeries[], number],
          [changeUniverse(u, t, 0.7), k] as [CandleSeries[], number],
        ];
      }),
    );
  });
});

describe.skipIf(!existsSync(SHARED))('NaN-free after warm-up on every file of ../shared/data', () => {
  const dirs = ['1h', '5m'];
  const loaded = new Map<string, CandleSeries[]>();
  const load = (dir: string): CandleSeries[] => {
    const cached = loaded.get(dir);
    if (cached !== undefined) return cached;
    const u = readdirSync(`${SHARED}/${dir}`)
      .filter((f) => f.endsWith('.csv.gz'))
      .sort()
      .map((f) => readCandleCsv(`${SHARED}/${dir}/${f}`));
    loaded.set(dir, u);
    return u;
  };

  it.each(dirs)('features: every asset of %s', (dir) => {
    const subjects = featureSubjects(DEFAULT_FEATURE_PARAMS);
    const problems: string[] = [];
    for (const s of load(dir)) {
      for (const sub of subjects) {
        const bad = warmupViolations(sub.batch(s), sub.warmup);
        if (bad.length > 0)
          problems.push(`${s.coin} ${sub.name}: ${bad.length} bad values from bar ${bad[0]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(dirs)('regime: the whole %s universe', (dir) => {
    const u = [...load(dir)].sort((a, b) => (a.coin === 'BTC' ? -1 : b.coin === 'BTC' ? 1 : 0));
    const subject = regimeSubject(DEFAULT_REGIME_PARAMS);
    // BTC has a bar at every time of the union timeline (it is listed first and has no gaps).
    expect(warmupViolations(subject.batch(u), subject.warmup)).toEqual([]);
  });
});
