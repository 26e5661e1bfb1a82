// What to do with a resting order as it ages: wait, cancel and decide again at a new price, or cancel and give
// up until the next decision. A pure function of the order's age and how often it was repriced already.
import type { ExecutionParams } from './params.js';

export type TimeoutAction =
  | { readonly kind: 'wait'; readonly until: number }
  | { readonly kind: 'reprice' }
  | { readonly kind: 'give-up' };

export function onOrderAge(
  placedAt: number,
  now: number,
  reprices: number,
  p: Pick<ExecutionParams, 'orderTimeoutMs' | 'maxReprices'>,
): TimeoutAction {
  const until = placedAt + p.orderTimeoutMs;
  if (now < until) return { kind: 'wait', until };
  return reprices < p.maxReprices ? { kind: 'reprice' } : { kind: 'give-up' };
}
