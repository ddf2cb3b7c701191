import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { entries, weeklyActivityTotals, weeklyTotals, type Entry } from '../schema.js';
import type { CatalogueItem } from './catalogue.js';
import type { ParsedItem } from './parse.js';
import { weekStartOf, type LocalDay } from './week.js';

export interface RecordRequest {
  userId: string;
  items: ParsedItem[];
  day: LocalDay;
  note: string | null;
  source: Entry['source'];
  /** Slack's idempotency key for the request (a modal's view id), when it has one. */
  clientKey?: string;
  now: Date;
  catalogue: CatalogueItem[];
}

export interface RecordResult {
  entries: Entry[];
  batchId: string;
  weekStart: LocalDay;
  weekTotal: number;
  /** True when the same request was recorded before and nothing new was written. */
  duplicate: boolean;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Adds (or with a negative sign, takes back) an entry's points in the running totals. */
function applyToTotals(tx: Tx, entry: Entry, sign: 1 | -1, now: Date): void {
  tx.insert(weeklyTotals)
    .values({ userId: entry.userId, weekStart: entry.weekStart, points: sign * entry.points, entryCount: sign, updatedAt: now.getTime() })
    .onConflictDoUpdate({
      target: [weeklyTotals.userId, weeklyTotals.weekStart],
      set: {
        points: sql`${weeklyTotals.points} + ${sign * entry.points}`,
        entryCount: sql`${weeklyTotals.entryCount} + ${sign}`,
        updatedAt: now.getTime(),
      },
    })
    .run();
  const amount = sign * (entry.amountCents ?? 0);
  tx.insert(weeklyActivityTotals)
    .values({
      userId: entry.userId,
      weekStart: entry.weekStart,
      activityKey: entry.activityKey,
      count: sign * entry.count,
      points: sign * entry.points,
      amountCents: amount,
    })
    .onConflictDoUpdate({
      target: [weeklyActivityTotals.userId, weeklyActivityTotals.weekStart, weeklyActivityTotals.activityKey],
      set: {
        count: sql`${weeklyActivityTotals.count} + ${sign * entry.count}`,
        points: sql`${weeklyActivityTotals.points} + ${sign * entry.points}`,
        amountCents: sql`${weeklyActivityTotals.amountCents} + ${amount}`,
      },
    })
    .run();
}

function readWeekTotal(tx: Tx | Db, userId: string, weekStart: LocalDay): number {
  const row = tx
    .select({ points: weeklyTotals.points })
    .from(weeklyTotals)
    .where(and(eq(weeklyTotals.userId, userId), eq(weeklyTotals.weekStart, weekStart)))
    .get();
  return row?.points ?? 0;
}

/**
 * Records a rep's activities and updates the running totals in one transaction, with the
 * points each activity is worth now frozen on the entry. A repeated `clientKey` records nothing.
 */
export function recordEntries(db: Db, req: RecordRequest): RecordResult {
  const weekStart = weekStartOf(req.day);
  return db.transaction((tx) => {
    if (req.clientKey) {
      const earlier = tx
        .select()
        .from(entries)
        .where(and(eq(entries.userId, req.userId), eq(entries.clientKey, req.clientKey)))
        .all();
      if (earlier.length > 0) {
        const first = earlier[0]!;
        return { entries: earlier, batchId: first.batchId, weekStart: first.weekStart, weekTotal: readWeekTotal(tx, req.userId, first.weekStart), duplicate: true };
      }
    }
    const byKey = new Map(req.catalogue.map((c) => [c.key, c]));
    const batchId = randomUUID();
    const written: Entry[] = [];
    for (const item of req.items) {
      const activity = byKey.get(item.activityKey);
      if (!activity) throw new Error(`unknown activity ${item.activityKey}`);
      const entry = tx
        .insert(entries)
        .values({
          userId: req.userId,
          activityKey: item.activityKey,
          count: item.count,
          unitPoints: activity.points,
          points: item.count * activity.points,
          amountCents: item.amountCents,
          note: req.note,
          day: req.day,
          weekStart,
          batchId,
          source: req.source,
          clientKey: req.clientKey ?? null,
          loggedAt: req.now.getTime(),
        })
        .returning()
        .get();
      applyToTotals(tx, entry, 1, req.now);
      written.push(entry);
    }
    return { entries: written, batchId, weekStart, weekTotal: readWeekTotal(tx, req.userId, weekStart), duplicate: false };
  });
}

export type UndoTarget = { kind: 'latest'; weekStart: LocalDay } | { kind: 'batch'; batchId: string };

export interface UndoResult {
  /** The entries this call undid (empty when there was nothing to undo). */
  undone: Entry[];
  /** Entries of the target that were undone before. */
  alreadyUndone: Entry[];
  weekTotals: Map<LocalDay, number>;
}

/**
 * Marks entries undone (never deletes them) and takes their points back from the totals.
 * Only the rep's own entries are touched.
 */
export function undoEntries(db: Db, userId: string, target: UndoTarget, now: Date): UndoResult {
  return db.transaction((tx) => {
    const candidates =
      target.kind === 'batch'
        ? tx.select().from(entries).where(and(eq(entries.userId, userId), eq(entries.batchId, target.batchId))).all()
        : tx
            .select()
            .from(entries)
            .where(and(eq(entries.userId, userId), eq(entries.weekStart, target.weekStart), isNull(entries.undoneAt)))
            .orderBy(desc(entries.loggedAt), desc(entries.id))
            .limit(1)
            .all();
    const undone = candidates.filter((e) => e.undoneAt === null);
    const alreadyUndone = candidates.filter((e) => e.undoneAt !== null);
    if (undone.length > 0) {
      tx.update(entries)
        .set({ undoneAt: now.getTime() })
        .where(inArray(entries.id, undone.map((e) => e.id)))
        .run();
      for (const e of undone) applyToTotals(tx, e, -1, now);
    }
    const weekTotals = new Map<LocalDay, number>();
    for (const e of candidates) weekTotals.set(e.weekStart, readWeekTotal(tx, userId, e.weekStart));
    return { undone: undone.map((e) => ({ ...e, undoneAt: now.getTime() })), alreadyUndone, weekTotals };
  });
}

export interface ActivityTotal {
  activityKey: string;
  count: number;
  points: number;
  amountCents: number;
}

export interface WeekSummary {
  weekStart: LocalDay;
  total: number;
  byActivity: ActivityTotal[];
}

/** A rep's week from the running totals: the total and the per-activity breakdown. */
export function weekSummary(db: Db, userId: string, weekStart: LocalDay): WeekSummary {
  const byActivity = db
    .select({
      activityKey: weeklyActivityTotals.activityKey,
      count: weeklyActivityTotals.count,
      points: weeklyActivityTotals.points,
      amountCents: weeklyActivityTotals.amountCents,
    })
    .from(weeklyActivityTotals)
    .where(and(eq(weeklyActivityTotals.userId, userId), eq(weeklyActivityTotals.weekStart, weekStart)))
    .all()
    .filter((a) => a.count > 0)
    .sort((a, b) => b.points - a.points || a.activityKey.localeCompare(b.activityKey));
  return { weekStart, total: readWeekTotal(db, userId, weekStart), byActivity };
}

/** Points per activity over a span of weeks: the rep's own recent mix. */
export function pointsByActivity(db: Db, userId: string, fromWeek: LocalDay, toWeek: LocalDay): Map<string, number> {
  const rows = db
    .select({ activityKey: weeklyActivityTotals.activityKey, points: sql<number>`sum(${weeklyActivityTotals.points})` })
    .from(weeklyActivityTotals)
    .where(
      and(
        eq(weeklyActivityTotals.userId, userId),
        gte(weeklyActivityTotals.weekStart, fromWeek),
        lte(weeklyActivityTotals.weekStart, toWeek),
      ),
    )
    .groupBy(weeklyActivityTotals.activityKey)
    .all();
  return new Map(rows.filter((r) => r.points > 0).map((r) => [r.activityKey, r.points]));
}

/** Week totals recomputed from the entries themselves, for checking the running totals. */
export function recomputeWeeklyTotals(db: Db): Map<string, number> {
  const rows = db
    .select({ userId: entries.userId, weekStart: entries.weekStart, points: sql<number>`sum(${entries.points})` })
    .from(entries)
    .where(isNull(entries.undoneAt))
    .groupBy(entries.userId, entries.weekStart)
    .all();
  return new Map(rows.map((r) => [`${r.userId}/${r.weekStart}`, r.points]));
}
