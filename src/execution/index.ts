// Public surface of the execution module.
export type { ExecutionStep, IntentReason, OrderIntent, SkipReason, SkippedIntent } from './intents.js';
export { limitPrice, midOf } from './limit-price.js';
export { executionParamsFromConfig, type ExecutionParams } from './params.js';
export { planBuys, planOrders, planSells, type ExecutionAsset, type ExecutionInput } from './plan.js';
export { onOrderAge, type TimeoutAction } from './timeout.js';
