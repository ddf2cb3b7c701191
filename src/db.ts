import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { is, Param, Placeholder } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The migrations folder, found from this file so it works from src/ (tests) and dist/src/ (start). */
function migrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('migrations folder not found');
}

/** Whether the journal lists more migrations than the database has applied. */
function pendingMigrations(sqlite: Database.Database, folder: string): boolean {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return true;
  const applied = (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
  return applied < journal.entries.length;
}

/** What a connection serves, which decides how long it lets SQLite wait for another process's lock. */
export type DatabasePurpose = 'requests' | 'tool';

/**
 * How long SQLite waits for another process's write lock (a backup, a command-line tool) before
 * answering SQLITE_BUSY. better-sqlite3 waits synchronously: on the bot's connection a long wait
 * would stall every request and `/health`, so there it only absorbs brief locks and the write
 * queue retries off the event loop (write-queue.ts). A command-line tool serves no one meanwhile.
 */
const BUSY_TIMEOUT_MS: Record<DatabasePurpose, number> = { requests: 10, tool: 5000 };

/** The migrations at start serve no one yet either: they wait as a tool does. */
const OPENING_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite database, sets the pragmas and applies pending migrations.
 * `:memory:` works too, for tests.
 */
export function openDatabase(file: string, options: { purpose?: DatabasePurpose } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma(`busy_timeout = ${OPENING_BUSY_TIMEOUT_MS}`);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  // FULL: a rep is told "saved" only after the commit, so the commit must survive a power cut too.
  sqlite.pragma('synchronous = FULL');
  // A page cache large enough for the indexes' hot pages once history runs to millions of
  // entries (negative = KiB); SQLite's default of 2 MB makes each insert read from disk.
  sqlite.pragma('cache_size = -32000');
  const db = drizzle(sqlite, { schema });
  const folder = migrationsFolder();
  if (pendingMigrations(sqlite, folder)) {
    // Foreign keys stay off while migrating: a table rebuild would otherwise cascade-delete
    // children. The check afterwards reads every row, so it runs only when something migrated.
    sqlite.pragma('foreign_keys = OFF');
    try {
      migrate(db, { migrationsFolder: folder });
      const broken = sqlite.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`migration left ${broken.length} broken foreign keys`);
    } finally {
      sqlite.pragma('foreign_keys = ON');
    }
  }
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS[options.purpose ?? 'tool']}`);
  return db;
}

/** Another connection holds the lock SQLite needed: worth trying again shortly. */
export function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown } | undefined)?.code));
}

const memos = new WeakMap<Db, Map<string, unknown>>();

/**
 * Builds something once per database and keeps it: prepared statements above all, since
 * preparing SQL costs more than running it on the hot paths.
 */
export function memo<T>(db: Db, key: string, build: () => T): T {
  let map = memos.get(db);
  if (!map) {
    map = new Map();
    memos.set(db, map);
  }
  if (!map.has(key)) map.set(key, build());
  return map.get(key) as T;
}

/** A statement drizzle wrote, run straight on better-sqlite3 with its placeholders bound by name. */
export interface DirectStatement<V> {
  run(values: V): Database.RunResult;
  /** The first column of the first row. */
  value<T>(values: V): T | undefined;
}

/**
 * Prepares a drizzle query on better-sqlite3 itself, for the few statements every logged
 * activity runs. Drizzle still writes the SQL; what is skipped is its mapping of each
 * parameter on every call, which measured 40% of a 13-column insert. Only for queries whose
 * columns need no conversion (text and numbers; no JSON, dates or booleans): values are bound
 * and results returned as SQLite has them.
 */
export function direct<V extends Record<string, unknown>>(
  db: Db,
  query: { toSQL(): { sql: string; params: unknown[] } },
): DirectStatement<V> {
  const { sql, params } = query.toSQL();
  // Each parameter is a placeholder (bound from the values by its name) or a constant.
  const slots = params.map((param): ((values: V) => unknown) => {
    const inner = is(param, Param) ? param.value : param;
    if (!is(inner, Placeholder)) return () => inner;
    const name: string = inner.name;
    return (values) => values[name];
  });
  const bind = (values: V) => slots.map((slot) => slot(values));
  const statement = db.$client.prepare(sql);
  let first: Database.Statement | undefined;
  return {
    run: (values) => statement.run(...bind(values)),
    value: <T>(values: V) => (first ??= db.$client.prepare(sql).pluck()).get(...bind(values)) as T | undefined,
  };
}

const settingsCache = new WeakMap<Db, { version: number; checkedThisTurn: boolean; values: Map<string, unknown> }>();

/**
 * Programme settings, the catalogue and user profiles, kept in memory. SQLite's data_version
 * moves when another connection (another process) commits, which empties the cache; this
 * process's own changes to them go through changeCached.
 *
 * data_version is read once per turn of the event loop, not once per request: under load a
 * turn handles many requests, and reading it is the only read a logged activity makes outside
 * its write. Another process's commit landing within a turn (a few milliseconds) is no
 * different from one landing just after it, and this process's own changes empty the cache
 * directly.
 */
export function cachedSetting<T>(db: Db, key: string, read: () => T): T {
  let cache = settingsCache.get(db);
  if (!cache?.checkedThisTurn) {
    const version = memo(db, 'data_version', () => db.$client.prepare('PRAGMA data_version').pluck()).get() as number;
    if (!cache || cache.version !== version) {
      cache = { version, checkedThisTurn: false, values: new Map() };
      settingsCache.set(db, cache);
    }
    const checked = cache;
    checked.checkedThisTurn = true;
    setImmediate(() => {
      checked.checkedThisTurn = false;
    });
  }
  if (!cache.values.has(key)) cache.values.set(key, read());
  return cache.values.get(key) as T;
}

export function forgetCachedSettings(db: Db): void {
  settingsCache.delete(db);
}

/**
 * Runs a write to what cachedSetting keeps (settings, the catalogue, users) and empties the
 * cache after it, whether it committed or not: a read inside a rolled-back transaction may
 * have cached what never happened.
 */
export function changeCached<T>(db: Db, write: () => T): T {
  try {
    return write();
  } finally {
    forgetCachedSettings(db);
  }
}
