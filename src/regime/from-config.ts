// The regime section of the config as the detector's parameters: one mapping, so the config and the detector
// cannot drift apart (a test checks that the shipped config gives exactly the documented defaults).
import type { Config } from '../config/schema.js';
import type { RegimeParams } from './params.js';

export function regimeParamsFromConfig(r: Config['regime']): RegimeParams {
  return {
    benchmark: r.benchmark,
    lookbackBars: r.lookback_hours,
    trendThreshold: r.trend_threshold,
    downThreshold: r.down_threshold,
    confirmBars: r.confirm_hours,
    exitRatio: r.exit_ratio,
    breadthTrend: r.breadth_trend,
    breadthDown: r.breadth_down,
    breadthBand: r.breadth_band,
    stressBars: r.stress_hours,
    stressRatio: r.stress_ratio,
  };
}
