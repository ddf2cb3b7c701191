import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { direct, memo, type Db } from '../db/index.js';
import {
  ADJUSTMENT_KEY,
  dailyActivityTotals,
  entries,
  weeklyActivityTotals,
  weeklyAmountTotals,
  type DealEvent,
  type Entry,
} from '../db/schema.js';
import { accountNames, lastDealBatch, undoDealBatch } from './accounts.js';
import { adjustmentTotals } from './adjustments.js';
import { catalogueByKey, type CatalogueItem } from './catalogue.js';
import type { ParsedItem } from './parse/index.js';
import { addDays, weekStartOf, type LocalDay } from './week.js';

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
  /** The account the line names (scoring/accounts.ts resolves it in the same transaction), if any. */
  accountId?: number | null;
}

export interface RecordResult {
  entries: Entry[];
  batchId: string;
  weekStart: LocalDay;
  weekTotal: number;
  /** True when the same request was recorded before and nothing new was written. */
  duplicate: boolean;
}

const p = <K extends string>(name: K) => sql.placeholder(name);

type NewEntry = Omit<Entry, 'id' | 'undoneAt'>;
type ActivityChange = { userId: string; weekStart: LocalDay; activityKey: string; count: number; points: number; amount: number };
type RepWeek = { userId: string; weekStart: LocalDay };
type DayChange = { userId: string; day: LocalDay; activityKey: string; currency: string; count: number; points: number; amount: number };
type AmountChange = { userId: string; weekStart: LocalDay; activityKey: string; currency: string; amount: number };

/** The ledger's statements, prepared once per database; the three every logged activity runs go straight to SQLite. */
const statements = (db: Db) =>
  memo(db, 'ledger', () => ({
    insertEntry: direct<NewEntry>(
      db,
      db.insert(entries).values({
        userId: p('userId'),
        activityKey: p('activityKey'),
        count: p('count'),
        unitPoints: p('unitPoints'),
        points: p('points'),
        amountCents: p('amountCents'),
        currency: p('currency'),
        note: p('note'),
        day: p('day'),
        weekStart: p('weekStart'),
        batchId: p('batchId'),
        source: p('source'),
        clientKey: p('clientKey'),
        loggedAt: p('loggedAt'),
        accountId: p('accountId'),
      }),
    ),
    addToActivity: direct<ActivityChange>(
      db,
      db
        .insert(weeklyActivityTotals)
        .values({
          userId: p('userId'),
          weekStart: p('weekStart'),
          activityKey: p('activityKey'),
          count: p('count'),
          points: p('points'),
          amountCents: p('amount'),
        })
        .onConflictDoUpdate({
          target: [weeklyActivityTotals.userId, weeklyActivityTotals.weekStart, weeklyActivityTotals.activityKey],
          set: {
            count: sql`${weeklyActivityTotals.count} + ${p('count')}`,
            points: sql`${weeklyActivityTotals.points} + ${p('points')}`,
            amountCents: sql`${weeklyActivityTotals.amountCents} + ${p('amount')}`,
          },
        }),
    ),
    addToAmount: direct<AmountChange>(
      db,
      db
        .insert(weeklyAmountTotals)
        .values({
          userId: p('userId'),
          weekStart: p('weekStart'),
          activityKey: p('activityKey'),
          currency: p('currency'),
          amountCents: p('amount'),
        })
        .onConflictDoUpdate({
          target: [weeklyAmountTotals.userId, weeklyAmountTotals.weekStart, weeklyAmountTotals.activityKey, weeklyAmountTotals.currency],
          set: { amountCents: sql`${weeklyAmountTotals.amountCents} + ${p('amount')}` },
        }),
    ),
    // The KPIs' running counts: the one statement a logged activity adds for them (see the
    // migration 0017 comment), with the amount's currency in the key.
    addToDay: direct<DayChange>(
      db,
      db
        .insert(dailyActivityTotals)
        .values({
          userId: p('userId'),
          day: p('day'),
          activityKey: p('activityKey'),
          currency: p('currency'),
          count: p('count'),
          points: p('points'),
          amountCents: p('amount'),
        })
        .onConflictDoUpdate({
          target: [dailyActivityTotals.userId, dailyActivityTotals.day, dailyActivityTotals.activityKey, dailyActivityTotals.currency],
          set: {
            count: sql`${dailyActivityTotals.count} + ${p('count')}`,
            points: sql`${dailyActivityTotals.points} + ${p('points')}`,
            amountCents: sql`${dailyActivityTotals.amountCents} + ${p('amount')}`,
          },
        }),
    ),
    weekAmounts: db
      .select({ activityKey: weeklyAmountTotals.activityKey, currency: weeklyAmountTotals.currency, cents: weeklyAmountTotals.amountCents })
      .from(weeklyAmountTotals)
      .where(and(eq(weeklyAmountTotals.userId, p('userId')), eq(weeklyAmountTotals.weekStart, p('weekStart'))))
      .prepare(),
    // The week's total is the sum of its activity rows: one short range of the primary key.
    weekTotal: direct<RepWeek>(
      db,
      db
        .select({ points: sql<number>`coalesce(sum(${weeklyActivityTotals.points}), 0)` })
        .from(weeklyActivityTotals)
        .where(and(eq(weeklyActivityTotals.userId, p('userId')), eq(weeklyActivityTotals.weekStart, p('weekStart')))),
    ),
    weekActivities: db
      .select({
        activityKey: weeklyActivityTotals.activityKey,
        count: weeklyActivityTotals.count,
        points: weeklyActivityTotals.points,
        amountCents: weeklyActivityTotals.amountCents,
      })
      .from(weeklyActivityTotals)
      .where(and(eq(weeklyActivityTotals.userId, p('userId')), eq(weeklyActivityTotals.weekStart, p('weekStart'))))
      .prepare(),
    mixSince: db
      .select({ activityKey: weeklyActivityTotals.activityKey, points: sql<number>`sum(${weeklyActivityTotals.points})` })
      .from(weeklyActivityTotals)
      .where(
        and(
          eq(weeklyActivityTotals.userId, p('userId')),
          gte(weeklyActivityTotals.weekStart, p('fromWeek')),
          lte(weeklyActivityTotals.weekStart, p('toWeek')),
        ),
      )
      .groupBy(weeklyActivityTotals.activityKey)
      .prepare(),
    byClientKey: db
      .select()
      .from(entries)
      .where(and(eq(entries.userId, p('userId')), eq(entries.clientKey, p('clientKey'))))
      .prepare(),
    byBatch: db
      .select()
      .from(entries)
      .where(and(eq(entries.userId, p('userId')), eq(entries.batchId, p('batchId'))))
      .orderBy(entries.id)
      .prepare(),
  }));

/**
 * Adds (or with a negative sign, takes back) an entry in the running totals: the week's, its
 * amounts' and the day's KPI counts. Every path that logs or takes back an entry goes through
 * here, so none can miss a table. Run on the transaction's connection (`db`, not a drizzle `tx`:
 * the statements are prepared once per database).
 */
export function applyToTotals(db: Db, entry: Entry, sign: 1 | -1): void {
  const s = statements(db);
  s.addToDay.run({
    userId: entry.userId,
    day: entry.day,
    activityKey: entry.activityKey,
    currency: entry.amountCents === null ? '' : (entry.currency ?? ''),
    count: sign * entry.count,
    points: sign * entry.points,
    amount: sign * (entry.amountCents ?? 0),
  });
  s.addToActivity.run({
    userId: entry.userId,
    weekStart: entry.weekStart,
    activityKey: entry.activityKey,
    count: sign * entry.count,
    points: sign * entry.points,
    amount: sign * (entry.amountCents ?? 0),
  });
  if (entry.amountCents !== null && entry.currency !== null) {
    s.addToAmount.run({
      userId: entry.userId,
      weekStart: entry.weekStart,
      activityKey: entry.activityKey,
      currency: entry.currency,
      amount: sign * entry.amountCents,
    });
  }
}

function readWeekTotal(db: Db, userId: string, weekStart: LocalDay): number {
  return statements(db).weekTotal.value<number>({ userId, weekStart })!;
}

/**
 * Records a rep's activities and updates the running totals in one transaction, with the
 * points each activity is worth now frozen on the entry. A repeated `clientKey` records nothing.
 * Called inside a transaction (a group-commit batch), it is part of that one; otherwise it
 * opens its own.
 */
export function recordEntries(db: Db, req: RecordRequest): RecordResult {
  const weekStart = weekStartOf(req.day);
  const s = statements(db);
  const record = (): RecordResult => {
    if (req.clientKey) {
      const earlier = s.byClientKey.all({ userId: req.userId, clientKey: req.clientKey });
      if (earlier.length > 0) {
        const first = earlier[0]!;
        const batch = earlier.length === 1 ? s.byBatch.all({ userId: req.userId, batchId: first.batchId }) : earlier;
        return {
          entries: batch,
          batchId: first.batchId,
          weekStart: first.weekStart,
          weekTotal: readWeekTotal(db, req.userId, first.weekStart),
          duplicate: true,
        };
      }
    }
    const byKey = catalogueByKey(req.catalogue);
    // Time first, so new batch ids append to their index instead of landing at random pages;
    // then a UUID's first 60 random bits (Node draws them from a buffer; it is the cheapest
    // randomness it has), so two batches in one millisecond practically never share an id.
    const batchId = `${req.now.getTime().toString(36).padStart(9, '0')}-${randomUUID().slice(0, 18)}`;
    const written: Entry[] = [];
    const seen = new Map<string, number>();
    for (const item of req.items) {
      // Deals repeat in one line, each with its own amount; the client key is unique per activity,
      // so a repeat's key is marked with its place (the first keeps the plain key, found on a retry).
      const repeat = seen.get(item.activityKey) ?? 0;
      seen.set(item.activityKey, repeat + 1);
      const activity = byKey.get(item.activityKey);
      if (!activity) throw new Error(`unknown activity ${item.activityKey}`);
      // The row is what was inserted plus its id: reading it back would cost more than the insert.
      const entry: Entry = {
        id: 0,
        userId: req.userId,
        activityKey: item.activityKey,
        count: item.count,
        unitPoints: activity.points,
        points: item.count * activity.points,
        amountCents: item.amountCents,
        currency: item.amountCents === null ? null : item.currency,
        note: req.note,
        day: req.day,
        weekStart,
        batchId,
        source: req.source,
        clientKey: req.clientKey ? (repeat === 0 ? req.clientKey : `${req.clientKey}#${repeat + 1}`) : null,
        loggedAt: req.now.getTime(),
        undoneAt: null,
        accountId: req.accountId ?? null,
      };
      entry.id = Number(s.insertEntry.run(entry).lastInsertRowid);
      applyToTotals(db, entry, 1);
      written.push(entry);
    }
    return {
      entries: written,
      batchId,
      weekStart,
      weekTotal: readWeekTotal(db, req.userId, weekStart),
      duplicate: false,
    };
  };
  // Inside the group commit's transaction already: it rolls back a failing batch. Otherwise
  // better-sqlite3's own transaction, not drizzle's: drizzle builds a query API per transaction,
  // which costs more than the writes. The prepared statements run on the same connection.
  return db.$client.inTransaction ? record() : db.$client.transaction(record)();
}

/**
 * What an undo takes back. `lastLine`: the whole line (one `/log` or one form) the rep logged
 * last and still stands, whatever day it is for, among the weeks from `fromWeek` to `toWeek`.
 * `batch`: the line a confirmation's button names. `entry`: one entry, from `/log history`.
 */
export type UndoTarget =
  { kind: 'lastLine'; fromWeek: LocalDay; toWeek: LocalDay } | { kind: 'batch'; batchId: string } | { kind: 'entry'; entryId: number };

export interface UndoResult {
  /** The entries this call undid (empty when there was nothing to undo). */
  undone: Entry[];
  /** The pipeline amounts and lost deals this call undid (a `/log pipeline` or `/log closed lost` line), with their account's name. */
  dealsUndone: Array<DealEvent & { accountName: string }>;
  /** Entries of the target that were undone before. */
  alreadyUndone: Entry[];
  alreadyUndoneDeals: Array<DealEvent & { accountName: string }>;
  weekTotals: Map<LocalDay, number>;
}

/** The batch of the rep's latest entry still standing in the weeks from `fromWeek` to `toWeek`, if any. */
function lastLineBatch(db: Db, userId: string, fromWeek: LocalDay, toWeek: LocalDay): { batchId: string; loggedAt: number } | undefined {
  let latest: { id: number; batchId: string; loggedAt: number } | undefined;
  // One short read of the week index per week (a few at most: the weeks a rep may still log
  // for), not a range that would let SQLite walk the whole table backwards by id.
  for (let week = fromWeek; week <= toWeek; week = addDays(week, 7)) {
    const row = db
      .select({ id: entries.id, batchId: entries.batchId, loggedAt: entries.loggedAt })
      .from(entries)
      .where(and(eq(entries.userId, userId), eq(entries.weekStart, week), isNull(entries.undoneAt)))
      // Entries are written in the order they are logged, so the highest id is the latest.
      .orderBy(desc(entries.id))
      .limit(1)
      .get();
    if (row && (!latest || row.id > latest.id)) latest = row;
  }
  return latest;
}

/** The rep's entries a target names, undone ones too. */
function targetEntries(db: Db, userId: string, target: UndoTarget): Entry[] {
  const mine = eq(entries.userId, userId);
  if (target.kind === 'entry')
    return db
      .select()
      .from(entries)
      .where(and(mine, eq(entries.id, target.entryId)))
      .all();
  const batchId = target.kind === 'batch' ? target.batchId : lastLineBatch(db, userId, target.fromWeek, target.toWeek)?.batchId;
  if (batchId === undefined) return [];
  return db
    .select()
    .from(entries)
    .where(and(mine, eq(entries.batchId, batchId)))
    .orderBy(entries.id)
    .all();
}

/**
 * Marks entries undone (never deletes them) and takes their points back from the totals.
 * Only the rep's own entries are touched; undoing twice changes nothing the second time.
 */
export function undoEntries(db: Db, userId: string, target: UndoTarget, now: Date): UndoResult {
  return db.transaction((tx) => {
    // A `/log pipeline` or `/log closed lost` line is no entry: its Undo button, or `/log undo`
    // when it was the rep's latest line, takes back its deal event instead.
    const dealBatch = dealBatchOf(db, userId, target);
    if (dealBatch !== undefined) {
      const deals = undoDealBatch(db, userId, dealBatch, now);
      if (deals.undone.length > 0 || deals.alreadyUndone.length > 0) {
        const names = accountNames(
          db,
          [...deals.undone, ...deals.alreadyUndone].map((e) => e.accountId),
        );
        const named = (e: DealEvent) => ({ ...e, accountName: names.get(e.accountId) ?? '' });
        return {
          undone: [],
          dealsUndone: deals.undone.map(named),
          alreadyUndone: [],
          alreadyUndoneDeals: deals.alreadyUndone.map(named),
          weekTotals: new Map(),
        };
      }
    }
    // Same connection as the transaction, as applyToTotals below: the reads are part of it.
    const candidates = targetEntries(db, userId, target);
    const undone = candidates.filter((e) => e.undoneAt === null);
    const alreadyUndone = candidates.filter((e) => e.undoneAt !== null);
    if (undone.length > 0) {
      tx.update(entries)
        .set({ undoneAt: now.getTime() })
        .where(
          inArray(
            entries.id,
            undone.map((e) => e.id),
          ),
        )
        .run();
    }
    for (const e of undone) applyToTotals(db, e, -1);
    const weekTotals = new Map<LocalDay, number>();
    for (const e of candidates) if (!weekTotals.has(e.weekStart)) weekTotals.set(e.weekStart, readWeekTotal(db, userId, e.weekStart));
    return {
      undone: undone.map((e) => ({ ...e, undoneAt: now.getTime() })),
      dealsUndone: [],
      alreadyUndone,
      alreadyUndoneDeals: [],
      weekTotals,
    };
  });
}

/** The deal-event batch a target names: the button's batch, or the rep's latest line when it was one. */
function dealBatchOf(db: Db, userId: string, target: UndoTarget): string | undefined {
  if (target.kind === 'batch') return target.batchId;
  if (target.kind === 'entry') return undefined;
  const deal = lastDealBatch(db, userId);
  if (!deal) return undefined;
  const entry = lastLineBatch(db, userId, target.fromWeek, target.toWeek);
  return !entry || deal.loggedAt > entry.loggedAt ? deal.batchId : undefined;
}

/**
 * The ids of every entry a rep logged for a week, as `/log history` lists them: the lines newest
 * first (as logged, not by the day they are for), each line's entries in the order the rep wrote
 * them; undone ones left out when `standingOnly`. Numbers only, sorted in SQLite, so a week of tens of thousands of entries
 * costs milliseconds, and only the entries shown are read whole (entriesByIds).
 */
export function weekEntryIds(db: Db, userId: string, weekStart: LocalDay, standingOnly = false): number[] {
  const statements = memo(db, 'weekEntryIds', () => {
    // A line's first id orders it among the others; its own entries follow in order.
    const query = (where: string) =>
      db.$client
        .prepare<[string, LocalDay], number>(
          `SELECT id FROM entries WHERE user_id = ? AND week_start = ? ${where}
            ORDER BY min(id) OVER (PARTITION BY batch_id) DESC, id`,
        )
        .pluck();
    return { all: query(''), standing: query('AND undone_at IS NULL') };
  });
  return (standingOnly ? statements.standing : statements.all).all(userId, weekStart);
}

/** Entries by id, in the order of `ids` (a page of weekEntryIds). */
export function entriesByIds(db: Db, ids: readonly number[]): Entry[] {
  if (ids.length === 0) return [];
  const rows = db
    .select()
    .from(entries)
    .where(inArray(entries.id, [...ids]))
    .all();
  const byId = new Map(rows.map((e) => [e.id, e]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A sum of deal amounts in one currency. */
export interface CurrencyAmount {
  currency: string;
  cents: number;
}

export interface ActivityTotal {
  activityKey: string;
  count: number;
  points: number;
  /** The deal amounts per currency, largest first; never added across currencies. */
  amounts: CurrencyAmount[];
  /** In a team's week: the summary line it counts towards in the rep's role's catalogue of the week. */
  group?: string;
}

export interface WeekSummary {
  weekStart: LocalDay;
  total: number;
  byActivity: ActivityTotal[];
}

/** A rep's week from the running totals: the total and the per-activity breakdown. */
export function weekSummary(db: Db, userId: string, weekStart: LocalDay): WeekSummary {
  const s = statements(db);
  const rows = s.weekActivities.all({ userId, weekStart });
  const amounts = amountsByActivity(s.weekAmounts.all({ userId, weekStart }));
  const byActivity = rows
    .filter((a) => a.count > 0)
    .map((a) => ({ activityKey: a.activityKey, count: a.count, points: a.points, amounts: amounts.get(a.activityKey) ?? [] }))
    .sort((a, b) => b.points - a.points || a.activityKey.localeCompare(b.activityKey));
  return { weekStart, total: rows.reduce((sum, a) => sum + a.points, 0), byActivity };
}

/** Amount rows grouped by activity, each activity's currencies largest first, empty sums left out. */
export function amountsByActivity(rows: Array<{ activityKey: string; currency: string; cents: number }>): Map<string, CurrencyAmount[]> {
  const out = new Map<string, CurrencyAmount[]>();
  for (const r of rows) {
    if (r.cents === 0) continue;
    const list = out.get(r.activityKey) ?? [];
    list.push({ currency: r.currency, cents: r.cents });
    out.set(r.activityKey, list);
  }
  for (const list of out.values()) sortAmounts(list);
  return out;
}

/** Currencies largest sum first, then by code: the order every view lists them in. */
export function sortAmounts(list: CurrencyAmount[]): CurrencyAmount[] {
  return list.sort((a, b) => b.cents - a.cents || a.currency.localeCompare(b.currency));
}

/** Points per activity over a span of weeks: the rep's own recent mix. */
export function pointsByActivity(db: Db, userId: string, fromWeek: LocalDay, toWeek: LocalDay): Map<string, number> {
  const rows = statements(db).mixSince.all({ userId, fromWeek, toWeek });
  // An admin's adjustment is no activity a rep could plan.
  return new Map(rows.filter((r) => r.points > 0 && r.activityKey !== ADJUSTMENT_KEY).map((r) => [r.activityKey, r.points]));
}

/** The running totals of every rep's weeks, keyed `user/week`; a week whose entries were all undone is left out. */
export function runningWeeklyTotals(db: Db): Map<string, number> {
  const rows = db
    .select({
      userId: weeklyActivityTotals.userId,
      weekStart: weeklyActivityTotals.weekStart,
      points: sql<number>`sum(${weeklyActivityTotals.points})`,
    })
    .from(weeklyActivityTotals)
    .groupBy(weeklyActivityTotals.userId, weeklyActivityTotals.weekStart)
    .having(sql`sum(${weeklyActivityTotals.count}) != 0 or sum(${weeklyActivityTotals.points}) != 0`)
    .all();
  return new Map(rows.map((r) => [`${r.userId}/${r.weekStart}`, r.points]));
}

/** Week totals recomputed from the entries themselves and admins' adjustments, for checking the running totals. */
export function recomputeWeeklyTotals(db: Db): Map<string, number> {
  const rows = db
    .select({ userId: entries.userId, weekStart: entries.weekStart, points: sql<number>`sum(${entries.points})` })
    .from(entries)
    .where(isNull(entries.undoneAt))
    .groupBy(entries.userId, entries.weekStart)
    .all();
  const totals = new Map(rows.map((r) => [`${r.userId}/${r.weekStart}`, r.points]));
  for (const [key, points] of adjustmentTotals(db)) {
    // A week whose adjustments cancel out and that has no entries is no week, as in the running totals.
    if (totals.has(key) || points !== 0) totals.set(key, (totals.get(key) ?? 0) + points);
  }
  return totals;
}

/** A day's running KPI counts keyed `user/day/activity/currency` ('' for no amount), as `count/points/cents`. */
export function runningDailyTotals(db: Db): Map<string, string> {
  const rows = db
    .select()
    .from(dailyActivityTotals)
    // A row whose entries were all undone is no activity, as in the recount.
    .where(sql`${dailyActivityTotals.count} != 0 or ${dailyActivityTotals.points} != 0 or ${dailyActivityTotals.amountCents} != 0`)
    .all();
  return new Map(rows.map((r) => [`${r.userId}/${r.day}/${r.activityKey}/${r.currency}`, `${r.count}/${r.points}/${r.amountCents}`]));
}

/** The daily KPI counts recounted from the entries that stand, for checking the running ones. */
export function recountDailyTotals(db: Db): Map<string, string> {
  const currency = sql<string>`coalesce(${entries.currency}, '')`;
  const rows = db
    .select({
      userId: entries.userId,
      day: entries.day,
      activityKey: entries.activityKey,
      currency,
      count: sql<number>`sum(${entries.count})`,
      points: sql<number>`sum(${entries.points})`,
      cents: sql<number>`coalesce(sum(${entries.amountCents}), 0)`,
    })
    .from(entries)
    .where(isNull(entries.undoneAt))
    .groupBy(entries.userId, entries.day, entries.activityKey, currency)
    .all();
  return new Map(rows.map((r) => [`${r.userId}/${r.day}/${r.activityKey}/${r.currency}`, `${r.count}/${r.points}/${r.cents}`]));
}
