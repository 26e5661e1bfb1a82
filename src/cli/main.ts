// Composition root of the command line: parses arguments, runs one command, maps errors to exit codes.
// Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input. One clear message on stderr; the stack
// trace only with --verbose.
import { Command, CommanderError } from 'commander';
import { AlgobotError, errorMessage } from '../core/errors.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { CommandContext, OutStream } from './context.js';
import { registerCommands } from './commands/index.js';
import { VERSION } from './version.js';

export interface CliOptions {
  stdout?: OutStream;
  stderr?: OutStream;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** Injected in tests; the system clock otherwise. */
  clock?: Clock;
}

export async function main(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const ctx: CommandContext = {
    stdout,
    stderr,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    clock: options.clock ?? systemClock,
    verbose,
  };

  let exitCode = 0;
  const program = new Command('algobot')
    .description('Multi-asset long-only ML portfolio bot for the Roostoo exchange')
    .version(VERSION, '-V, --version')
    .option('-v, --verbose', 'print stack traces and debug detail')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => stderr.write(s),
    });
  registerCommands(program, ctx, (code) => {
    exitCode = code;
  });
  applyRecursively(program, (cmd) => {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, ctx);
  }
}

function applyRecursively(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) applyRecursively(sub, fn);
}

function reportError(err: unknown, ctx: CommandContext): number {
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander has already printed its own message for usage errors.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    if (err.code === 'commander.help') return 0;
    return 2;
  }
  const code = err instanceof AlgobotError ? err.exitCode : 1;
  ctx.stderr.write(`algobot: ${errorMessage(err)}\n`);
  if (ctx.verbose && err instanceof Error && err.stack !== undefined) ctx.stderr.write(`${err.stack}\n`);
  return code;
}
