// Public surface of the regime module.
export { detectRegimes, forEachAlignedClose, unionTimes, type RegimeSeries } from './batch.js';
export { RegimeDetector, type RegimeSignals } from './detector.js';
export {
  DEFAULT_REGIME_PARAMS,
  REGIMES,
  checkRegimeParams,
  regimeCode,
  type Regime,
  type RegimeParams,
} from './params.js';
