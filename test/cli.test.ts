// The command line as a user meets it: help, exit codes, error messages.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edit, removeTempProjects, SHIPPED_CONFIG, tempProject } from './helpers/config-files.js';
import { runCli } from './helpers/run-cli.js';

const COMMANDS = [
  'run',
  'status',
  'kill',
  'backtest',
  'train',
  'features',
  'data download',
  'data check',
  'model predict',
  'model info',
  'model fit',
  'exchange serve',
  'doctor',
];

describe('algobot CLI', () => {
  afterAll(removeTempProjects);

  it('lists every command in --help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const top of [
      'run',
      'status',
      'kill',
      'backtest',
      'train',
      'features',
      'data',
      'model',
      'exchange',
      'doctor',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${top}\\b`, 'm'));
    }
    const data = await runCli(['data', '--help']);
    expect(data.stdout).toMatch(/^\s+download\b/m);
    expect(data.stdout).toMatch(/^\s+check\b/m);
    const model = await runCli(['model', '--help']);
    for (const sub of ['predict', 'info', 'fit'])
      expect(model.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
    const exchange = await runCli(['exchange', '--help']);
    expect(exchange.stdout).toMatch(/^\s+serve\b/m);
  });

  it.each(COMMANDS)('`%s --help` describes the command and exits 0', async (command) => {
    const r = await runCli([...command.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: algobot ${command}`);
    expect(r.stderr).toBe('');
  });

  it('`run` with a backtest config refuses in one line and exits 2', async () => {
    const r = await runCli(['run', '--config', 'config/shared-1h.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('says mode: backtest; `algobot run` trades (paper or live)');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stdout).toBe('');
  });

  it('`kill` creates the configured kill file, with the time and the reason, and says how to undo it', async () => {
    const cwd = await tempProject({
      'c.yaml': edit(SHIPPED_CONFIG, '  kill_file: var/KILL', '  kill_file: stop/here/KILL'),
    });
    const r = await runCli(['kill', '--config', 'c.yaml', '--reason', 'test'], {
      cwd,
      clock: { now: () => Date.UTC(2026, 0, 2, 3, 4) },
    });
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'stop/here/KILL'), 'utf8')).toBe('2026-01-02T03:04:00Z test\n');
    expect(r.stdout).toContain('Remove stop/here/KILL before starting it again');
  });

  it('exits 2 with a usage message on an unknown command or option', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badOption = await runCli(['doctor', '--colour']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--colour'");
  });

  it('exits 2 when a required option is missing or an option value is malformed', async () => {
    const missing = await runCli(['data', 'download', '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--pairs <coins>' not specified");
    const badDays = await runCli(['data', 'download', '--pairs', 'BTC', '--out', 'x', '--days', '-3']);
    expect(badDays.code).toBe(2);
    expect(badDays.stderr).toContain('expected a positive integer, got "-3"');
    const badPort = await runCli(['exchange', 'serve', '--port', 'http']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('expected a positive integer, got "http"');
  });

  it('prints the stack trace only with --verbose', async () => {
    const quiet = await runCli(['model', 'info', 'm.txt']);
    expect(quiet.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await runCli(['--verbose', 'model', 'info', 'm.txt']);
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('prints its version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
