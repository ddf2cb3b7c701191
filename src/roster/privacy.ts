import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { removeUser } from './people.js';
import { forgetAway } from '../scoring/absence.js';
import {
  adjustments,
  dailyActivityTotals,
  deliveries,
  digestSnapshots,
  entries,
  users,
  weeklyActivityTotals,
  weeklyAmountTotals,
} from '../db/schema.js';

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
