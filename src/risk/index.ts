// Public surface of the risk module.
export { NO_COOLDOWNS, isCoolingDown, pruneCooldowns, startCooldown, type Cooldowns } from './cooldown.js';
export {
  INITIAL_DRAWDOWN_STATE,
  exposureScale,
  updateDrawdown,
  type DrawdownLevel,
  type DrawdownState,
} from './drawdown.js';
export { riskParamsFromConfig } from './from-config.js';
export { DEFAULT_RISK_PARAMS, checkRiskParams, type DrawdownParams, type RiskParams } from './params.js';
export {
  checkBar,
  exitLevel,
  openStop,
  resizeStop,
  type Bar,
  type Entry,
  type ExitReason,
  type PositionStop,
  type StopCheck,
} from './stops.js';
