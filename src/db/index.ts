import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { is, Param, Placeholder, sql, type SQL } from 'drizzle-orm';
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

/**
 * Whether the journal lists more migrations than the database has applied. Raw SQL: the schema
 * does not describe sqlite_master nor the migrator's own table.
 */
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

/** The database cannot take writes for a reason an operator can fix; the message is one line naming the path. */
export class DatabaseUnwritableError extends Error {
  readonly code = 'database_unwritable';
}

/** Why the bot cannot write the database, and what an operator does about it. */
export interface WriteProblem {
  text: string;
  fix: string;
}

const FIX = "make it writable by the bot's user or set DATABASE_PATH to a writable place";

const unwritable = (file: string, problem: WriteProblem) =>
  new DatabaseUnwritableError(`Cannot use the database ${file}: ${problem.text}; ${problem.fix}`);

/**
 * Opens (creating if needed) the SQLite database, sets the pragmas and applies pending migrations.
 * `:memory:` works too, for tests. A file or folder the bot cannot write stops it here with a
 * DatabaseUnwritableError, rather than later with every rep's log refused.
 */
export function openDatabase(file: string, options: { purpose?: DatabasePurpose } = {}): Db {
  const purpose = options.purpose ?? 'tool';
  if (file !== ':memory:') prepareFolder(file);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
  } catch (err) {
    throw refusal(file, err) ?? err;
  }
  try {
    const db = setUp(sqlite, file);
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS[purpose]}`);
    const problem = writeProblem(db);
    if (problem) throw unwritable(file, problem);
    return db;
  } catch (err) {
    sqlite.close();
    throw refusal(file, err) ?? err;
  }
}

/** Pragmas and migrations on a new connection. */
function setUp(sqlite: Database.Database, file: string): Db {
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
  return db;
}

/** Creates the database's folder if needed and checks that the bot may write there. */
function prepareFolder(file: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw unwritable(file, {
      text: `its folder ${dir} cannot be created (${(err as NodeJS.ErrnoException).code})`,
      fix: "create it, writable by the bot's user, or set DATABASE_PATH to a writable place",
    });
  }
  const problem = fileProblem(file);
  if (problem) throw unwritable(file, problem);
}

/**
 * What stops the bot writing the database's file, its -wal and -shm files or their folder, as
 * the operating system says (a read-only mount refuses even root), or undefined.
 */
function fileProblem(file: string): WriteProblem | undefined {
  const dir = path.dirname(path.resolve(file));
  const denied = (target: string) => {
    try {
      fs.accessSync(target, fs.constants.W_OK);
      return undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? undefined : code;
    }
  };
  const inDir = denied(dir);
  if (inDir) {
    return {
      text: `its folder ${dir} is not writable (${inDir})`,
      fix: "make it writable by the bot's user (SQLite keeps its -wal and -shm files beside the database) or set DATABASE_PATH to a writable place",
    };
  }
  for (const target of [file, `${file}-wal`, `${file}-shm`]) {
    const code = denied(target);
    if (code) return { text: `${target} is not writable (${code})`, fix: FIX };
  }
  return undefined;
}

const codeOf = (error: unknown) => String((error as { code?: unknown } | undefined)?.code);

/** SQLite's answers that mean it will not write this database at all (as opposed to busy, or one bad row). */
const REFUSING = /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH|IOERR|FULL|CORRUPT|NOTADB)/;

/** Another connection holds the lock SQLite needed: worth trying again shortly. */
export function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(codeOf(error));
}

/** For a write that failed because the database refuses writes, the reason `/health` gives; else undefined. */
export function writeFailureReason(error: unknown): string | undefined {
  const code = codeOf(error);
  if (!REFUSING.test(code) && !/^E(IO|NOSPC|ROFS|ACCES|PERM)$/.test(code)) return undefined;
  const readOnly = /^(SQLITE_(READONLY|CANTOPEN|PERM|AUTH)|EROFS|EACCES|EPERM)/.test(code);
  return `${readOnly ? 'database is read-only' : 'database refuses writes'}: ${(error as Error).message} (${code})`;
}

/** The open's failure as a DatabaseUnwritableError when SQLite refused the file, else undefined. */
function refusal(file: string, err: unknown): Error | undefined {
  if (err instanceof DatabaseUnwritableError) return err;
  const code = codeOf(err);
  if (!REFUSING.test(code)) return undefined;
  return unwritable(file, fileProblem(file) ?? { text: `SQLite cannot write it (${code}: ${(err as Error).message})`, fix: FIX });
}

/**
 * What stops the database taking a write now, or undefined, found without writing: file and
 * folder permissions, a connection SQLite opened read-only (it does so silently for a read-only
 * file), and a write transaction begun and rolled back (refused when writes are switched off).
 * Another process's lock is no problem: writes wait for it.
 */
export function writeProblem(db: Db): WriteProblem | undefined {
  const sqlite = db.$client;
  if (!sqlite.memory) {
    const problem = fileProblem(sqlite.name);
    if (problem) return problem;
  }
  if (sqlite.readonly) return { text: `SQLite opened ${sqlite.name} read-only`, fix: FIX };
  if (sqlite.inTransaction) return undefined;
  try {
    // Raw SQL: drizzle has no way to begin a transaction without running one.
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
  } catch (err) {
    if (!isBusy(err)) return { text: `SQLite refuses writes to ${sqlite.name} (${codeOf(err)}: ${(err as Error).message})`, fix: FIX };
  }
  return undefined;
}

const memos = new WeakMap<Db, Map<string, unknown>>();

/**
 * Builds something once per database and keeps it: prepared statements above all, since
 * preparing SQL costs more than running it on the hot paths.
 *
 * How queries run here:
 * - The query builder (`db.select()…`, `db.insert()…`), everywhere by default.
 * - A hot query (one every request or every logged activity runs) is the same builder query,
 *   prepared once: `memo(db, key, () => query.prepare())` with `sql.placeholder` for its
 *   values, run as `.get({ … })` / `.all({ … })`. This is the one way; findUser and the
 *   ledger's reads do it.
 * - `direct()` is that way's variant for the few statements whose drizzle parameter mapping
 *   measured as a cost (the ledger's inserts and week total): still a builder query inside a
 *   `memo`, only run on better-sqlite3 itself.
 * - Raw SQL only for what drizzle cannot say (pragmas, transaction control, the migrator's own
 *   table, VACUUM), with a one-line why where it runs.
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

/** How many ids one read takes as its JSON array (rowsOfReps reads a whole roster's week as one range instead). */
export const IDS_PER_READ = 500;

/**
 * Ids as JSON arrays of IDS_PER_READ, for statements that take them as `IN (SELECT value FROM
 * json_each(?))`: one statement run per slice, not per id (a digest reads every rep of every
 * team, and each run of a statement cost more than the rows it read).
 */
export function* idSlices(ids: readonly string[]): Generator<string> {
  for (let i = 0; i < ids.length; i += IDS_PER_READ) yield JSON.stringify(ids.slice(i, i + IDS_PER_READ));
}

/**
 * The ids of one of idSlices' arrays, bound to a placeholder, for a drizzle query prepared once:
 * `inArray(users.id, idsIn('ids'))`, run as `.all({ ids })`.
 */
export function idsIn(placeholder: string): SQL {
  return sql`(select value from json_each(${sql.placeholder(placeholder)}))`;
}

/**
 * From this many reps on, a read takes every rep's rows of its week or days, one range of an index
 * by week or day (migrations 0024, 0025), and keeps those of the reps asked for: a digest of the
 * whole roster would otherwise seek each rep in a history of millions of rows.
 */
export const RANGE_READ_MIN = 2000;

/**
 * The rows of some reps: `some` reads the reps of one of idSlices' arrays; from RANGE_READ_MIN
 * reps on, `every` reads every rep's rows and those of others are left out.
 */
export function rowsOfReps<R extends { userId: string }>(repIds: readonly string[], some: (ids: string) => R[], every: () => R[]): R[] {
  const wanted = new Set(repIds);
  // Each rep once: a rep named twice in two slices would be read, and counted, twice.
  if (wanted.size < RANGE_READ_MIN) return [...idSlices([...wanted])].flatMap(some);
  return every().filter((row) => wanted.has(row.userId));
}

/**
 * A read of many rows, returned by SQLite as one JSON array and parsed by V8 at once, for the
 * ranges of a whole roster (rowsOfReps' `every`). better-sqlite3 makes each row through V8's API;
 * for 20,000 weekly rows of six columns that took 72 ms, where building and parsing the JSON took
 * 30. `columns` names each field of a row and the SQL of its value; `from` is the rest of the
 * query from its FROM on, without a GROUP BY (the array is itself an aggregate: grouped rows are
 * read from a subquery). Values come back as JSON has them: text, numbers (the amounts' triggers
 * keep them within 2^53) and null.
 */
export function jsonRows<R, P extends unknown[]>(db: Db, columns: { [K in keyof R]: string }, from: string): (...params: P) => R[] {
  const names = Object.keys(columns);
  const statement = db.$client
    .prepare<P, string>(`SELECT json_group_array(json_array(${Object.values(columns).join(', ')})) ${from}`)
    .pluck();
  return (...params) =>
    (JSON.parse(statement.get(...params)!) as unknown[][]).map((values) => {
      const row: Record<string, unknown> = {};
      names.forEach((name, i) => (row[name] = values[i]));
      return row as R;
    });
}

/** jsonRows' columns as a SELECT list, `user_id AS userId, …`, for the same rows read the usual way. */
export function selectList(columns: Record<string, string>): string {
  return Object.entries(columns)
    .map(([name, value]) => `${value} AS ${name}`)
    .join(', ');
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

/**
 * Rows this connection has inserted, changed or deleted since it opened (SQLite's
 * total_changes()): compared before and after a request, it tells whether anything was written.
 */
export function changeCount(db: Db): number {
  return memo(db, 'changeCount', () => db.$client.prepare('SELECT total_changes()').pluck()).get() as number;
}

const settingsCache = new WeakMap<Db, { version: number; checkedThisTurn: boolean; values: Map<string, unknown> }>();

/**
 * Programme settings, the catalogue and user profiles, kept in memory. Each of their tables has
 * one module that writes it (users: roster/people.ts, activities: scoring/catalogue.ts, settings:
 * scoring/programme.ts; test/unit/cache-owners.test.ts holds the rest of src/ to that), and
 * each write there goes through changeCached, which empties this process's cache. Another
 * process's commit moves SQLite's data_version, which empties it too.
 *
 * data_version is read once per turn of the event loop, not once per request: under load a
 * turn handles many requests, and reading it is the only read a logged activity makes outside
 * its write. Another process's commit landing within a turn (a few milliseconds) is no
 * different from one landing just after it, and this process's own changes empty the cache
 * directly.
 *
 * Other in-memory lookups are keyed by what this returns (the parser's matchers and
 * catalogueByKey by the catalogue array), so they go stale with it; week.ts's day cache and
 * time-zone.ts's known zones hold nothing from the database.
 *
 * A value read inside a transaction is returned but not kept: it may be the transaction's own
 * uncommitted write, which a rollback would undo after the cache was last emptied.
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
  if (cache.values.has(key)) return cache.values.get(key) as T;
  const value = read();
  if (!db.$client.inTransaction) cache.values.set(key, value);
  return value;
}

/**
 * Runs a write to a table cachedSetting keeps (settings, the catalogue, users) and empties the
 * cache after it, whether it committed or not. Only the tables' owners call it (see
 * cachedSetting); inside a caller's transaction the emptied cache stays empty until it ends,
 * since reads there are not kept.
 */
export function changeCached<T>(db: Db, write: () => T): T {
  try {
    return write();
  } finally {
    settingsCache.delete(db);
  }
}
