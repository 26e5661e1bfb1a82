// The alpha section of the config as the scorer's parameters (one mapping, tested against the shipped config).
import type { Config } from '../config/schema.js';
import type { AlphaParams } from './alpha.js';
import { DEFAULT_FALLBACK_PARAMS } from './fallback.js';

export function alphaParamsFromConfig(a: Config['alpha']): AlphaParams {
  return {
    weight6h: a.weight_6h,
    holdingBars: a.holding_hours,
    cost: {
      takerFee: a.cost.taker_fee,
      makerFee: a.cost.maker_fee,
      makerShare: a.cost.maker_share,
      halfSpreadBps: a.cost.half_spread_bps,
      slippageBps: a.cost.slippage_bps,
    },
    minNetReturn: a.min_net_return,
    fallback: DEFAULT_FALLBACK_PARAMS,
  };
}
