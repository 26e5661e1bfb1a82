// The run's log: JSON lines to a file (logging.file; one object per line, for tools and for the record) and short
// readable lines on the terminal. Both get the same messages and fields. Secrets never reach here: the exchange
// client redacts its request log, and nothing else handles keys.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type Logger } from 'pino';
/** Where terminal lines go (stdout, or a test's capture). */
export interface LineOut {
  write(text: string): unknown;
}
import type { RunLog } from './trader.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const ORDER: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

export interface RunLogger extends RunLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  /** A line for the terminal only (status lines, the summary); also in the file at debug level. */
  say(line: string): void;
  close(): void;
}

export function createRunLogger(opts: {
  readonly level: LogLevel;
  readonly file: string | null;
  readonly terminal: LineOut;
  /** Market time for the terminal's timestamps. */
  readonly now: () => number;
}): RunLogger {
  let file: Logger | undefined;
  let dest: ReturnType<typeof pino.destination> | undefined;
  if (opts.file !== null) {
    mkdirSync(dirname(opts.file), { recursive: true });
    // Synchronous writes: a line is on disk before the next exchange call, so a crash loses no log.
    dest = pino.destination({ dest: opts.file, sync: true, append: true });
    file = pino(
      { level: opts.level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
      dest,
    );
  }
  const min = ORDER.indexOf(opts.level);
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER.indexOf(level) < min) return;
    const market = new Date(opts.now()).toISOString().slice(0, 16).replace('T', ' ');
    file?.[level]({ ...fields, market }, msg);
    const extra =
      fields === undefined
        ? ''
        : ' ' +
          Object.entries(fields)
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join(' ');
    opts.terminal.write(`${market} ${level === 'info' ? '' : `${level.toUpperCase()} `}${msg}${extra}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    say: (line) => {
      file?.debug(line);
      opts.terminal.write(`${line}\n`);
    },
    close: () => {
      if (dest === undefined) return;
      // Flushed, then the file closed: a run in-process (tests, a restart) must not leak a descriptor per run.
      dest.flushSync();
      dest.end();
      dest = undefined;
      file = undefined; // a line logged after close goes to the terminal only
    },
  };
}
