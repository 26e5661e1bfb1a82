// What the engine does, as log lines: every order and its outcome, fills, stops and closed round trips. Decisions
// are summed up by the status line instead (one per cycle or bar), so the log stays readable.
import type {
  CancelRecord,
  EngineSink,
  FillRecord,
  OrderRecord,
  StopRecord,
  TradeRecord,
} from '../engine/journal.js';
import type { RunLog } from './trader.js';

export class LogSink implements EngineSink {
  readonly #log: RunLog;
  readonly #note: string;
  /** `note`: appended to order lines (a dry run says its orders are simulated). */
  constructor(log: RunLog, note = '') {
    this.#log = log;
    this.#note = note;
  }
  intent(): void {}
  checkpoint(): void {}
  decision(): void {}
  skip(): void {}
  equity(): void {}
  order(r: OrderRecord): void {
    const what = `${r.side} ${r.quantity} ${r.coin} ${r.type}${r.type === 'LIMIT' ? ` @ ${r.price}` : ''} (${r.reason})`;
    const fields = {
      intent: r.intentId,
      ...(r.orderId !== undefined && { order: r.orderId }),
      ...(this.#note !== '' && { note: this.#note }),
    };
    if (r.outcome === 'placed')
      this.#log.info(`order ${what}: ${r.status === 'FILLED' ? 'filled at once' : 'resting'}`, fields);
    else if (r.outcome === 'refused') this.#log.info(`order ${what} not sent: ${r.message}`, fields);
    else this.#log.warn(`order ${what}: ${r.outcome}: ${r.message}`, fields);
  }
  fill(r: FillRecord): void {
    this.#log.info(
      `fill ${r.side} ${r.quantity} ${r.coin} at ${r.price} (${r.role.toLowerCase()}, fee ${r.feeUsd.toFixed(2)} USD)`,
      { order: r.orderId },
    );
  }
  cancel(r: CancelRecord): void {
    this.#log.info(`cancelled order ${r.orderId} (${r.coin}): ${r.why}`);
  }
  stop(r: StopRecord): void {
    this.#log.warn(`stop: ${r.coin} ${r.reason} at ${r.level}`);
  }
  trade(r: TradeRecord): void {
    this.#log.info(
      `round trip ${r.coin} closed: pnl ${r.pnl.toFixed(2)} USD on ${r.entryValue.toFixed(2)} (${r.exitReason})`,
    );
  }
}
