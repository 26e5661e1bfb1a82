// bin/algobot as a fresh clone runs it: a real process, real exit codes, real streams.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function algobot(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/algobot', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/algobot', () => {
  it('runs the built CLI and lists the commands', () => {
    const r = algobot('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: algobot');
    expect(r.stdout).toMatch(/^\s+doctor\b/m);
  });

  it('exits 2 on bad usage with one line on stderr and no stack trace', () => {
    const r = algobot('run', '--speed', '2');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      '--speed and --from set up the local exchange: use them with --local-exchange',
    );
  });

  it('runs a real command end to end: data check on the bundled sample exits 0', () => {
    const r = algobot('data', 'check', 'data/sample/1h');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK: 12 files, 52704 rows, all usable');
  });
});
