// What every command receives from the composition root. Tests build one with captured streams.
import type { Clock } from '../core/clock.js';

export interface OutStream {
  write(text: string): unknown;
  /** True when a person is watching: progress bars and colours only then. */
  readonly isTTY?: boolean | undefined;
}

export interface CommandContext {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  readonly clock: Clock;
  readonly verbose: boolean;
}
