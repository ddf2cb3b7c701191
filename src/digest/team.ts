import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { users, weeklyActivityTotals, type Adjustment, type User } from '../db/schema.js';
import { weekAdjustments } from '../scoring/adjustments.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import type { ActivityTotal } from '../scoring/ledger.js';
import { goalStanding, programmeForWeek, type GoalNote } from '../scoring/programme.js';
import { addDays, type LocalDay } from '../scoring/week.js';

/** One rep's week as a manager reads it. */
export interface RepWeek {
  repId: string;
  /** The week these figures are for: the team's, or in a view of "now" the rep's own current week. */
  weekStart: LocalDay;
  managerId: string | null;
  role: User['role'];
  startDate: string | null;
  total: number;
  lastWeekTotal: number;
  /** The goal that applied; null when none did (the rep is not judged). */
  goal: number | null;
  onboardingWeek: number | null;
  /** What a manager should be told about the goal (no start date, a role without goals). */
  notes: GoalNote[];
  /** The week's activities, most points first. */
  byActivity: ActivityTotal[];
  /** Admins' adjustments of the week (counted in `total`), oldest first. */
  adjustments: Adjustment[];
}

/** What the whole team did in the week, by the catalogue's summary lines. */
export interface TeamTotals {
  points: number;
  /** Reps judged against the goal this week, and how many reached it. */
  judged: number;
  atGoal: number;
  /** Count per summary line (its group key: call, email, conversation, …), and the closed-won amount. */
  counts: Record<string, number>;
  closedWonCents: number;
}

export interface TeamWeek {
  managerId: string | null;
  weekStart: LocalDay;
  reps: RepWeek[];
  totals: TeamTotals;
}

/**
 * Reps furthest behind the goal first (the ones a manager should look at); reps the goal does
 * not judge this week come after, most points first.
 */
export function orderForReview(a: RepWeek, b: RepWeek): number {
  if ((a.goal === null) !== (b.goal === null)) return a.goal === null ? 1 : -1;
  if (a.goal !== null && b.goal !== null) {
    const gap = a.total - a.goal - (b.total - b.goal);
    if (gap !== 0) return gap;
  }
  return b.total - a.total || a.repId.localeCompare(b.repId);
}

/**
 * Every roster team's week, read in bulk from the running totals (no entry is summed), keyed by
 * manager, each rep judged by the programme of their week. `managerIds` narrows it; `null` as a
 * key holds reps without a manager. `repWeek` gives each rep a week of their own (their current
 * week, in a view of "now"); without it every rep's week is `weekStart`.
 */
export function loadTeams(
  db: Db,
  args: { weekStart: LocalDay; catalogue: CatalogueItem[]; managerIds?: string[]; repWeek?: (rep: User) => LocalDay },
): Map<string | null, TeamWeek> {
  const rosterFilter = args.managerIds
    ? and(eq(users.onRoster, true), isNotNull(users.managerId), inArray(users.managerId, args.managerIds))
    : eq(users.onRoster, true);
  const reps = db.select().from(users).where(rosterFilter).all();
  const teams = new Map<string | null, TeamWeek>();
  if (reps.length === 0) return teams;
  const weekOf = new Map(reps.map((r) => [r.id, args.repWeek?.(r) ?? args.weekStart]));
  const weeks = [...new Set(weekOf.values())];
  const repIds = reps.map((r) => r.id);
  const totals = new Map<string, number>();
  const lastTotals = new Map<string, number>();
  const activity = new Map<string, ActivityTotal[]>();
  // SQLite caps bound parameters; read in slices.
  for (let i = 0; i < repIds.length; i += 500) {
    const slice = repIds.slice(i, i + 500);
    for (const row of db
      .select()
      .from(weeklyActivityTotals)
      .where(
        and(
          inArray(weeklyActivityTotals.userId, slice),
          inArray(weeklyActivityTotals.weekStart, [...weeks, ...weeks.map((w) => addDays(w, -7))]),
        ),
      )
      .all()) {
      // A week's total is the sum of its activity rows.
      const own = weekOf.get(row.userId)!;
      const thisWeek = row.weekStart === own;
      if (!thisWeek && row.weekStart !== addDays(own, -7)) continue;
      const sums = thisWeek ? totals : lastTotals;
      sums.set(row.userId, (sums.get(row.userId) ?? 0) + row.points);
      if (!thisWeek || row.count <= 0) continue;
      const list = activity.get(row.userId) ?? [];
      list.push({ activityKey: row.activityKey, count: row.count, points: row.points, amountCents: row.amountCents });
      activity.set(row.userId, list);
    }
  }
  const adjusted = weekAdjustments(db, repIds, args.weekStart);
  const summaryGroup = new Map(args.catalogue.map((c) => [c.key, c.summaryGroup.key]));
  for (const rep of reps) {
    const week = weekOf.get(rep.id)!;
    const standing = goalStanding(programmeForWeek(db, week), rep, week);
    const byActivity = (activity.get(rep.id) ?? []).sort((a, b) => b.points - a.points || a.activityKey.localeCompare(b.activityKey));
    const row: RepWeek = {
      repId: rep.id,
      weekStart: week,
      managerId: rep.managerId,
      role: rep.role,
      startDate: rep.startDate,
      total: totals.get(rep.id) ?? 0,
      lastWeekTotal: lastTotals.get(rep.id) ?? 0,
      goal: standing.goal,
      onboardingWeek: standing.onboardingWeek,
      notes: standing.notes,
      byActivity,
      adjustments: adjusted.get(rep.id) ?? [],
    };
    let team = teams.get(rep.managerId);
    if (!team) {
      team = {
        managerId: rep.managerId,
        weekStart: args.weekStart,
        reps: [],
        totals: { points: 0, judged: 0, atGoal: 0, counts: {}, closedWonCents: 0 },
      };
      teams.set(rep.managerId, team);
    }
    team.reps.push(row);
    const t = team.totals;
    t.points += row.total;
    if (row.goal !== null) {
      t.judged += 1;
      if (row.total >= row.goal) t.atGoal += 1;
    }
    for (const a of byActivity) {
      // An activity no longer in the catalogue counts in no summary line.
      const group = summaryGroup.get(a.activityKey);
      if (group !== undefined) t.counts[group] = (t.counts[group] ?? 0) + a.count;
      t.closedWonCents += a.amountCents;
    }
  }
  for (const team of teams.values()) team.reps.sort(orderForReview);
  return teams;
}

/** Everyone's teams merged into one view (for an admin who manages no one). */
export function mergeTeams(teams: Iterable<TeamWeek>, weekStart: LocalDay): TeamWeek {
  const merged: TeamWeek = {
    managerId: null,
    weekStart,
    reps: [],
    totals: { points: 0, judged: 0, atGoal: 0, counts: {}, closedWonCents: 0 },
  };
  for (const t of teams) {
    merged.reps.push(...t.reps);
    merged.totals.points += t.totals.points;
    merged.totals.judged += t.totals.judged;
    merged.totals.atGoal += t.totals.atGoal;
    merged.totals.closedWonCents += t.totals.closedWonCents;
    for (const [k, v] of Object.entries(t.totals.counts)) merged.totals.counts[k] = (merged.totals.counts[k] ?? 0) + v;
  }
  merged.reps.sort(orderForReview);
  return merged;
}

/**
 * The week of one manager's team, or without a manager of everyone on the roster, for
 * `/points team` at any time.
 */
export function teamWeek(
  db: Db,
  args: { weekStart: LocalDay; managerId?: string; catalogue: CatalogueItem[]; repWeek?: (rep: User) => LocalDay },
): TeamWeek {
  const teams = loadTeams(db, {
    weekStart: args.weekStart,
    catalogue: args.catalogue,
    repWeek: args.repWeek,
    managerIds: args.managerId ? [args.managerId] : undefined,
  });
  const team = args.managerId ? teams.get(args.managerId) : mergeTeams(teams.values(), args.weekStart);
  return team ?? mergeTeams([], args.weekStart);
}
