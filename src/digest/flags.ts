import { and, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { idSlices, idsIn, jsonRows, memo, rowsOfReps, selectList, type Db } from '../db/index.js';
import { dailyActivityTotals } from '../db/schema.js';
import { findUser } from '../roster/people.js';
import { addDays, localDay, localMoment, type LocalDay } from '../scoring/week.js';

/*
 * Explainable anomaly flags for the Friday digest. A flag never blocks anything and never
 * guesses: each says what was seen, with the figures, and the manager looks at the entries.
 * Every threshold is a named constant here, and README's "Anomaly flags" section lists them.
 */

/** A burst: at least this many activities (counts added up) logged within BURST_WINDOW_MS. */
export const BURST_UNITS = 200;
export const BURST_WINDOW_MS = 60_000;
/** The rep's own norm: their weekly average of an activity over this many weeks before the digest's. */
export const NORM_WEEKS = 8;
/** A norm needs at least this many weeks with anything logged among those NORM_WEEKS. */
export const NORM_MIN_WEEKS = 4;
/** Far outside the norm: at least this many times the rep's weekly average … */
export const NORM_FACTOR = 3;
/** … and at least this many of the activity in the week (a few more demos than usual is no anomaly). */
export const NORM_MIN_COUNT = 30;
/** Many entries backdated: at least this many of the week's entries … */
export const BACKDATED_MIN = 5;
/** … and at least this share of them, logged on a later day than the day they are for. */
export const BACKDATED_SHARE = 0.5;
/** An amount far above the team's largest: at least this many times the largest deal of the NORM_WEEKS weeks before. */
export const AMOUNT_FACTOR = 3;

/** One flag on a rep's week, with the figures it cites. `at`: a moment in the rep's zone. */
export type AnomalyFlag =
  | { kind: 'burst'; units: number; byActivity: Array<{ activityKey: string; count: number }>; at: { day: LocalDay; time: string } }
  | { kind: 'off_norm'; activityKey: string; count: number; average: number; weeks: number }
  | { kind: 'backdated'; backdated: number; of: number }
  | { kind: 'large_amount'; activityKey: string; cents: number; currency: string; day: LocalDay; teamLargestCents: number };

/** An entry of the week as the rules read it; `loggedDay` is the rep's local day it was logged on. */
export interface WeekEntry {
  activityKey: string;
  count: number;
  day: LocalDay;
  loggedAt: number;
  loggedDay: LocalDay;
  amountCents: number | null;
  currency: string | null;
}

/**
 * The largest number of activities logged within BURST_WINDOW_MS, when it reaches BURST_UNITS:
 * the window starting at the entry that opens it (entries sorted by when they were logged).
 */
export function burstIn(list: readonly WeekEntry[]): { units: number; from: number; entries: WeekEntry[] } | undefined {
  const sorted = [...list].sort((a, b) => a.loggedAt - b.loggedAt);
  let best: { units: number; from: number; entries: WeekEntry[] } | undefined;
  let sum = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    sum += sorted[end]!.count;
    while (sorted[end]!.loggedAt - sorted[start]!.loggedAt >= BURST_WINDOW_MS) sum -= sorted[start++]!.count;
    if (sum >= BURST_UNITS && (!best || sum > best.units))
      best = { units: sum, from: sorted[start]!.loggedAt, entries: sorted.slice(start, end + 1) };
  }
  return best;
}

/** Activities whose count this week is far outside the rep's own weekly average of the weeks before. */
export function offNorm(
  week: ReadonlyMap<string, number>,
  before: ReadonlyArray<ReadonlyMap<string, number>>,
): Array<Extract<AnomalyFlag, { kind: 'off_norm' }>> {
  // Weeks with nothing logged (away, not started) say nothing about the rep's norm.
  const active = before.filter((w) => [...w.values()].some((n) => n > 0));
  if (active.length < NORM_MIN_WEEKS) return [];
  const flags: Array<Extract<AnomalyFlag, { kind: 'off_norm' }>> = [];
  for (const [activityKey, count] of week) {
    if (count < NORM_MIN_COUNT) continue;
    const average = active.reduce((n, w) => n + (w.get(activityKey) ?? 0), 0) / active.length;
    if (count >= NORM_FACTOR * average) flags.push({ kind: 'off_norm', activityKey, count, average, weeks: active.length });
  }
  return flags.sort((a, b) => b.count - a.count || a.activityKey.localeCompare(b.activityKey));
}

/** Many of the week's entries logged on a later day than the day they are for. */
export function backdatedIn(list: readonly WeekEntry[]): Extract<AnomalyFlag, { kind: 'backdated' }> | undefined {
  const backdated = list.filter((e) => e.loggedDay > e.day).length;
  return backdated >= BACKDATED_MIN && backdated >= BACKDATED_SHARE * list.length
    ? { kind: 'backdated', backdated, of: list.length }
    : undefined;
}

/** Entries whose amount is far above the team's largest deal in its currency; none without a largest to compare with. */
export function largeAmounts(
  list: readonly WeekEntry[],
  teamLargest: ReadonlyMap<string, number>,
): Array<Extract<AnomalyFlag, { kind: 'large_amount' }>> {
  const flags: Array<Extract<AnomalyFlag, { kind: 'large_amount' }>> = [];
  for (const e of list) {
    if (!e.amountCents || !e.currency) continue;
    const largest = teamLargest.get(e.currency);
    if (largest && e.amountCents >= AMOUNT_FACTOR * largest)
      flags.push({
        kind: 'large_amount',
        activityKey: e.activityKey,
        cents: e.amountCents,
        currency: e.currency,
        day: e.day,
        teamLargestCents: largest,
      });
  }
  return flags.sort((a, b) => b.cents - a.cents);
}

/**
 * The reads a digest makes per rep, prepared once: a digest reads every rep of every team, and
 * drizzle's builder and row mapping cost more than the rows themselves. The week's entries are
 * found by the (week, rep) index, IDS_PER_READ reps a statement, or for a roster's worth of reps
 * as the whole week's range of it (rowsOfReps).
 */
const statements = (db: Db) =>
  memo(db, 'flags', () => {
    type Row = Omit<WeekEntry, 'loggedDay'> & { userId: string };
    const columns = {
      userId: 'user_id',
      activityKey: 'activity_key',
      count: 'count',
      day: 'day',
      loggedAt: 'logged_at',
      amountCents: 'amount_cents',
      currency: 'currency',
    };
    const week = 'FROM entries WHERE week_start = ? AND undone_at IS NULL';
    return {
      week: db.$client.prepare<[LocalDay, string], Row>(
        `SELECT ${selectList(columns)} ${week} AND user_id IN (SELECT value FROM json_each(?))`,
      ),
      wholeWeek: jsonRows<Row, [LocalDay]>(db, columns, week),
      weeksBefore: db.$client.prepare<[string, LocalDay, LocalDay], { weekStart: LocalDay; activityKey: string; count: number }>(
        `SELECT week_start AS weekStart, activity_key AS activityKey, count
         FROM weekly_activity_totals WHERE user_id = ? AND week_start BETWEEN ? AND ?`,
      ),
    };
  });

/** A rep as the flags read them: with their Slack zone when it is known (loadTeams gives it); otherwise their profile is read. */
export type FlaggedRep = { repId: string; tz?: string | null };

/**
 * The flags on each rep's week, by rep (reps without any are left out), for several teams of one
 * week at once, in their order: the week's entries of all their reps are read together. Bounded
 * reads: the week's entries of these reps (by the (week, rep) index), the weekly running totals
 * of the NORM_WEEKS weeks before of a rep whose week holds a count large enough to be off their
 * norm, and, only when a team's week holds an amount, the team's daily amounts of those weeks.
 * `defaultZone`: the zone of a rep Slack never gave one, for "logged on a later day".
 */
export function teamsFlags(
  db: Db,
  args: { teams: ReadonlyArray<readonly FlaggedRep[]>; weekStart: LocalDay; defaultZone?: string },
): Array<Map<string, AnomalyFlag[]>> {
  const { weekStart } = args;
  const reps = args.teams.flat();
  const zoneOf = new Map(reps.map((r) => [r.repId, (r.tz === undefined ? findUser(db, r.repId)?.tz : r.tz) ?? args.defaultZone ?? 'UTC']));
  const read = statements(db);
  const byRep = new Map<string, WeekEntry[]>(reps.map((r) => [r.repId, []]));
  const rows = rowsOfReps(
    [...byRep.keys()],
    (ids) => read.week.all(weekStart, ids),
    () => read.wholeWeek(weekStart),
  );
  for (const r of rows) {
    const { activityKey, count, day, loggedAt, amountCents, currency } = r;
    byRep
      .get(r.userId)!
      .push({ activityKey, count, day, loggedAt, loggedDay: localDay(new Date(loggedAt), zoneOf.get(r.userId)!), amountCents, currency });
  }
  const firstBefore = addDays(weekStart, -7 * NORM_WEEKS);
  const weeksBefore = Array.from({ length: NORM_WEEKS }, (_, i) => addDays(weekStart, -7 * (i + 1)));
  /** The rep's weekly counts of the weeks before, by week then activity. */
  const history = (repId: string) => {
    const weeks = new Map<LocalDay, Map<string, number>>();
    for (const r of read.weeksBefore.all(repId, firstBefore, weeksBefore[0]!)) {
      const week = weeks.get(r.weekStart) ?? new Map<string, number>();
      week.set(r.activityKey, (week.get(r.activityKey) ?? 0) + r.count);
      weeks.set(r.weekStart, week);
    }
    return weeksBefore.map((w) => weeks.get(w) ?? new Map<string, number>());
  };
  return args.teams.map((team) => {
    const flags = new Map<string, AnomalyFlag[]>();
    const repIds = team.map((r) => r.repId);
    const anyAmount = repIds.some((id) => byRep.get(id)!.some((e) => Boolean(e.amountCents)));
    const teamLargest = anyAmount ? largestDeals(db, repIds, firstBefore, addDays(weekStart, -1)) : new Map<string, number>();
    for (const repId of repIds) {
      const list = byRep.get(repId)!;
      const found: AnomalyFlag[] = [];
      const burst = burstIn(list);
      if (burst) {
        const counts = new Map<string, number>();
        for (const e of burst.entries) counts.set(e.activityKey, (counts.get(e.activityKey) ?? 0) + e.count);
        found.push({
          kind: 'burst',
          units: burst.units,
          byActivity: [...counts].map(([activityKey, count]) => ({ activityKey, count })).sort((a, b) => b.count - a.count),
          at: localMoment(new Date(burst.from), zoneOf.get(repId)!),
        });
      }
      const week = new Map<string, number>();
      for (const e of list) week.set(e.activityKey, (week.get(e.activityKey) ?? 0) + e.count);
      // The weeks before are read only when a count is large enough to be off the norm.
      if ([...week.values()].some((n) => n >= NORM_MIN_COUNT)) found.push(...offNorm(week, history(repId)));
      const backdated = backdatedIn(list);
      if (backdated) found.push(backdated);
      for (const flag of largeAmounts(list, teamLargest)) found.push(flag);
      if (found.length > 0) flags.set(repId, found);
    }
    return flags;
  });
}

/**
 * The team's largest deal per currency between two days, from the daily running counts: a day
 * with several deals of one rep counts as their average (the counts keep no single entry).
 */
function largestDeals(db: Db, repIds: readonly string[], from: LocalDay, to: LocalDay): Map<string, number> {
  const query = memo(db, 'largestDeals', () =>
    db
      .select({ currency: dailyActivityTotals.currency, count: dailyActivityTotals.count, cents: dailyActivityTotals.amountCents })
      .from(dailyActivityTotals)
      .where(
        and(
          inArray(dailyActivityTotals.userId, idsIn('ids')),
          gte(dailyActivityTotals.day, sql.placeholder('from')),
          lte(dailyActivityTotals.day, sql.placeholder('to')),
          ne(dailyActivityTotals.currency, ''),
        ),
      )
      .prepare(),
  );
  const largest = new Map<string, number>();
  for (const ids of idSlices(repIds))
    for (const r of query.all({ ids, from, to })) {
      if (r.count <= 0) continue;
      const deal = Math.round(r.cents / r.count);
      if (deal > (largest.get(r.currency) ?? 0)) largest.set(r.currency, deal);
    }
  return largest;
}
