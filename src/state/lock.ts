// One bot per state database: two bots on one database would both place orders. The lock is `<db>.lock`, created
// exclusively (O_EXCL) and holding the owner's pid. A lock whose pid is dead (the bot was SIGKILLed, the machine
// rebooted) is stale and taken over; the caller is told so it can log it. A lock that holds this process's own
// pid but was not taken by this process is stale too: a bot restarted in a container often gets the same pid.
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { InputError, errorMessage } from '../core/errors.js';

export interface HeldLock {
  readonly path: string;
  /** The lock file was left by a process that no longer runs, and was taken over. */
  readonly staleLockRecovered: boolean;
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

/** Lock files this process holds. */
const held = new Set<string>();

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parsePid(text: string): number | undefined {
  const t = text.trim();
  if (!/^[0-9]{1,10}$/.test(t)) return undefined;
  const pid = Number(t);
  return pid > 0 ? pid : undefined;
}

function isAlive(pid: number, path: string): boolean {
  if (pid === process.pid) return held.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new InputError(`cannot create the lock file: ${errorMessage(err)}`, { file: path }, { cause: err });
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes `<dbPath>.lock`. Throws an InputError naming the pid when another live process holds it; takes a stale
 * lock over. `display` is the database path as messages show it.
 */
export function acquireLock(dbPath: string, display: string): HeldLock {
  const path = `${dbPath}.lock`;
  let stale = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path)) {
      held.add(path);
      return { path, staleLockRecovered: stale, release: () => releaseLock(path) };
    }
    let text = readLock(path);
    if (text === undefined) continue; // released meanwhile
    // An empty lock may be one being written this instant: look again before calling it stale.
    if (parsePid(text) === undefined) {
      sleepSync(100);
      text = readLock(path);
      if (text === undefined) continue;
    }
    const pid = parsePid(text);
    if (pid !== undefined && isAlive(pid, path)) {
      throw new InputError(
        `another algobot (pid ${pid}) is running on ${display}; stop it first (if no algobot runs, remove ${display}.lock)`,
      );
    }
    // Stale (dead pid, or a crash between creating the file and writing the pid): take it over, unless it changed
    // since it was read (another starting bot took it first; the next attempt sees its pid).
    if (readLock(path) === text) {
      rmSync(path, { force: true });
      stale = true;
    }
  }
  throw new InputError(`cannot take ${display}.lock: it keeps changing (is another algobot starting?)`);
}

function releaseLock(path: string): void {
  if (!held.delete(path)) return;
  const text = readLock(path);
  if (text !== undefined && parsePid(text) === process.pid) rmSync(path, { force: true });
}

/** Who holds the lock of `dbPath`, without touching it (for `algobot status`); undefined when nobody does. */
export function lockHolder(dbPath: string): { pid: number; alive: boolean } | undefined {
  const path = `${dbPath}.lock`;
  let text: string | undefined;
  try {
    text = readLock(path);
  } catch {
    return undefined;
  }
  const pid = text === undefined ? undefined : parsePid(text);
  if (pid === undefined) return undefined;
  return { pid, alive: isAlive(pid, path) };
}
