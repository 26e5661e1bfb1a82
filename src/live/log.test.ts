import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunLogger } from './log.js';

const T = Date.UTC(2025, 7, 19, 13, 45, 30);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function logFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'algobot-log-'));
  dirs.push(dir);
  return join(dir, 'sub', 'bot.log');
}

/** Open descriptors of this process on `path` (Linux; undefined elsewhere). */
function openOn(path: string): number | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

describe('createRunLogger', () => {
  it('writes JSON lines to the file and short lines to the terminal, with market time, above the level', () => {
    const file = logFile();
    let term = '';
    const log = createRunLogger({
      level: 'info',
      file,
      terminal: { write: (s) => (term += s) },
      now: () => T,
    });
    log.debug('not shown');
    log.info('started', { speed: 3600, config: 'config.yaml' });
    log.warn('trading suspended', { reason: 'no ticker yet' });
    log.error('cycle failed', { error: 'HTTP 500' });
    log.say('a status line');
    log.close();
    expect(term).toBe(
      [
        '2025-08-19 13:45 started speed=3600 config=config.yaml',
        '2025-08-19 13:45 WARN trading suspended reason=no ticker yet',
        '2025-08-19 13:45 ERROR cycle failed error=HTTP 500',
        'a status line',
        '',
      ].join('\n'),
    );
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // The debug-level copy of `say` is below `info`: not in the file either.
    expect(lines.map((l) => [l.level, l.msg, l.market])).toEqual([
      [30, 'started', '2025-08-19 13:45'],
      [40, 'trading suspended', '2025-08-19 13:45'],
      [50, 'cycle failed', '2025-08-19 13:45'],
    ]);
    expect(lines[0]).toMatchObject({ speed: 3600, config: 'config.yaml', pid: process.pid });
  });

  it('appends to an existing log; close releases the file, and a line after close goes to the terminal only', async () => {
    const file = logFile();
    let term = '';
    for (const run of [1, 2]) {
      const log = createRunLogger({
        level: 'info',
        file,
        terminal: { write: (s) => (term += s) },
        now: () => T,
      });
      log.info(`run ${run}`);
      log.close();
    }
    // The descriptor is closed asynchronously, right after the flush.
    for (let i = 0; i < 40 && (openOn(file) ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(openOn(file) ?? 0).toBe(0);
    const log = createRunLogger({
      level: 'info',
      file,
      terminal: { write: (s) => (term += s) },
      now: () => T,
    });
    log.close();
    expect(() => log.info('late')).not.toThrow();
    expect(() => log.close()).not.toThrow();
    expect(term).toContain('late');
    const msgs = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(['run 1', 'run 2']);
  });

  it('logs to the terminal only when logging.file is null', () => {
    let term = '';
    const log = createRunLogger({
      level: 'warn',
      file: null,
      terminal: { write: (s) => (term += s) },
      now: () => T,
    });
    log.info('quiet');
    log.warn('loud');
    log.close();
    expect(term).toBe('2025-08-19 13:45 WARN loud\n');
  });
});
