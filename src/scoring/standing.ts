import type { Db } from '../db/index.js';
import type { Adjustment, User } from '../db/schema.js';
import { weekAdjustments } from './adjustments.js';
import { findUser } from '../roster/people.js';
import { catalogueFor, weekCatalogue, DEFAULT_ROLE, type CatalogueItem } from './catalogue.js';
import { pointsByActivity, weekSummary, type WeekSummary } from './ledger.js';
import { paceFor, type Pace } from './pace.js';
import { applyAbsence, repDaysOff, type AbsentStanding } from './absence.js';
import { goalStanding, programmeForWeek, type Programme } from './programme.js';
import { addDays, localDay, weekStartOf, type LocalDay } from './week.js';

/** How many weeks of a rep's own history shape their plan. */
export const MIX_WEEKS = 4;

/**
 * A rep's standing for one week: the running totals, and for the current week (when a goal
 * applies) the pace still needed with a plan drawn from the rep's last weeks.
 */
export function repStanding(
  db: Db,
  args: {
    userId: string;
    weekStart: LocalDay;
    currentWeek: LocalDay;
    today: LocalDay;
    goal: number | null;
    catalogue: CatalogueItem[];
    /** The week's working days off: the pace spreads what is left over the days present. */
    daysOff?: readonly LocalDay[];
  },
): { summary: WeekSummary; pace?: Pace } {
  const summary = weekSummary(db, args.userId, args.weekStart);
  if (args.weekStart !== args.currentWeek || args.goal === null) return { summary };
  const recentMix = pointsByActivity(db, args.userId, addDays(args.currentWeek, -7 * MIX_WEEKS), addDays(args.currentWeek, -7));
  const thisWeekMix = new Map(summary.byActivity.map((a) => [a.activityKey, a.points]));
  const pace = paceFor({
    total: summary.total,
    goal: args.goal,
    today: args.today,
    recentMix,
    thisWeekMix,
    catalogue: args.catalogue,
    daysOff: args.daysOff,
  });
  return { summary, pace };
}

/**
 * A rep's today and current week, in their own time zone (the default zone when Slack never gave
 * one): the one "now" by which every view tells a rep's current week and onboarding week.
 */
export function repClock(rep: Pick<User, 'tz'> | undefined, now: Date, defaultZone: string): { today: LocalDay; currentWeek: LocalDay } {
  const today = localDay(now, rep?.tz ?? defaultZone);
  return { today, currentWeek: weekStartOf(today) };
}

/**
 * One rep's week as `/points` and the Home tab show it: the programme and goal that applied,
 * totals, admins' adjustments and pace, and the rep's role's catalogue of the week it is shown by.
 */
export type RepWeekStanding = AbsentStanding & {
  summary: WeekSummary;
  adjustments: Adjustment[];
  pace?: Pace;
  programme: Programme;
  catalogue: CatalogueItem[];
};

/**
 * One rep's week against the goal that applied to them then (from their start date, by that
 * week's programme), with the running totals and, for the rep's current week, the pace planned
 * by their own role's catalogue, whoever is looking. `currentWeek` and `today` are the rep's own
 * (repClock).
 */
export function repWeekStanding(
  db: Db,
  args: { repId: string; weekStart: LocalDay; currentWeek: LocalDay; today: LocalDay },
): RepWeekStanding {
  const programme = programmeForWeek(db, args.weekStart);
  const role = findUser(db, args.repId)?.role ?? DEFAULT_ROLE;
  const standing = weekStanding(db, args.repId, args.weekStart, programme);
  const s = repStanding(db, {
    userId: args.repId,
    weekStart: args.weekStart,
    currentWeek: args.currentWeek,
    today: args.today,
    goal: standing.goal,
    catalogue: catalogueFor(db, role, args.weekStart),
    daysOff: standing.absence?.off.map((o) => o.day),
  });
  const adjustments = weekAdjustments(db, [args.repId], args.weekStart).get(args.repId) ?? [];
  return { ...s, ...standing, adjustments, programme, catalogue: weekCatalogue(db, args.weekStart, role) };
}

/**
 * A rep's goal in a week: the programme's for their onboarding week, prorated by their working
 * days off that week (absence.ts). Without a goal the days off are not read.
 */
export function weekStanding(db: Db, repId: string, weekStart: LocalDay, programme = programmeForWeek(db, weekStart)): AbsentStanding {
  const rep = findUser(db, repId);
  const standing = goalStanding(programme, rep, weekStart);
  if (standing.goal === null) return standing;
  return applyAbsence(standing, repDaysOff(db, { id: repId, region: rep?.region ?? null, weekStart }));
}

/** A week's total judged by that week's own goal and onboarding week, as a confirmation shows it. */
export type JudgedWeek = AbsentStanding & { weekStart: LocalDay; total: number };

/**
 * Each week a line touched, with its total, judged by the goal that applied to the rep in that
 * week (not the current one): a backdated entry is shown against its own week's goal.
 */
export function judgeWeeks(db: Db, args: { userId: string; weekTotals: ReadonlyMap<LocalDay, number> }): JudgedWeek[] {
  return [...args.weekTotals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([weekStart, total]) => ({ weekStart, total, ...weekStanding(db, args.userId, weekStart) }));
}
