// Runs the CLI in-process with captured output: fast, and the same code path as bin/algobot.
import type { Clock } from '../../src/core/clock.js';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  tty?: boolean;
  clock?: Clock;
}

export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty ?? false;
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return { code, stdout, stderr };
}
