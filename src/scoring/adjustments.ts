import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { idSlices, idsIn, memo, type Db } from '../db/index.js';
import { ADJUSTMENT_KEY, adjustments, entries, weeklyActivityTotals, type Adjustment, type Entry } from '../db/schema.js';
import { applyToTotals } from './ledger.js';
import type { LocalDay } from './week.js';

/** The largest correction, either way, one adjustment may make: more than a goal's worth is a typo. */
export const ADJUST_LIMIT = 1000;

/** The longest reason kept; it is shown on one line of the digest and `/points`. */
export const REASON_MAX = 200;

/** Adds points to a rep's week in the running totals, under an activity key (count changes too). */
function addToTotals(
  db: Db,
  change: { userId: string; weekStart: LocalDay; activityKey: string; count: number; points: number; amountCents: number },
) {
  db.insert(weeklyActivityTotals)
    .values(change)
    .onConflictDoUpdate({
      target: [weeklyActivityTotals.userId, weeklyActivityTotals.weekStart, weeklyActivityTotals.activityKey],
      set: {
        count: sql`${weeklyActivityTotals.count} + ${change.count}`,
        points: sql`${weeklyActivityTotals.points} + ${change.points}`,
        amountCents: sql`${weeklyActivityTotals.amountCents} + ${change.amountCents}`,
      },
    })
    .run();
}

/** A rep's week total from the running totals, adjustments included. */
function weekTotal(db: Db, userId: string, weekStart: LocalDay): number {
  return (
    db
      .select({ points: sql<number>`coalesce(sum(${weeklyActivityTotals.points}), 0)` })
      .from(weeklyActivityTotals)
      .where(and(eq(weeklyActivityTotals.userId, userId), eq(weeklyActivityTotals.weekStart, weekStart)))
      .get()?.points ?? 0
  );
}

/**
 * Adds an admin's adjustment to a rep's week, with its reason, in one transaction with the
 * running totals (a count of 0 keeps it out of every activity breakdown). Returns the row and
 * the week's new total.
 */
export function adjustWeek(
  db: Db,
  args: { userId: string; weekStart: LocalDay; points: number; reason: string; adminId: string; now: Date },
): { adjustment: Adjustment; weekTotal: number } {
  return db.transaction((tx) => {
    const adjustment = tx
      .insert(adjustments)
      .values({
        userId: args.userId,
        weekStart: args.weekStart,
        kind: 'adjust',
        points: args.points,
        reason: args.reason,
        adminId: args.adminId,
        createdAt: args.now.getTime(),
      })
      .returning()
      .get();
    const t = tx as unknown as Db;
    addToTotals(t, {
      userId: args.userId,
      weekStart: args.weekStart,
      activityKey: ADJUSTMENT_KEY,
      count: 0,
      points: args.points,
      amountCents: 0,
    });
    return { adjustment, weekTotal: weekTotal(t, args.userId, args.weekStart) };
  });
}

export type TakeBackResult =
  { kind: 'taken_back'; entry: Entry; weekTotal: number } | { kind: 'already'; entry: Entry } | { kind: 'missing' };

/**
 * Takes back one entry for an admin: undoes it as the rep's own undo would (never deleted; its
 * points leave the totals) and records who did it and why.
 */
export function takeBackEntry(db: Db, args: { entryId: number; adminId: string; reason: string; now: Date }): TakeBackResult {
  return db.transaction((tx) => {
    const entry = tx.select().from(entries).where(eq(entries.id, args.entryId)).get();
    if (!entry) return { kind: 'missing' };
    if (entry.undoneAt !== null) return { kind: 'already', entry };
    const now = args.now.getTime();
    tx.update(entries).set({ undoneAt: now }).where(eq(entries.id, entry.id)).run();
    const t = tx as unknown as Db;
    // As the rep's own undo does: the week's totals, its deal amounts and the day's KPI counts.
    applyToTotals(db, entry, -1);
    tx.insert(adjustments)
      .values({
        userId: entry.userId,
        weekStart: entry.weekStart,
        kind: 'take_back',
        points: -entry.points,
        reason: args.reason,
        adminId: args.adminId,
        entryId: entry.id,
        createdAt: now,
      })
      .run();
    return { kind: 'taken_back', entry: { ...entry, undoneAt: now }, weekTotal: weekTotal(t, entry.userId, entry.weekStart) };
  });
}

/** The adjustments that count in reps' week (not the audit of entries taken back), oldest first, by rep. */
export function weekAdjustments(db: Db, userIds: readonly string[], weekStart: LocalDay): Map<string, Adjustment[]> {
  const query = memo(db, 'weekAdjustments', () =>
    db
      .select()
      .from(adjustments)
      .where(
        and(
          inArray(adjustments.userId, idsIn('ids')),
          eq(adjustments.weekStart, sql.placeholder('weekStart')),
          eq(adjustments.kind, 'adjust'),
        ),
      )
      .orderBy(asc(adjustments.id))
      .prepare(),
  );
  const byRep = new Map<string, Adjustment[]>();
  for (const ids of idSlices(userIds))
    for (const r of query.all({ ids, weekStart })) {
      const list = byRep.get(r.userId) ?? [];
      list.push(r);
      byRep.set(r.userId, list);
    }
  return byRep;
}

/**
 * A rep's newest `limit` entries of one week, undone ones too, and how many the week holds: what
 * the admin's history lists. Only those shown are read whole, however many the week holds.
 */
export function newestEntries(db: Db, userId: string, weekStart: LocalDay, limit: number): { entries: Entry[]; total: number } {
  const ofWeek = and(eq(entries.weekStart, weekStart), eq(entries.userId, userId));
  return {
    entries: db.select().from(entries).where(ofWeek).orderBy(desc(entries.id)).limit(limit).all(),
    total: db.select({ n: count() }).from(entries).where(ofWeek).get()!.n,
  };
}

/** Every rep's adjustment points per week, keyed `user/week`, for recounting the running totals. */
export function adjustmentTotals(db: Db): Map<string, number> {
  const rows = db
    .select({ userId: adjustments.userId, weekStart: adjustments.weekStart, points: sql<number>`sum(${adjustments.points})` })
    .from(adjustments)
    .where(eq(adjustments.kind, 'adjust'))
    .groupBy(adjustments.userId, adjustments.weekStart)
    .all();
  return new Map(rows.map((r) => [`${r.userId}/${r.weekStart}`, r.points]));
}
