// What the engine is fed: closed bars, in time order. Backtests replay stored candles; paper and live runs will
// build the same events from tickers and downloaded history. The engine never knows which.
import type { Candle } from '../data/candles.js';

export interface MarketEvent {
  /** `decision`: bars of data.interval, the decision cadence. `stop`: finer bars, for stops only. */
  readonly kind: 'decision' | 'stop';
  /** Close time of the bars (epoch ms): when they become known. */
  readonly time: number;
  /** One bar per universe coin, in universe order; undefined where a coin has no bar. */
  readonly bars: ReadonlyArray<Candle | undefined>;
  /** History before the first trading decision: features and regime warm up, nothing is traded. */
  readonly warmup: boolean;
}

export interface MarketDataSource {
  events(): AsyncIterable<MarketEvent>;
}
