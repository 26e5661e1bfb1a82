// The config's risk section as the risk parameters: one mapping, so config and code cannot drift apart (a test
// checks that the shipped config gives exactly the documented defaults).
import type { Config } from '../config/schema.js';
import { HOUR_MS } from '../core/time.js';
import { DEFAULT_RISK_PARAMS, type RiskParams } from './params.js';

export function riskParamsFromConfig(r: Config['risk']): RiskParams {
  return {
    atrBars: r.atr_hours,
    stopAtrMultiple: r.stop_atr_multiple,
    trailArmAtr: r.trail_arm_atr,
    trailAtrMultiple: r.trail_atr_multiple,
    maxLossPerPosition: r.max_loss_per_position,
    drawdown: {
      soft: r.drawdown.soft,
      softExposure: r.drawdown.soft_exposure,
      hard: r.drawdown.hard,
      hardExposure: r.drawdown.hard_exposure,
      recoveryRatio: DEFAULT_RISK_PARAMS.drawdown.recoveryRatio,
    },
    cooldownMs: r.cooldown_hours * HOUR_MS,
  };
}
