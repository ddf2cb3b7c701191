import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { removeUser } from './people.js';
import { forgetAway } from '../scoring/absence.js';
import {
  activities,
  adjustments,
  dailyActivityTotals,
  ADJUSTMENT_KEY,
  deliveries,
  digestSnapshots,
  entries,
  users,
  weeklyActivityTotals,
  weeklyAmountTotals,
} from '../db/schema.js';
import { centsToDecimal } from '../scoring/amount.js';

export interface UserFootprint {
  entries: number;
  onRoster: boolean;
  manages: number;
}

/** What the bot holds about a user, for the erase confirmation. */
export function userFootprint(db: Db, userId: string): UserFootprint {
  const count = db
    .select({ n: sql<number>`count(*)` })
    .from(entries)
    .where(eq(entries.userId, userId))
    .get();
  return { entries: count?.n ?? 0, ...rosterPlace(db, userId) };
}

function rosterPlace(db: Db, userId: string): Omit<UserFootprint, 'entries'> {
  const manages =
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(eq(users.managerId, userId))
      .get()?.n ?? 0;
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  return { onRoster: Boolean(user?.onRoster), manages };
}

/**
 * Erases everything the bot holds about a user (entries, totals, deliveries, their profile and
 * roster place) in one transaction, for a privacy request. Reps they managed keep their place,
 * without a manager. Returns what was there.
 *
 * The deleted rows are overwritten with zeros as they go (`secure_delete`; its FAST setting
 * would leave them in free pages). Older copies that SQLite left behind, in the unused space of
 * pages whose rows moved and in the write-ahead log, stay until `wipeDeleted` rewrites the file.
 */
export function eraseUser(db: Db, userId: string): UserFootprint {
  const client = db.$client;
  // A setting of this connection, so it is put back for everything else that writes through it.
  const before = client.pragma('secure_delete', { simple: true }) as number;
  client.pragma('secure_delete = ON');
  try {
    return db.transaction((tx) => {
      const place = rosterPlace(tx as unknown as Db, userId);
      // Adjustments first: an admin's take-back names the entry it undid.
      tx.delete(adjustments).where(eq(adjustments.userId, userId)).run();
      // Counted by the delete itself: finding a user's entries reads the whole table, once is enough.
      const erased = tx.delete(entries).where(eq(entries.userId, userId)).run().changes;
      tx.delete(weeklyActivityTotals).where(eq(weeklyActivityTotals.userId, userId)).run();
      tx.delete(weeklyAmountTotals).where(eq(weeklyAmountTotals.userId, userId)).run();
      tx.delete(dailyActivityTotals).where(eq(dailyActivityTotals.userId, userId)).run();
      tx.delete(deliveries).where(eq(deliveries.recipientId, userId)).run();
      // What a digest showed of them goes too (a manager's own digests took theirs with them).
      tx.delete(digestSnapshots).where(eq(digestSnapshots.repId, userId)).run();
      forgetAway(tx as unknown as Db, userId);
      removeUser(db, userId);
      return { entries: erased, ...place };
    });
  } finally {
    client.pragma(`secure_delete = ${before === 2 ? 'FAST' : before}`);
  }
}

/** How long the rewrite waits for another connection's write or read to end before giving up. */
const REWRITE_WAIT_MS = 5000;

/** Run in a worker thread, on a connection of its own: CommonJS, as `eval` workers are. */
const REWRITE_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
try {
  db.pragma('busy_timeout = ' + workerData.waitMs);
  db.exec('VACUUM');
  parentPort.postMessage(db.pragma('wal_checkpoint(TRUNCATE)')[0].busy === 0);
} finally {
  db.close();
}
`;

const rewrites = new Map<string, Promise<void>>();

/**
 * Rewrites the database file from what it holds now (VACUUM), then copies the write-ahead log
 * into it and truncates the log, so rows deleted before leave nothing in either file, nor in a
 * backup taken after. SQLite's secure delete is not enough for an erase: when a page splits or
 * merges, the rows it moves stay behind in the old page's unused space, where they outlive
 * their deletion.
 *
 * VACUUM writes the whole file (4.5 to 6 s per million entries in BENCHMARKS.md), so it runs in
 * a worker thread on a connection of its own: this process keeps reading and answering
 * meanwhile, and its writes wait, failing after their busy timeout. Rewrites of one file run one
 * after another. Rejects when the file could not be rewritten (busy, or no disk space for the
 * copy), or the log not truncated because another process kept reading it; a later rewrite
 * finishes the job.
 */
export function wipeDeleted(db: Db): Promise<void> {
  const file = db.$client.name;
  // An in-memory database leaves nothing on disk to wipe.
  if (db.$client.memory) return Promise.resolve();
  const previous = rewrites.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => rewriteInWorker(file));
  rewrites.set(file, next);
  const settled = () => {
    if (rewrites.get(file) === next) rewrites.delete(file);
  };
  next.then(settled, settled);
  return next;
}

function rewriteInWorker(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const workerData = { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), waitMs: REWRITE_WAIT_MS };
    const worker = new Worker(REWRITE_SCRIPT, { eval: true, workerData });
    let truncated: boolean | undefined;
    worker.on('message', (done: boolean) => (truncated = done));
    worker.on('error', reject);
    worker.on('exit', () => {
      if (truncated) resolve();
      else reject(new Error(`the write-ahead log of ${file} was not truncated: another connection was reading it`));
    });
  });
}

const HEADER = [
  'entry_id',
  'user_id',
  'day',
  'week_start',
  'activity',
  'activity_label',
  'count',
  'points',
  'deal_amount',
  'currency',
  'note',
  'source',
  'logged_at',
  'undone_at',
];

/**
 * Entries as CSV (one user's, or everyone's in a range), undone ones marked with when, then
 * admins' adjustments, which count in the week's total: activity `adjustment`, the reason as the
 * note, `admin:<id>` as the source, and the week's Monday as the day. Written
 * by csv-stringify, the writer paired with the csv-parse reader: quoting and formula escaping
 * are its, and kept up to date there.
 */
export function exportEntriesCsv(db: Db, filter: { userId?: string; from?: string; to?: string } = {}): string {
  const conditions: SQL[] = [];
  if (filter.userId) conditions.push(eq(entries.userId, filter.userId));
  if (filter.from) conditions.push(gte(entries.day, filter.from));
  if (filter.to) conditions.push(lte(entries.day, filter.to));
  const rows = db
    .select({ e: entries, label: activities.label })
    .from(entries)
    .leftJoin(activities, eq(activities.key, entries.activityKey))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(entries.id))
    .all();
  const adjusted: SQL[] = [eq(adjustments.kind, 'adjust')];
  if (filter.userId) adjusted.push(eq(adjustments.userId, filter.userId));
  if (filter.from) adjusted.push(gte(adjustments.weekStart, filter.from));
  if (filter.to) adjusted.push(lte(adjustments.weekStart, filter.to));
  const corrections = db
    .select()
    .from(adjustments)
    .where(and(...adjusted))
    .orderBy(asc(adjustments.id))
    .all()
    .map((a) => [
      null,
      a.userId,
      a.weekStart,
      a.weekStart,
      ADJUSTMENT_KEY,
      'Adjustment',
      null,
      a.points,
      null,
      null,
      a.reason,
      `admin:${a.adminId}`,
      new Date(a.createdAt).toISOString(),
      null,
    ]);
  return stringify(
    [
      ...rows.map(({ e, label }) => [
        e.id,
        e.userId,
        e.day,
        e.weekStart,
        e.activityKey,
        label,
        e.count,
        e.points,
        e.amountCents === null ? null : centsToDecimal(e.amountCents),
        e.currency,
        e.note,
        e.source,
        new Date(e.loggedAt).toISOString(),
        e.undoneAt === null ? null : new Date(e.undoneAt).toISOString(),
      ]),
      ...corrections,
    ],
    {
      header: true,
      columns: HEADER,
      // CRLF, as RFC 4180 and the spreadsheets that open the file expect.
      record_delimiter: 'windows',
      // A text field starting with = + - @ (or their full-width forms), a tab or CR gets a
      // leading ' so a spreadsheet shows it instead of running it as a formula; numbers are
      // left alone.
      escape_formulas: true,
      // Quoted also on a semicolon: a spreadsheet in a comma-decimal locale splits on it.
      quoted_match: /;/,
    },
  );
}
