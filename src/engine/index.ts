// Public surface of the engine.
export { Engine, type EngineOptions } from './engine.js';
export type { MarketDataSource, MarketEvent } from './events.js';
export * from './journal.js';
export { MarketState } from './market-state.js';
export { ReplaySource, type ReplayOptions } from './replay-source.js';
export { replay } from './run.js';
export { MaCrossoverTargets, MlTargets, type Predictor, type Scores, type TargetSource } from './targets.js';
