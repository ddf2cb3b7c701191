import { stringify } from 'csv-stringify/sync';
import { and, asc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { changeCached, type Db } from '../db.js';
import { activities, deliveries, entries, users, weeklyActivityTotals } from '../schema.js';

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
 */
export function eraseUser(db: Db, userId: string): UserFootprint {
  return changeCached(db, () =>
    db.transaction((tx) => {
      const place = rosterPlace(tx as unknown as Db, userId);
      // Counted by the delete itself: finding a user's entries reads the whole table, once is enough.
      const erased = tx.delete(entries).where(eq(entries.userId, userId)).run().changes;
      tx.delete(weeklyActivityTotals).where(eq(weeklyActivityTotals.userId, userId)).run();
      tx.delete(deliveries).where(eq(deliveries.recipientId, userId)).run();
      tx.update(users).set({ managerId: null }).where(eq(users.managerId, userId)).run();
      tx.delete(users).where(eq(users.id, userId)).run();
      return { entries: erased, ...place };
    }),
  );
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
  'note',
  'source',
  'logged_at',
  'undone_at',
];

/**
 * Entries as CSV (one user's, or everyone's in a range), undone ones marked with when. Written
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
  return stringify(
    rows.map(({ e, label }) => [
      e.id,
      e.userId,
      e.day,
      e.weekStart,
      e.activityKey,
      label,
      e.count,
      e.points,
      e.amountCents === null ? null : (e.amountCents / 100).toFixed(2),
      e.note,
      e.source,
      new Date(e.loggedAt).toISOString(),
      e.undoneAt === null ? null : new Date(e.undoneAt).toISOString(),
    ]),
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
