// Stored candles as a market-data source: every coin's bars turned into events at their close times, in time
// order. At one instant the finer stop bars come before the decision bar (a stop that fired in the last five
// minutes is acted on before the hour's decision). Decisions before `from` are warm-up; nothing after `to` exists.
import type { Candle, CandleSeries } from '../data/candles.js';
import type { MarketDataSource, MarketEvent } from './events.js';

export interface ReplayOptions {
  /** Decision bars per universe coin, in universe order. */
  readonly decision: readonly CandleSeries[];
  /** Finer bars for stops, same order; undefined: stops on decision bars. */
  readonly stop?: readonly CandleSeries[] | undefined;
  /** First decision time (close time, epoch ms) that may trade; earlier bars only warm up. */
  readonly from?: number | undefined;
  /** Last close time replayed. */
  readonly to?: number | undefined;
}

function closeTimes(series: readonly CandleSeries[], to: number): number[] {
  const set = new Set<number>();
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const t = (s.time[i] as number) + s.intervalMs;
      if (t <= to) set.add(t);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** Walks one kind of series through the close times, one cursor per coin. */
function* walk(
  series: readonly CandleSeries[],
  times: readonly number[],
): Generator<{ time: number; bars: (Candle | undefined)[] }> {
  const cursor = series.map(() => 0);
  for (const time of times) {
    const bars = series.map((s, a) => {
      let i = cursor[a] as number;
      while (i < s.length && (s.time[i] as number) + s.intervalMs < time) i++;
      cursor[a] = i;
      if (i >= s.length || (s.time[i] as number) + s.intervalMs !== time) return undefined;
      return {
        time: s.time[i] as number,
        open: s.open[i] as number,
        high: s.high[i] as number,
        low: s.low[i] as number,
        close: s.close[i] as number,
        volume: s.volume[i] as number,
      };
    });
    yield { time, bars };
  }
}

export class ReplaySource implements MarketDataSource {
  readonly #o: ReplayOptions;

  constructor(o: ReplayOptions) {
    this.#o = o;
  }

  /** Decision times that may trade (from ≤ t ≤ to): what progress counts. */
  decisionTimes(): number[] {
    const from = this.#o.from ?? -Infinity;
    return closeTimes(this.#o.decision, this.#o.to ?? Infinity).filter((t) => t >= from);
  }

  events(): AsyncIterable<MarketEvent> {
    const it = this.#events();
    // The replay is synchronous; live feeds are not, so the port is async. A thin view, no extra work per event.
    return {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(it.next()) }),
    };
  }

  *#events(): Generator<MarketEvent> {
    const to = this.#o.to ?? Infinity;
    const from = this.#o.from ?? -Infinity;
    const decisions = walk(this.#o.decision, closeTimes(this.#o.decision, to));
    const stopSeries = this.#o.stop;
    const stops =
      stopSeries === undefined
        ? undefined
        : walk(
            stopSeries,
            closeTimes(stopSeries, to).filter((t) => t >= from),
          );
    let s = stops?.next();
    for (const d of decisions) {
      while (stops !== undefined && s !== undefined && s.done !== true && s.value.time <= d.time) {
        yield { kind: 'stop', time: s.value.time, bars: s.value.bars, warmup: false };
        s = stops.next();
      }
      yield { kind: 'decision', time: d.time, bars: d.bars, warmup: d.time < from };
    }
    while (stops !== undefined && s !== undefined && s.done !== true) {
      yield { kind: 'stop', time: s.value.time, bars: s.value.bars, warmup: false };
      s = stops.next();
    }
  }
}
