// The engine as every mode builds it from the config: the same parameters, the same strategy, whether the exchange
// behind the port is the in-process simulation (backtest) or the Roostoo client (paper, live).
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/schema.js';
import { universeCoins } from '../config/universe.js';
import { alphaParamsFromConfig } from '../alpha/from-config.js';
import { Engine } from '../engine/engine.js';
import type { EngineSink } from '../engine/journal.js';
import { MaCrossoverTargets, MlTargets, type Predictor, type TargetSource } from '../engine/targets.js';
import { executionParamsFromConfig } from '../execution/params.js';
import type { ExchangePort } from '../exchange/port.js';
import { portfolioParamsFromConfig } from '../portfolio/from-config.js';
import { regimeParamsFromConfig } from '../regime/from-config.js';
import { riskParamsFromConfig } from '../risk/from-config.js';

/** Quote currency of every pair on Roostoo. */
export const UNIT = 'USD';

/** The configured strategy's target source, and what scores it ('models', 'fallback', 'ma-crossover'…). */
export function targetsFor(
  config: Config,
  model6h: Predictor | undefined,
  model24h: Predictor | undefined,
): { targets: TargetSource; alphaSource: string } {
  const ma = config.strategy.ma_crossover;
  if (config.strategy.name === 'ma_crossover') {
    return { targets: new MaCrossoverTargets(ma.fast_bars, ma.slow_bars), alphaSource: 'ma-crossover' };
  }
  const alphaSource =
    model6h !== undefined && model24h !== undefined
      ? 'models'
      : model6h !== undefined
        ? 'model-6h'
        : model24h !== undefined
          ? 'model-24h'
          : 'fallback';
  return { targets: new MlTargets(alphaParamsFromConfig(config.alpha), model6h, model24h), alphaSource };
}

/** Models in force from `from` (a decision time, UTC ms) until the next period's `from`. */
export interface ModelPeriod {
  readonly from: number;
  readonly model6h?: Predictor | undefined;
  readonly model24h?: Predictor | undefined;
}

/**
 * The ml target source with models that change over time (a walk-forward backtest: each test period scored by
 * the models trained before it). Before the first period no model exists: the fallback scores.
 */
export function scheduledTargetsFor(
  config: Config,
  schedule: readonly ModelPeriod[],
): { targets: TargetSource; alphaSource: string } {
  if (config.strategy.name !== 'ml') throw new RangeError('a model schedule needs strategy.name ml');
  const sorted = [...schedule].sort((a, b) => a.from - b.from);
  const before = targetsFor(config, undefined, undefined);
  const periods = sorted.map((p) => ({ from: p.from, ...targetsFor(config, p.model6h, p.model24h) }));
  const targets: TargetSource = {
    score(m, regime) {
      let current = before.targets;
      for (const p of periods) if (p.from <= m.time) current = p.targets;
      return current.score(m, regime);
    },
  };
  return { targets, alphaSource: `walk-forward: ${periods.map((p) => p.alphaSource).join(', ')}` };
}

export interface EngineWiring {
  readonly clock: Clock;
  readonly exchange: ExchangePort;
  readonly sink: EngineSink;
  readonly targets: TargetSource;
  /** true when no finer stop bars come: stops are then checked on the decision bars. */
  readonly stopsOnDecisionBars: boolean;
  /** Fee rate execution assumes for a fill (the larger of maker and taker). */
  readonly feeRate: number;
}

export function engineFor(config: Config, w: EngineWiring): Engine {
  const portfolio = portfolioParamsFromConfig(config);
  return new Engine({
    clock: w.clock,
    exchange: w.exchange,
    universe: universeCoins(config),
    unit: UNIT,
    targets: w.targets,
    regime: regimeParamsFromConfig(config.regime),
    portfolio,
    risk: riskParamsFromConfig(config.risk),
    execution: executionParamsFromConfig(config, w.feeRate),
    sink: w.sink,
    closeWindow: Math.max(portfolio.volatilityBars + 1, config.strategy.ma_crossover.slow_bars),
    stopsOnDecisionBars: w.stopsOnDecisionBars,
  });
}
