// Progress of long jobs (downloads now; backtests and training later). On a terminal: a cli-progress bar on the
// given stream. Elsewhere (logs, CI, pipes): a plain line at most every 10 %, never an ANSI escape that nobody
// will see rendered.
import cliProgress from 'cli-progress';
import type { OutStream } from './context.js';

export interface Progress {
  /** Begins a job of `total` units; `label` names it (a file, a date range). Ends any job still running. */
  start(total: number, label: string): void;
  /** Units done so far (not an increment). */
  update(done: number): void;
  stop(): void;
}

/** A bar when `stream.isTTY`, plain lines otherwise. */
export function createProgress(stream: OutStream): Progress {
  return stream.isTTY === true ? new BarProgress(stream) : new LineProgress(stream);
}

function percent(done: number, total: number): number {
  return total <= 0 ? 100 : Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

class LineProgress implements Progress {
  readonly #stream: OutStream;
  #label = '';
  #total = 0;
  /** Last tenth (0..10) printed, -1 before the first line of a job; undefined when no job runs. */
  #printed: number | undefined;

  constructor(stream: OutStream) {
    this.#stream = stream;
  }

  start(total: number, label: string): void {
    this.#label = label;
    this.#total = total;
    this.#printed = -1;
    this.update(0);
  }

  update(done: number): void {
    if (this.#printed === undefined) return;
    const tenth = Math.floor(percent(done, this.#total) / 10);
    if (tenth <= this.#printed) return;
    this.#printed = tenth;
    this.#stream.write(`${this.#label}: ${percent(done, this.#total)}% (${done}/${this.#total})\n`);
  }

  stop(): void {
    this.#printed = undefined;
  }
}

class BarProgress implements Progress {
  readonly #stream: OutStream;
  #bar: cliProgress.SingleBar | undefined;

  constructor(stream: OutStream) {
    this.#stream = stream;
  }

  start(total: number, label: string): void {
    this.stop();
    const out = this.#stream;
    // cli-progress wants a Node writable; it only ever calls write() and reads isTTY and columns (through
    // readline's cursor helpers), so a thin view over our stream is enough and keeps tests' captured streams
    // working.
    const writable = {
      write: (chunk: string) => {
        out.write(chunk);
        return true;
      },
      isTTY: true,
      columns: 'columns' in out && typeof out.columns === 'number' ? out.columns : 80,
    } as unknown as NodeJS.WritableStream;
    const bar = new cliProgress.SingleBar({
      stream: writable,
      format: '{label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}',
      barsize: 30,
      hideCursor: false,
      clearOnComplete: true,
      // No SIGINT handler of its own: the CLI decides what Ctrl-C does.
      gracefulExit: false,
    });
    bar.start(total, 0, { label });
    this.#bar = bar;
  }

  update(done: number): void {
    this.#bar?.update(done);
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
