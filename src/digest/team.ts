import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { users, weeklyActivityTotals, weeklyAmountTotals, type User } from '../db/schema.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import { amountsByActivity, sortAmounts, type ActivityTotal, type CurrencyAmount } from '../scoring/ledger.js';
import { goalStanding, type Programme } from '../scoring/programme.js';
import { addDays, type LocalDay } from '../scoring/week.js';

/** One rep's week as a manager reads it. */
export interface RepWeek {
  repId: string;
  managerId: string | null;
  role: User['role'];
  startDate: string | null;
  total: number;
  lastWeekTotal: number;
  /** The goal that applied; null outside the onboarding window (the rep is not judged). */
  goal: number | null;
  onboardingWeek: number | null;
  /** The week's activities, most points first. */
  byActivity: ActivityTotal[];
}

/** What the whole team did in the week, by the catalogue's summary lines. */
export interface TeamTotals {
  points: number;
  /** Reps judged against the goal this week, and how many reached it. */
  judged: number;
  atGoal: number;
  /** Count per summary line (its group key: call, email, conversation, …), and the closed-won amounts per currency. */
  counts: Record<string, number>;
  closedWon: CurrencyAmount[];
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
 * manager. `managerIds` narrows it; `null` as a key holds reps without a manager.
 */
export function loadTeams(
  db: Db,
  args: { weekStart: LocalDay; programme: Programme; catalogue: CatalogueItem[]; managerIds?: string[] },
): Map<string | null, TeamWeek> {
  const rosterFilter = args.managerIds
    ? and(eq(users.onRoster, true), isNotNull(users.managerId), inArray(users.managerId, args.managerIds))
    : eq(users.onRoster, true);
  const reps = db.select().from(users).where(rosterFilter).all();
  const teams = new Map<string | null, TeamWeek>();
  if (reps.length === 0) return teams;
  const repIds = reps.map((r) => r.id);
  const lastWeek = addDays(args.weekStart, -7);
  const totals = new Map<string, number>();
  const lastTotals = new Map<string, number>();
  const activity = new Map<string, ActivityTotal[]>();
  const amounts = new Map<string, Map<string, CurrencyAmount[]>>();
  // SQLite caps bound parameters; read in slices.
  for (let i = 0; i < repIds.length; i += 500) {
    const slice = repIds.slice(i, i + 500);
    for (const row of db
      .select()
      .from(weeklyActivityTotals)
      .where(and(inArray(weeklyActivityTotals.userId, slice), inArray(weeklyActivityTotals.weekStart, [args.weekStart, lastWeek])))
      .all()) {
      // A week's total is the sum of its activity rows.
      const sums = row.weekStart === args.weekStart ? totals : lastTotals;
      sums.set(row.userId, (sums.get(row.userId) ?? 0) + row.points);
      if (row.weekStart !== args.weekStart || row.count <= 0) continue;
      const list = activity.get(row.userId) ?? [];
      list.push({ activityKey: row.activityKey, count: row.count, points: row.points, amounts: [] });
      activity.set(row.userId, list);
    }
    const amountRows = db
      .select()
      .from(weeklyAmountTotals)
      .where(and(inArray(weeklyAmountTotals.userId, slice), eq(weeklyAmountTotals.weekStart, args.weekStart)))
      .all();
    const byRep = new Map<string, Array<{ activityKey: string; currency: string; cents: number }>>();
    for (const r of amountRows) {
      const list = byRep.get(r.userId) ?? [];
      list.push({ activityKey: r.activityKey, currency: r.currency, cents: r.amountCents });
      byRep.set(r.userId, list);
    }
    for (const [id, rows] of byRep) amounts.set(id, amountsByActivity(rows));
  }
  const summaryGroup = new Map(args.catalogue.map((c) => [c.key, c.summaryGroup.key]));
  for (const rep of reps) {
    const standing = goalStanding(args.programme, rep.startDate, args.weekStart);
    const repAmounts = amounts.get(rep.id);
    for (const a of activity.get(rep.id) ?? []) a.amounts = repAmounts?.get(a.activityKey) ?? [];
    const byActivity = (activity.get(rep.id) ?? []).sort((a, b) => b.points - a.points || a.activityKey.localeCompare(b.activityKey));
    const week: RepWeek = {
      repId: rep.id,
      managerId: rep.managerId,
      role: rep.role,
      startDate: rep.startDate,
      total: totals.get(rep.id) ?? 0,
      lastWeekTotal: lastTotals.get(rep.id) ?? 0,
      ...standing,
      byActivity,
    };
    let team = teams.get(rep.managerId);
    if (!team) {
      team = {
        managerId: rep.managerId,
        weekStart: args.weekStart,
        reps: [],
        totals: { points: 0, judged: 0, atGoal: 0, counts: {}, closedWon: [] },
      };
      teams.set(rep.managerId, team);
    }
    team.reps.push(week);
    const t = team.totals;
    t.points += week.total;
    if (week.goal !== null) {
      t.judged += 1;
      if (week.total >= week.goal) t.atGoal += 1;
    }
    for (const a of byActivity) {
      // An activity no longer in the catalogue counts in no summary line.
      const group = summaryGroup.get(a.activityKey);
      if (group !== undefined) t.counts[group] = (t.counts[group] ?? 0) + a.count;
      t.closedWon = addAmounts(t.closedWon, a.amounts);
    }
  }
  for (const team of teams.values()) team.reps.sort(orderForReview);
  return teams;
}

/** Two lists of amounts added up currency by currency, never across currencies. */
function addAmounts(a: CurrencyAmount[], b: CurrencyAmount[]): CurrencyAmount[] {
  if (b.length === 0) return a;
  const sums = new Map(a.map((x) => [x.currency, x.cents]));
  for (const x of b) sums.set(x.currency, (sums.get(x.currency) ?? 0) + x.cents);
  return sortAmounts([...sums].map(([currency, cents]) => ({ currency, cents })));
}

/** Everyone's teams merged into one view (for an admin who manages no one). */
export function mergeTeams(teams: Iterable<TeamWeek>, weekStart: LocalDay): TeamWeek {
  const merged: TeamWeek = {
    managerId: null,
    weekStart,
    reps: [],
    totals: { points: 0, judged: 0, atGoal: 0, counts: {}, closedWon: [] },
  };
  for (const t of teams) {
    merged.reps.push(...t.reps);
    merged.totals.points += t.totals.points;
    merged.totals.judged += t.totals.judged;
    merged.totals.atGoal += t.totals.atGoal;
    merged.totals.closedWon = addAmounts(merged.totals.closedWon, t.totals.closedWon);
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
  args: { weekStart: LocalDay; managerId?: string; programme: Programme; catalogue: CatalogueItem[] },
): TeamWeek {
  const teams = loadTeams(db, {
    weekStart: args.weekStart,
    programme: args.programme,
    catalogue: args.catalogue,
    managerIds: args.managerId ? [args.managerId] : undefined,
  });
  const team = args.managerId ? teams.get(args.managerId) : mergeTeams(teams.values(), args.weekStart);
  return team ?? mergeTeams([], args.weekStart);
}
