import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { SCHEMA_VERSION, TABLES, openStateDb, type StateDb } from './db.js';

const dir = mkdtempSync(join(tmpdir(), 'algobot-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function freshPath(): string {
  return join(dir, `d${++n}`, 'nested', 'algobot.sqlite');
}

function openError(path: string, readonly: boolean): InputError {
  let db: StateDb | undefined;
  try {
    db = openStateDb(path, { readonly });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  db.close();
  throw new Error(`${path} opened without an error`);
}

/** A real state database with some content (a few hundred pages), closed. */
function realDb(path: string): void {
  const s = openStateDb(path, { readonly: false });
  const put = s.db.prepare("INSERT INTO events (time, kind, message) VALUES (?, 'note', ?)");
  s.db.transaction(() => {
    for (let i = 0; i < 2000; i++) put.run(i, `event ${i} ${'x'.repeat(200)}`);
  })();
  s.close();
}

describe('openStateDb', () => {
  it('creates the directory and a new database at the current schema, in WAL with synchronous FULL', () => {
    const path = freshPath();
    const s = openStateDb(path, { readonly: false });
    try {
      expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(s.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(s.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      const tables = s.db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .all()
        .map((r) => r.name);
      expect(tables.sort()).toEqual([...TABLES].sort());
      expect(s.staleLockRecovered).toBe(false);
      expect(readFileSync(`${path}.lock`, 'utf8').trim()).toBe(String(process.pid));
    } finally {
      s.close();
    }
    expect(existsSync(`${path}.lock`)).toBe(false);
    // Reopening an existing database migrates nothing and keeps its content.
    const again = openStateDb(path, { readonly: false });
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('readonly on a missing database: an InputError, and nothing is created', () => {
    const path = freshPath();
    const err = openError(path, true);
    expect(err.message).toBe(`no state database at ${path}: the bot has not run with this config yet`);
    expect(existsSync(path)).toBe(false);
  });

  it('names the database as it was asked to', () => {
    const path = freshPath();
    let err: unknown;
    try {
      openStateDb(path, { readonly: true, display: 'var/algobot.sqlite' });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(/^no state database at var\/algobot\.sqlite:/);
  });

  const damaged: [string, (path: string) => void, RegExp][] = [
    [
      'random bytes',
      (p) => writeFileSync(p, randomBytes(8192)),
      /is not a SQLite database \(file is not a database\)/,
    ],
    ['a text file', (p) => writeFileSync(p, 'mode: paper\nnot a database\n'), /is not a SQLite database/],
    [
      'a truncated real database',
      (p) => {
        const whole = `${p}.whole`;
        realDb(whole);
        copyFileSync(whole, p);
        truncateSync(p, Math.floor(statSync(whole).size / 2));
      },
      /is damaged \(/,
    ],
  ];
  for (const [what, make, why] of damaged) {
    for (const readonly of [false, true]) {
      it(`${what} (${readonly ? 'readonly' : 'writable'}) is refused with an InputError naming the file, untouched`, () => {
        const path = freshPath();
        mkdirSync(join(path, '..'), { recursive: true });
        make(path);
        const before = readFileSync(path);
        const err = openError(path, readonly);
        expect(err.location.file).toBe(path);
        expect(err.message.startsWith(`${path}: `)).toBe(true);
        expect(err.message).toMatch(why);
        expect(err.message).toContain(
          'move it aside; the bot will start afresh and rebuild its positions from the exchange',
        );
        expect(readFileSync(path).equals(before)).toBe(true);
        // No lock is left behind by the failed open.
        expect(existsSync(`${path}.lock`)).toBe(false);
      });
    }
  }

  it('a database with a newer schema version is refused, readonly or not', () => {
    const path = freshPath();
    openStateDb(path, { readonly: false }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    for (const readonly of [false, true]) {
      const err = openError(path, readonly);
      expect(err.message).toContain(
        `${path}: has schema version ${SCHEMA_VERSION + 1}, newer than this algobot knows (${SCHEMA_VERSION}`,
      );
      expect(err.message).toContain('run that version, or move it aside');
    }
    const raw2 = new Database(path);
    expect(raw2.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    raw2.close();
  });

  it("someone else's SQLite database is refused and left as it was", () => {
    const path = freshPath();
    mkdirSync(join(path, '..'), { recursive: true });
    const raw = new Database(path);
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    const err = openError(path, false);
    expect(err.message).toContain(`${path}: is a SQLite database but not algobot's state (tables customers`);
    expect(err.message).toContain('check state.db in the config, or move it aside');
    const again = new Database(path, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(0);
    expect(again.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({
      n: 1,
    });
    again.close();
  });

  it('a database claiming our version without our tables is refused', () => {
    const path = freshPath();
    mkdirSync(join(path, '..'), { recursive: true });
    const raw = new Database(path);
    raw.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    raw.pragma(`user_version = ${SCHEMA_VERSION}`);
    raw.close();
    expect(openError(path, true).message).toMatch(
      /is not an algobot state database \(schema version 1 but no table intents/,
    );
  });

  it('readonly on an empty file: no state yet', () => {
    const path = freshPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    expect(openError(path, true).message).toBe(
      `${path}: holds no state yet: the bot is starting, or has not run with this config`,
    );
  });
});

describe('the single-instance lock', () => {
  it('a second writer fails naming the pid; a readonly reader takes no lock; close releases it', () => {
    const path = freshPath();
    const first = openStateDb(path, { readonly: false });
    const err = openError(path, false);
    expect(err.message).toBe(
      `another algobot (pid ${process.pid}) is running on ${path}; stop it first (if no algobot runs, remove ${path}.lock)`,
    );
    const reader = openStateDb(path, { readonly: true });
    reader.close();
    expect(existsSync(`${path}.lock`)).toBe(true);
    first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    const second = openStateDb(path, { readonly: false });
    expect(second.staleLockRecovered).toBe(false);
    second.close();
  });

  it('a lock held by another live process is refused with its pid', async () => {
    const path = freshPath();
    openStateDb(path, { readonly: false }).close();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid;
      expect(pid).toBeDefined();
      writeFileSync(`${path}.lock`, `${pid}\n`);
      expect(openError(path, false).message).toContain(`another algobot (pid ${pid}) is running on ${path}`);
      expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${pid}\n`);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    // Now that process is gone: its lock is stale.
    const s = openStateDb(path, { readonly: false });
    expect(s.staleLockRecovered).toBe(true);
    s.close();
  });

  it('a stale lock (its process has finished) is taken over and reported', () => {
    const path = freshPath();
    openStateDb(path, { readonly: false }).close();
    const done = spawnSync(process.execPath, ['-e', '']);
    expect(done.status).toBe(0);
    writeFileSync(`${path}.lock`, `${done.pid}\n`);
    const s = openStateDb(path, { readonly: false });
    expect(s.staleLockRecovered).toBe(true);
    expect(readFileSync(`${path}.lock`, 'utf8').trim()).toBe(String(process.pid));
    s.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a lock with this process id that this process does not hold is stale (a restarted container reuses pids)', () => {
    const path = freshPath();
    openStateDb(path, { readonly: false }).close();
    writeFileSync(`${path}.lock`, `${process.pid}\n`);
    const s = openStateDb(path, { readonly: false });
    expect(s.staleLockRecovered).toBe(true);
    s.close();
  });

  it('an empty lock file (a crash before the pid was written) is stale', () => {
    const path = freshPath();
    openStateDb(path, { readonly: false }).close();
    writeFileSync(`${path}.lock`, '');
    const s = openStateDb(path, { readonly: false });
    expect(s.staleLockRecovered).toBe(true);
    s.close();
  });
});
