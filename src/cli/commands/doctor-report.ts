// The doctor's checklist: one line per check, ✔ ok / ! warning / ✘ failure / - skipped, with indented detail.
import type { OutStream } from '../context.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  readonly status: CheckStatus;
  /** Short name: node, config, data BTC, exchange. */
  readonly name: string;
  readonly detail: string;
  /** Further lines shown indented below (config problems, listed pairs). */
  readonly notes?: readonly string[];
}

const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '!', fail: '✘', skip: '-' };
const NAME_WIDTH = 13;

export const ok = (name: string, detail: string, notes?: readonly string[]): CheckResult => ({
  status: 'ok',
  name,
  detail,
  notes,
});
export const warn = (name: string, detail: string, notes?: readonly string[]): CheckResult => ({
  status: 'warn',
  name,
  detail,
  notes,
});
export const fail = (name: string, detail: string, notes?: readonly string[]): CheckResult => ({
  status: 'fail',
  name,
  detail,
  notes,
});
export const skip = (name: string, detail: string): CheckResult => ({ status: 'skip', name, detail });

/** Prints results as they come, and keeps the tally for the summary and the exit code. */
export class Checklist {
  readonly #out: OutStream;
  #warnings = 0;
  #failures = 0;

  constructor(out: OutStream) {
    this.#out = out;
  }

  add(...results: readonly CheckResult[]): void {
    for (const r of results) {
      if (r.status === 'warn') this.#warnings++;
      if (r.status === 'fail') this.#failures++;
      this.#out.write(`${MARK[r.status]} ${r.name.padEnd(NAME_WIDTH)} ${r.detail}\n`);
      for (const note of r.notes ?? []) this.#out.write(`${' '.repeat(NAME_WIDTH + 3)}${note}\n`);
    }
  }

  get failures(): number {
    return this.#failures;
  }

  summary(): string {
    const plural = (n: number, word: string): string => `${n === 0 ? 'no' : n} ${word}${n === 1 ? '' : 's'}`;
    return `${plural(this.#failures, 'failure')}, ${plural(this.#warnings, 'warning')}`;
  }
}
