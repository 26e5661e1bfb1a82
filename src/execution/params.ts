// Execution parameters: the config's `execution` section plus the hysteresis threshold of the portfolio (a trade
// smaller than it pays fees for nothing, so execution drops it too, whatever asked for it).
import type { Config } from '../config/schema.js';

export interface ExecutionParams {
  /** Limit price this far from mid, towards the other side of the book (bps): near mid, likely to fill. */
  readonly limitOffsetBps: number;
  /** A resting limit order is cancelled (and maybe repriced) once it is this old. */
  readonly orderTimeoutMs: number;
  /** Repricings of one order before it is given up until the next decision. */
  readonly maxReprices: number;
  /** Stops and loss limits exit with MARKET orders. */
  readonly marketForUrgentExits: boolean;
  /** Trades smaller than this share of equity are dropped (except exits to zero). */
  readonly minWeightChange: number;
  /** Fee rate assumed when budgeting buys (the worse of maker and taker): a buy never needs more cash. */
  readonly feeRate: number;
}

export function executionParamsFromConfig(
  c: Pick<Config, 'execution' | 'portfolio'>,
  feeRate: number,
): ExecutionParams {
  const e = c.execution;
  return {
    limitOffsetBps: e.limit_offset_bps,
    orderTimeoutMs: e.order_timeout_seconds * 1000,
    maxReprices: e.max_reprices,
    marketForUrgentExits: e.market_orders_for_urgent_exits,
    minWeightChange: c.portfolio.min_weight_change,
    feeRate,
  };
}
