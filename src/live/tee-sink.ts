// One engine, two sinks: the state database (durable) and an in-memory journal of this session (for the summary
// printed at exit). Each record goes to both, in order.
import type {
  CancelRecord,
  DecisionRecord,
  EngineSink,
  EquityRecord,
  FillRecord,
  IntentRecord,
  OrderRecord,
  SkipRecord,
  StopRecord,
  TradeRecord,
} from '../engine/journal.js';
import type { PersistedEngine } from '../engine/persisted.js';

export class TeeSink implements EngineSink {
  readonly #sinks: readonly EngineSink[];
  constructor(...sinks: EngineSink[]) {
    this.#sinks = sinks;
  }
  intent(r: IntentRecord): void {
    for (const s of this.#sinks) s.intent(r);
  }
  checkpoint(state: () => PersistedEngine): void {
    for (const s of this.#sinks) s.checkpoint(state);
  }
  decision(r: DecisionRecord): void {
    for (const s of this.#sinks) s.decision(r);
  }
  order(r: OrderRecord): void {
    for (const s of this.#sinks) s.order(r);
  }
  skip(r: SkipRecord): void {
    for (const s of this.#sinks) s.skip(r);
  }
  fill(r: FillRecord): void {
    for (const s of this.#sinks) s.fill(r);
  }
  cancel(r: CancelRecord): void {
    for (const s of this.#sinks) s.cancel(r);
  }
  trade(r: TradeRecord): void {
    for (const s of this.#sinks) s.trade(r);
  }
  equity(r: EquityRecord): void {
    for (const s of this.#sinks) s.equity(r);
  }
  stop(r: StopRecord): void {
    for (const s of this.#sinks) s.stop(r);
  }
}
