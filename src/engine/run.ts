// The replay driver: feeds a market-data source to the engine in time order, moving the manual clock to each
// event and to every timer (order timeouts) due before it. Paper and live runs drive the same engine methods
// from the system clock and the live feed.
import type { ManualClock } from '../core/clock.js';
import type { Engine } from './engine.js';
import type { MarketDataSource } from './events.js';

export interface ReplayProgress {
  (event: number): void;
}

export async function replay(
  engine: Engine,
  source: MarketDataSource,
  clock: ManualClock,
  progress?: ReplayProgress,
): Promise<void> {
  await engine.start();
  let n = 0;
  for await (const ev of source.events()) {
    for (let w = engine.nextWakeUp(); w !== undefined && w < ev.time; w = engine.nextWakeUp()) {
      clock.set(Math.max(clock.now(), w));
      await engine.onTimer();
    }
    clock.set(ev.time);
    await engine.onEvent(ev);
    progress?.(++n);
  }
}
