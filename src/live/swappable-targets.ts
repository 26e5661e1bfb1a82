// The models a running bot trades can be replaced on disk (a retrain). The run command checks the files every
// cycle; a valid new pair is swapped in between decisions, and an invalid one (garbage, a half-copied file) is
// refused with a message while the models already loaded keep trading.
import type { Regime } from '../domain/universe.js';
import type { MarketState } from '../engine/market-state.js';
import type { Scores, TargetSource } from '../engine/targets.js';

export class SwappableTargets implements TargetSource {
  #current: TargetSource;
  constructor(initial: TargetSource) {
    this.#current = initial;
  }
  swap(next: TargetSource): void {
    this.#current = next;
  }
  score(m: MarketState, regime: Regime): Scores {
    return this.#current.score(m, regime);
  }
}
