// The state database of a live or paper run: SQLite through better-sqlite3 (synchronous). WAL, so `algobot
// status` reads while the bot writes; synchronous = FULL, so a committed checkpoint survives a power cut. The
// schema is versioned with PRAGMA user_version and built by an ordered list of migrations.
//
// A database that cannot be trusted (not SQLite, damaged, written by a newer algobot, someone else's) is never
// deleted or overwritten: opening it fails with an InputError naming the file and what to do.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { InputError, errorMessage } from '../core/errors.js';
import { acquireLock, type HeldLock } from './lock.js';

/** Migration i takes the schema from version i to i + 1; each runs in one transaction with its version. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE intents (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, coin TEXT NOT NULL, pair TEXT NOT NULL, side TEXT NOT NULL,
    type TEXT NOT NULL, reason TEXT NOT NULL, quantity REAL, price REAL, reprice REAL, target REAL
  ) STRICT;
  CREATE TABLE orders (
    id INTEGER PRIMARY KEY, intent_id INTEGER NOT NULL REFERENCES intents (id), time INTEGER NOT NULL,
    coin TEXT NOT NULL, side TEXT NOT NULL, type TEXT NOT NULL, reason TEXT NOT NULL, quantity REAL, price REAL,
    outcome TEXT NOT NULL, order_id INTEGER, status TEXT, reprice REAL, message TEXT NOT NULL
  ) STRICT;
  CREATE INDEX orders_intent ON orders (intent_id);
  CREATE TABLE fills (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, order_id INTEGER NOT NULL, coin TEXT NOT NULL,
    side TEXT NOT NULL, type TEXT NOT NULL, role TEXT NOT NULL, reason TEXT NOT NULL, quantity REAL, price REAL,
    fee_usd REAL
  ) STRICT;
  CREATE TABLE cancels (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, order_id INTEGER NOT NULL, coin TEXT NOT NULL,
    why TEXT NOT NULL
  ) STRICT;
  CREATE TABLE trades (
    id INTEGER PRIMARY KEY, coin TEXT NOT NULL, entry_time INTEGER NOT NULL, exit_time INTEGER NOT NULL,
    cost REAL, proceeds REAL, pnl REAL, entry_value REAL, exit_reason TEXT NOT NULL
  ) STRICT;
  CREATE TABLE decisions (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, regime TEXT, exposure_scale REAL, equity REAL,
    assets TEXT NOT NULL
  ) STRICT;
  CREATE INDEX decisions_time ON decisions (time);
  CREATE TABLE equity (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, equity REAL, cash REAL, invested REAL, drawdown REAL,
    regime TEXT
  ) STRICT;
  CREATE INDEX equity_time ON equity (time);
  CREATE TABLE stops (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, coin TEXT NOT NULL, reason TEXT NOT NULL, level REAL
  ) STRICT;
  CREATE TABLE skips (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, coin TEXT NOT NULL, side TEXT NOT NULL, reason TEXT NOT NULL
  ) STRICT;
  CREATE TABLE engine_state (
    id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE bars (
    time INTEGER NOT NULL, coin TEXT NOT NULL, open REAL, high REAL, low REAL, close REAL, volume REAL,
    source TEXT NOT NULL, PRIMARY KEY (time, coin)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE events (
    id INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, details TEXT
  ) STRICT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Tables every algobot state database has (checked on open: a foreign database is refused). */
export const TABLES = [
  'meta',
  'intents',
  'orders',
  'fills',
  'cancels',
  'trades',
  'decisions',
  'equity',
  'stops',
  'skips',
  'engine_state',
  'bars',
  'events',
] as const;

const BUSY_TIMEOUT_MS = 5000;
const MOVE_ASIDE = 'move it aside; the bot will start afresh and rebuild its positions from the exchange';

export interface StateDb {
  readonly db: Database.Database;
  /** Absolute path of the database file. */
  readonly path: string;
  /** The path as messages show it. */
  readonly file: string;
  readonly readonly: boolean;
  /** A lock left by a process that no longer runs was taken over (the caller may log it). */
  readonly staleLockRecovered: boolean;
  /** Closes the database and releases the lock. Idempotent. */
  close(): void;
}

export interface OpenOptions {
  /** Readonly: no lock, no migration, nothing created (`algobot status`, while the bot runs). */
  readonly readonly: boolean;
  /** The path as messages show it (default: the path given). */
  readonly display?: string | undefined;
}

export function openStateDb(path: string, opts: OpenOptions): StateDb {
  const abs = resolve(path);
  const file = opts.display ?? path;
  if (opts.readonly && !existsSync(abs)) {
    throw new InputError(`no state database at ${file}: the bot has not run with this config yet`);
  }
  if (!opts.readonly) {
    try {
      mkdirSync(dirname(abs), { recursive: true });
    } catch (err) {
      throw new InputError(`cannot create the directory of the state database: ${errorMessage(err)}`, {
        file,
      });
    }
  }
  const lock: HeldLock | undefined = opts.readonly ? undefined : acquireLock(abs, file);
  try {
    const db = openChecked(abs, file, opts.readonly);
    let closed = false;
    return {
      db,
      path: abs,
      file,
      readonly: opts.readonly,
      staleLockRecovered: lock?.staleLockRecovered ?? false,
      close() {
        if (closed) return;
        closed = true;
        try {
          db.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** `what` is wrong with the file; `first` is advice that comes before moving it aside. */
function untrusted(file: string, what: string, opts: { first?: string; cause?: unknown } = {}): InputError {
  return new InputError(`${what}: ${opts.first ?? ''}${MOVE_ASIDE}`, { file }, { cause: opts.cause });
}

function openChecked(abs: string, file: string, readonly: boolean): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(abs, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw new InputError(`cannot open the state database: ${errorMessage(err)}`, { file }, { cause: err });
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const check = db.pragma('quick_check') as { quick_check: string }[];
    if (check.length !== 1 || check[0]?.quick_check !== 'ok') {
      const first = check.slice(0, 3).map((r) => r.quick_check);
      throw untrusted(file, `is damaged (SQLite quick_check: ${first.join('; ')})`);
    }
    if (!readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new InputError(
          `cannot use WAL journaling here (got ${String(mode)}): put state.db on a local disk`,
          { file },
        );
      }
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    checkSchema(db, file, readonly);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof InputError) throw err;
    if (err instanceof Database.SqliteError) {
      if (err.code === 'SQLITE_NOTADB')
        throw untrusted(file, `is not a SQLite database (${err.message})`, { cause: err });
      if (err.code.startsWith('SQLITE_CORRUPT'))
        throw untrusted(file, `is damaged (${err.message})`, { cause: err });
    }
    throw err;
  }
}

function tableNames(db: Database.Database): string[] {
  const rows = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  return rows.map((r) => r.name);
}

function checkSchema(db: Database.Database, file: string, readonly: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw untrusted(
      file,
      `has schema version ${version}, newer than this algobot knows (${SCHEMA_VERSION}; a newer algobot wrote it)`,
      { first: 'run that version, or ' },
    );
  }
  if (version === 0) {
    const tables = tableNames(db);
    if (tables.length > 0) {
      throw untrusted(
        file,
        `is a SQLite database but not algobot's state (tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}; no schema version)`,
        { first: 'check state.db in the config, or ' },
      );
    }
    if (readonly) {
      throw new InputError('holds no state yet: the bot is starting, or has not run with this config', {
        file,
      });
    }
  }
  if (version < SCHEMA_VERSION) {
    if (readonly) {
      throw new InputError(
        `has schema version ${version}, older than this algobot's (${SCHEMA_VERSION}): start the bot once to upgrade it`,
        { file },
      );
    }
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v] as string);
        db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }
  const present = new Set(tableNames(db));
  const missing = TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw untrusted(
      file,
      `is not an algobot state database (schema version ${SCHEMA_VERSION} but no table ${missing.join(', ')})`,
      { first: 'check state.db in the config, or ' },
    );
  }
}
