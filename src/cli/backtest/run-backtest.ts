// A backtest, assembled: stored candles → replayed quotes (closes only: nothing of an unfinished bar is visible)
// with slippage → the shared matching engine → the in-process simulated exchange → the one engine, driven by the
// replay clock. The CLI command, the tests and the benchmark all run this; only the composition lives here.
import { ManualClock } from '../../core/clock.js';
import type { Config } from '../../config/schema.js';
import { universeCoins } from '../../config/universe.js';
import type { CandleSeries } from '../../data/candles.js';
import { MemoryJournal } from '../../engine/journal.js';
import { ReplaySource } from '../../engine/replay-source.js';
import { replay } from '../../engine/run.js';
import { CandleQuotes } from '../../exchange/matching/candle-quotes.js';
import { MatchingEngine } from '../../exchange/matching/engine.js';
import { SimulatedExchange } from '../../exchange/simulated/simulated-exchange.js';
import { SlippedQuotes } from '../../exchange/simulated/slippage.js';
import { tradePairsForCoins } from '../../exchange/server/trade-pairs.js';
import { instrumentsOf, type ExchangeInfo } from '../../exchange/wire/exchange-info.js';
import { summarize, type BacktestSummary } from '../../report/summary.js';
import type { Predictor } from '../../engine/targets.js';
import { type ModelPeriod, UNIT, engineFor, scheduledTargetsFor, targetsFor } from '../engine-factory.js';

export { UNIT };

export interface BacktestInput {
  readonly config: Config;
  /** Decision bars by coin (every universe coin). */
  readonly decision: ReadonlyMap<string, CandleSeries>;
  /** Finer bars for stops by coin, or undefined. */
  readonly stop?: ReadonlyMap<string, CandleSeries> | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly model6h?: Predictor | undefined;
  readonly model24h?: Predictor | undefined;
  /** Models that change over time (walk-forward); replaces model6h / model24h when given. */
  readonly modelSchedule?: readonly ModelPeriod[] | undefined;
  readonly exchangeInfo: ExchangeInfo;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface BacktestRun {
  readonly journal: MemoryJournal;
  readonly alphaSource: string;
  readonly decisionTimes: readonly number[];
}

function seriesOf(m: ReadonlyMap<string, CandleSeries>, coin: string, what: string): CandleSeries {
  const s = m.get(coin);
  if (s === undefined) throw new RangeError(`no ${what} candles for ${coin}`);
  return s;
}

export async function runBacktest(input: BacktestInput): Promise<BacktestRun> {
  const { config } = input;
  const universe = universeCoins(config);
  const decision = universe.map((u) => seriesOf(input.decision, u.coin, 'decision'));
  const stopMap = input.stop;
  const stop = stopMap === undefined ? undefined : universe.map((u) => seriesOf(stopMap, u.coin, 'stop'));
  const finest = stopMap ?? input.decision;

  const instruments = instrumentsOf({
    ...input.exchangeInfo,
    TradePairs: tradePairsForCoins(input.exchangeInfo, finest, UNIT),
  });
  const source = new ReplaySource({ decision, stop, from: input.from, to: input.to });
  const times = source.decisionTimes();
  const first = Math.min(...decision.map((s) => (s.length > 0 ? (s.time[0] as number) : Infinity)));
  const clock = new ManualClock(Number.isFinite(first) ? first : 0);
  const quotes = new SlippedQuotes(
    new CandleQuotes(finest, instruments, { start: 0, origin: 0, speed: 1 }, 'last-close'),
    instruments,
    config.backtest.slippage_bps,
  );
  const matching = new MatchingEngine({ instruments, quotes, fees: config.backtest.fees, now: clock.now() });
  const exchange = new SimulatedExchange({
    engine: matching,
    clock,
    startingWallet: { [UNIT]: config.backtest.initial_cash },
  });

  const { targets, alphaSource } =
    input.modelSchedule === undefined
      ? targetsFor(config, input.model6h, input.model24h)
      : scheduledTargetsFor(config, input.modelSchedule);
  const journal = new MemoryJournal();
  const fees = config.backtest.fees;
  const engine = engineFor(config, {
    clock,
    exchange,
    sink: journal,
    targets,
    stopsOnDecisionBars: stop === undefined,
    feeRate: Math.max(fees.maker, fees.taker),
  });
  const total = times.length;
  const from = times[0] ?? Infinity;
  let done = 0;
  await replay(engine, source, clock, () => {
    const t = clock.now();
    if (t >= from && journal.equities.length !== done) {
      done = journal.equities.length;
      input.onProgress?.(done, total);
    }
  });
  return { journal, alphaSource, decisionTimes: times };
}

/** The summary of a run as `algobot backtest` writes it: metrics, both benchmarks, and the setup that produced it. */
export function summarizeBacktest(
  config: Config,
  decision: ReadonlyMap<string, CandleSeries>,
  run: BacktestRun,
): BacktestSummary {
  return summarize({
    journal: run.journal,
    decision,
    coins: universeCoins(config).map((u) => u.coin),
    benchmark: config.regime.benchmark,
    setup: {
      strategy: config.strategy.name,
      scorer: run.alphaSource,
      seed: config.backtest.seed,
      initialCash: config.backtest.initial_cash,
      fees: config.backtest.fees,
      slippageBps: config.backtest.slippage_bps,
      stopBars: config.data.stop_interval ?? config.data.interval,
    },
  });
}
