import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { idSlices, idsIn, jsonRows, memo, rowsOfReps, selectList, type Db } from '../db/index.js';
import { entries, type Adjustment, type User } from '../db/schema.js';
import { weekAdjustments } from '../scoring/adjustments.js';
import { catalogueByKey, catalogueWithRetired, weekCatalogue } from '../scoring/catalogue.js';
import {
  STALL_OUTRANKS,
  behindReason,
  kpiPeriods,
  repKpis,
  stalledDiscoveries,
  teamKpis,
  type BehindReason,
  type Kpis,
  type RepKpis,
  type StalledDiscoveries,
} from '../scoring/kpis.js';
import { teamsFlags, type AnomalyFlag } from './flags.js';
import { amountsByActivity, sortAmounts, type ActivityTotal, type CurrencyAmount } from '../scoring/ledger.js';
import { applyAbsence, daysOffFor, type Absence } from '../scoring/absence.js';
import { goalStanding, programmeForWeek, type GoalNote } from '../scoring/programme.js';
import { addDays, weekLabel, type LocalDay } from '../scoring/week.js';

/** One rep's week as a manager reads it. */
export interface RepWeek {
  repId: string;
  /** The week these figures are for: the team's, or in a view of "now" the rep's own current week. */
  weekStart: LocalDay;
  managerId: string | null;
  role: User['role'];
  startDate: string | null;
  /** The rep's Slack zone as last read (null when Slack never gave one); absent where not read. */
  tz?: string | null;
  total: number;
  lastWeekTotal: number;
  /** Last week's total at the same point of the week (what the rep had a week before `now`), when read for an open week. */
  lastWeekSoFar?: number;
  /** When the rep joined this team (epoch ms); null when on it since before that was kept. */
  teamSince?: number | null;
  /** The goal that applied; null when none did (the rep is not judged). */
  goal: number | null;
  onboardingWeek: number | null;
  /** What a manager should be told about the goal (no start date, a role without goals). */
  notes: GoalNote[];
  /** The week's activities, most points first. */
  byActivity: ActivityTotal[];
  /** Admins' adjustments of the week (counted in `total`), oldest first. */
  adjustments: Adjustment[];
  /** The week's working days off, when they prorated the goal (or left the week unjudged). */
  absence?: Absence;
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
  /**
   * Whether the week is still open for whoever reads it: then a rep is compared with last week at
   * the same point of the week, and nobody at goal is "yet".
   */
  open?: boolean;
}

const noTotals = (): TeamTotals => ({ points: 0, judged: 0, atGoal: 0, counts: {}, closedWon: [] });

/** Adds one rep's week to a team's totals, counting activities by their summary lines. */
function addToTotals(t: TeamTotals, week: RepWeek): void {
  t.points += week.total;
  if (week.goal !== null) {
    t.judged += 1;
    if (week.total >= week.goal) t.atGoal += 1;
  }
  for (const a of week.byActivity) {
    // An activity the rep's catalogue never had counts in no summary line.
    const group = a.group;
    if (group !== undefined) t.counts[group] = (t.counts[group] ?? 0) + a.count;
    t.closedWon = addAmounts(t.closedWon, a.amounts);
  }
}

/** Two lists of amounts added up currency by currency, never across currencies. */
function addAmounts(a: CurrencyAmount[], b: CurrencyAmount[]): CurrencyAmount[] {
  if (b.length === 0) return a;
  const sums = new Map(a.map((x) => [x.currency, x.cents]));
  for (const x of b) sums.set(x.currency, (sums.get(x.currency) ?? 0) + x.cents);
  return sortAmounts([...sums].map(([currency, cents]) => ({ currency, cents })));
}

/** A team of some of its reps (those a digest covers), with its totals recounted from them. */
export function teamOf(team: TeamWeek, reps: RepWeek[]): TeamWeek {
  const totals = noTotals();
  for (const r of reps) addToTotals(totals, r);
  return { ...team, reps: [...reps].sort(orderForReview), totals };
}

/**
 * Each rep's points of a week as they stood at an instant: entries logged by then and not yet
 * undone then. What "this time last week" means for a week still under way.
 */
export function pointsAsOf(db: Db, weekStart: LocalDay, at: number, repIds: readonly string[]): Map<string, number> {
  const query = memo(db, 'pointsAsOf', () => {
    const at = sql.placeholder('at');
    return db
      .select({ userId: entries.userId, points: sql<number>`sum(${entries.points})` })
      .from(entries)
      .where(
        and(
          eq(entries.weekStart, sql.placeholder('weekStart')),
          inArray(entries.userId, idsIn('ids')),
          lte(entries.loggedAt, at),
          or(isNull(entries.undoneAt), gt(entries.undoneAt, at)),
        ),
      )
      .groupBy(entries.userId)
      .prepare();
  });
  const sums = new Map<string, number>();
  for (const ids of idSlices(repIds)) for (const row of query.all({ ids, weekStart, at })) sums.set(row.userId, row.points);
  return sums;
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

/** What loadTeams reads of each rep on the roster. */
export type RosterRep = Pick<User, 'id' | 'managerId' | 'role' | 'startDate' | 'teamSince' | 'tz' | 'region'>;

/**
 * Who loadTeams reads: reps on the roster, of every manager or of some (a JSON array), prepared
 * once. A manager on the roster (one who reports to a director) is a row of the director's
 * roll-up, not a rep. Only what a team's week reads of a rep: a roster of thousands is read whole,
 * and drizzle's row mapping of it cost more than the reading.
 */
function rosterStatements(db: Db) {
  const columns = {
    id: 'id',
    managerId: 'manager_id',
    role: 'role',
    startDate: 'start_date',
    teamSince: 'team_since',
    tz: 'tz',
    region: 'region',
  };
  const roster =
    'FROM users AS u WHERE on_roster = 1 AND NOT EXISTS (SELECT 1 FROM users AS m WHERE m.manager_id = u.id AND m.on_roster = 1)';
  return {
    rosterReps: jsonRows<RosterRep, []>(db, columns, roster),
    teamReps: db.$client.prepare<[string], RosterRep>(
      `SELECT ${selectList(columns)} ${roster} AND manager_id IN (SELECT value FROM json_each(?))`,
    ),
  };
}

type WeekTotalRow = { userId: string; weekStart: LocalDay; activityKey: string; count: number; points: number; anyAmount: number };
type WeekPointsRow = { userId: string; weekStart: LocalDay; points: number };
const WEEK_TOTAL_COLUMNS = {
  userId: 'user_id',
  weekStart: 'week_start',
  activityKey: 'activity_key',
  count: 'count',
  points: 'points',
  anyAmount: 'amount_cents != 0',
};

/**
 * The running totals of a roster's weeks, prepared once: the digest reads every rep's, and
 * drizzle's row mapping cost more than the rows. Reps and weeks go in as JSON arrays.
 */
const statements = (db: Db) =>
  memo(db, 'teamWeeks', () => ({
    ...rosterStatements(db),
    weekTotals: db.$client.prepare<[string, string], WeekTotalRow>(
      `SELECT ${selectList(WEEK_TOTAL_COLUMNS)} FROM weekly_activity_totals
        WHERE user_id IN (SELECT value FROM json_each(?)) AND week_start IN (SELECT value FROM json_each(?))`,
    ),
    everyWeekTotal: jsonRows<WeekTotalRow, [string]>(
      db,
      WEEK_TOTAL_COLUMNS,
      'FROM weekly_activity_totals WHERE week_start IN (SELECT value FROM json_each(?))',
    ),
    /** A week's total per rep, summed in SQLite: the week before is only ever shown as its total. */
    weekPoints: db.$client.prepare<[string, string], WeekPointsRow>(
      `SELECT user_id AS userId, week_start AS weekStart, sum(points) AS points FROM weekly_activity_totals
        WHERE user_id IN (SELECT value FROM json_each(?)) AND week_start IN (SELECT value FROM json_each(?))
        GROUP BY user_id, week_start`,
    ),
    everyWeekPoints: jsonRows<WeekPointsRow, [string]>(
      db,
      { userId: 'user_id', weekStart: 'week_start', points: 'points' },
      `FROM (SELECT user_id, week_start, sum(points) AS points FROM weekly_activity_totals
              WHERE week_start IN (SELECT value FROM json_each(?)) GROUP BY week_start, user_id)`,
    ),
    weekAmounts: db.$client.prepare<
      [string, string],
      { userId: string; weekStart: LocalDay; activityKey: string; currency: string; cents: number }
    >(
      `SELECT user_id AS userId, week_start AS weekStart, activity_key AS activityKey, currency, amount_cents AS cents
         FROM weekly_amount_totals WHERE user_id IN (SELECT value FROM json_each(?)) AND week_start IN (SELECT value FROM json_each(?))`,
    ),
  }));

/**
 * Every roster team's week, read in bulk from the running totals (no entry is summed), keyed by
 * manager, each rep judged by the programme of their week. `managerIds` narrows it; `null` as a
 * key holds reps without a manager. `repWeek` gives each rep a week of their own (their current
 * week, in a view of "now"); without it every rep's week is `weekStart`.
 */
export function loadTeams(
  db: Db,
  args: {
    weekStart: LocalDay;
    managerIds?: string[];
    repWeek?: (rep: RosterRep) => LocalDay;
    /** Given for a week still under way: last week is then also read as it stood a week before. */
    now?: Date;
  },
): Map<string | null, TeamWeek> {
  const read = statements(db);
  const reps: RosterRep[] = args.managerIds
    ? [...idSlices([...new Set(args.managerIds)])].flatMap((managers) => read.teamReps.all(managers))
    : read.rosterReps();
  const teams = new Map<string | null, TeamWeek>();
  if (reps.length === 0) return teams;
  const weekOf = new Map(reps.map((r) => [r.id, args.repWeek?.(r) ?? args.weekStart]));
  const weeks = [...new Set(weekOf.values())];
  const repIds = reps.map((r) => r.id);
  const totals = new Map<string, number>();
  const lastTotals = new Map<string, number>();
  const activity = new Map<string, ActivityTotal[]>();
  const amounts = new Map<string, Map<string, CurrencyAmount[]>>();
  // Each rep's week and the one before (a rep in a zone of their own may be in another week).
  const weekBefore = new Map(weeks.map((w) => [w, addDays(w, -7)]));
  const ownWeeks = JSON.stringify(weeks);
  const weeksBefore = JSON.stringify([...new Set(weekBefore.values())]);
  // The reps whose week holds an amount (every currency's added up in the week's row): only theirs are read per currency.
  const withAmounts = new Set<string>();
  const weekRows = rowsOfReps(
    repIds,
    (ids) => read.weekTotals.all(ids, ownWeeks),
    () => read.everyWeekTotal(ownWeeks),
  );
  for (const row of weekRows) {
    // Only the rep's own week: another rep's week read in the same query is not this one's.
    if (row.weekStart !== weekOf.get(row.userId)) continue;
    if (row.anyAmount) withAmounts.add(row.userId);
    // A week's total is the sum of its activity rows.
    totals.set(row.userId, (totals.get(row.userId) ?? 0) + row.points);
    if (row.count <= 0) continue;
    const list = activity.get(row.userId) ?? [];
    list.push({ activityKey: row.activityKey, count: row.count, points: row.points, amounts: [] });
    activity.set(row.userId, list);
  }
  const lastWeekRows = rowsOfReps(
    repIds,
    (ids) => read.weekPoints.all(ids, weeksBefore),
    () => read.everyWeekPoints(weeksBefore),
  );
  for (const row of lastWeekRows) if (row.weekStart === weekBefore.get(weekOf.get(row.userId)!)) lastTotals.set(row.userId, row.points);
  const byRep = new Map<string, Array<{ activityKey: string; currency: string; cents: number }>>();
  for (const ids of idSlices([...withAmounts]))
    for (const r of read.weekAmounts.all(ids, ownWeeks)) {
      // Only the rep's own week: another rep's week read in the same query is not this one's.
      if (r.weekStart !== weekOf.get(r.userId)) continue;
      const list = byRep.get(r.userId) ?? [];
      list.push({ activityKey: r.activityKey, currency: r.currency, cents: r.cents });
      byRep.set(r.userId, list);
    }
  for (const [id, rows] of byRep) amounts.set(id, amountsByActivity(rows));
  // Adjustments and "this time last week" are read per week: each rep may be in a week of their own.
  const adjusted = new Map<string, Adjustment[]>();
  const soFar = args.now ? new Map<string, number>() : undefined;
  for (const week of weeks) {
    const ids = repIds.filter((id) => weekOf.get(id) === week);
    for (const [id, list] of weekAdjustments(db, ids, week)) adjusted.set(id, list);
    if (soFar)
      for (const [id, points] of pointsAsOf(db, addDays(week, -7), args.now!.getTime() - 7 * 86_400_000, ids)) soFar.set(id, points);
  }
  const goals = new Map(reps.map((r) => [r.id, goalStanding(programmeForWeek(db, weekOf.get(r.id)!), r, weekOf.get(r.id)!)]));
  // Days off only matter to a rep with a goal: one read for the whole roster.
  const judged = reps.filter((r) => goals.get(r.id)!.goal !== null);
  const off = daysOffFor(
    db,
    judged.map((r) => ({ id: r.id, region: r.region, weekStart: weekOf.get(r.id)! })),
  );
  for (const rep of reps) {
    const week = weekOf.get(rep.id)!;
    const standing = applyAbsence(goals.get(rep.id)!, off.get(rep.id) ?? []);
    const repAmounts = amounts.get(rep.id);
    // Each rep's activities count by their own role's catalogue of their week.
    const byKey = catalogueByKey(weekCatalogue(db, week, rep.role));
    for (const a of activity.get(rep.id) ?? []) {
      a.amounts = repAmounts?.get(a.activityKey) ?? [];
      a.group = byKey.get(a.activityKey)?.summaryGroup.key;
    }
    const byActivity = (activity.get(rep.id) ?? []).sort((a, b) => b.points - a.points || a.activityKey.localeCompare(b.activityKey));
    const row: RepWeek = {
      repId: rep.id,
      weekStart: week,
      managerId: rep.managerId,
      role: rep.role,
      startDate: rep.startDate,
      tz: rep.tz,
      total: totals.get(rep.id) ?? 0,
      lastWeekTotal: lastTotals.get(rep.id) ?? 0,
      ...(soFar ? { lastWeekSoFar: soFar.get(rep.id) ?? 0 } : {}),
      teamSince: rep.teamSince,
      ...standing,
      byActivity,
      adjustments: adjusted.get(rep.id) ?? [],
    };
    let team = teams.get(rep.managerId);
    if (!team) {
      team = {
        managerId: rep.managerId,
        weekStart: args.weekStart,
        reps: [],
        totals: noTotals(),
      };
      teams.set(rep.managerId, team);
    }
    team.reps.push(row);
    addToTotals(team.totals, row);
  }
  for (const team of teams.values()) team.reps.sort(orderForReview);
  return teams;
}

/** Everyone's teams merged into one view (for an admin who manages no one). */
export function mergeTeams(teams: Iterable<TeamWeek>, weekStart: LocalDay): TeamWeek {
  const merged: TeamWeek = { managerId: null, weekStart, reps: [], totals: noTotals() };
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
  args: {
    weekStart: LocalDay;
    managerId?: string;
    repWeek?: (rep: RosterRep) => LocalDay;
    /** The viewer's current week: the week shown is open when it is this one. */
    currentWeek: LocalDay;
    now: Date;
  },
): TeamWeek {
  const open = args.weekStart === args.currentWeek;
  const teams = loadTeams(db, {
    weekStart: args.weekStart,
    repWeek: args.repWeek,
    managerIds: args.managerId ? [args.managerId] : undefined,
    now: open ? args.now : undefined,
  });
  const team = (args.managerId ? teams.get(args.managerId) : mergeTeams(teams.values(), args.weekStart)) ?? mergeTeams([], args.weekStart);
  return { ...team, open };
}

/** A digest's KPI figures: the team's week added up, and the reason the numbers give for each rep behind the goal. */
export interface TeamKpiFigures {
  team: Kpis;
  reasons: Map<string, BehindReason>;
  /** Anomaly flags on reps' weeks (any rep, behind or not): what was seen, never a block. */
  flags?: Map<string, AnomalyFlag[]>;
}

/**
 * The KPIs of a digest's team for its week, read from the daily running counts. `lastDay`: the
 * last day that counts (the manager's today in a week still open, the Friday after).
 */
export function teamKpiFigures(db: Db, args: { team: TeamWeek; lastDay: LocalDay; defaultZone?: string }): TeamKpiFigures {
  return teamsKpiFigures(db, { teams: [args.team], lastDay: args.lastDay, defaultZone: args.defaultZone })[0]!;
}

/**
 * teamKpiFigures of several teams of one week at once, in their order (every digest of a run
 * built together): each read covers all their reps, so a whole roster is read as ranges of the
 * week's and the four weeks' days, not rep by rep.
 */
export function teamsKpiFigures(db: Db, args: { teams: readonly TeamWeek[]; lastDay: LocalDay; defaultZone?: string }): TeamKpiFigures[] {
  if (args.teams.length === 0) return [];
  const weekStart = args.teams[0]!.weekStart;
  if (args.teams.some((t) => t.weekStart !== weekStart)) throw new RangeError('teamsKpiFigures takes teams of one week');
  const catalogue = catalogueWithRetired(db);
  const periods = kpiPeriods('week', weekStart, weekLabel(weekStart), args.lastDay);
  const all = repKpis(
    db,
    args.teams.flatMap((t) => t.reps.map((r) => r.repId)),
    periods,
    catalogue,
    // The digest shows the week alone: a month of rows would be read for nothing.
    { weekOnly: true },
  );
  const kpisOf = new Map(all.map((k) => [k.repId, k]));
  const teams = args.teams.map((t) => {
    const reps = t.reps.map((r) => kpisOf.get(r.repId)!);
    return { reps, kpis: teamKpis(reps, catalogue), reasons: new Map<string, BehindReason>(), unexplained: [] as RepKpis[] };
  });
  const reasonOf = (team: (typeof teams)[number], rep: RepKpis, stalled?: StalledDiscoveries) =>
    behindReason({ rep, team: team.kpis, teamSize: team.reps.length, weekStart, lastDay: args.lastDay, stalled });
  // Stalled discoveries (a look across four weeks) are read only for reps no earlier reason explains.
  args.teams.forEach((t, i) => {
    const team = teams[i]!;
    for (const rep of t.reps) {
      if (rep.goal === null || rep.total >= rep.goal) continue;
      const kpis = kpisOf.get(rep.repId)!;
      const reason = reasonOf(team, kpis);
      if (reason && !STALL_OUTRANKS.has(reason.kind)) team.reasons.set(rep.repId, reason);
      else team.unexplained.push(kpis);
    }
  });
  const stalled = stalledDiscoveries(
    db,
    teams.flatMap((t) => t.unexplained.map((r) => r.repId)),
    args.lastDay,
    catalogue,
  );
  for (const team of teams)
    for (const rep of team.unexplained) {
      const reason = reasonOf(team, rep, stalled.get(rep.repId));
      if (reason) team.reasons.set(rep.repId, reason);
    }
  const flags = teamsFlags(db, {
    teams: args.teams.map((t) => t.reps),
    weekStart,
    ...(args.defaultZone ? { defaultZone: args.defaultZone } : {}),
  });
  return teams.map((t, i) => ({ team: t.kpis, reasons: t.reasons, flags: flags[i]! }));
}
