import type { Db } from '../db/index.js';
import type { Adjustment } from '../db/schema.js';
import { weekAdjustments } from './adjustments.js';
import { findUser } from '../roster/people.js';
import type { CatalogueItem } from './catalogue.js';
import { pointsByActivity, weekSummary, type WeekSummary } from './ledger.js';
import { paceFor, type Pace } from './pace.js';
import { goalStanding, type GoalStanding, type Programme } from './programme.js';
import { addDays, type LocalDay } from './week.js';

/** How many weeks of a rep's own history shape their plan. */
export const MIX_WEEKS = 4;

/**
 * A rep's standing for one week: the running totals, and for the current week (when a goal
 * applies) the pace still needed with a plan drawn from the rep's last weeks.
 */
export function repStanding(
  db: Db,
  args: { userId: string; weekStart: LocalDay; currentWeek: LocalDay; today: LocalDay; goal: number | null; catalogue: CatalogueItem[] },
): { summary: WeekSummary; pace?: Pace } {
  const summary = weekSummary(db, args.userId, args.weekStart);
  if (args.weekStart !== args.currentWeek || args.goal === null) return { summary };
  const recentMix = pointsByActivity(db, args.userId, addDays(args.currentWeek, -7 * MIX_WEEKS), addDays(args.currentWeek, -7));
  const thisWeekMix = new Map(summary.byActivity.map((a) => [a.activityKey, a.points]));
  const pace = paceFor({ total: summary.total, goal: args.goal, today: args.today, recentMix, thisWeekMix, catalogue: args.catalogue });
  return { summary, pace };
}

/** One rep's week as `/points` and the Home tab show it: the goal that applied, totals, admins' adjustments and pace. */
export type RepWeekStanding = GoalStanding & { summary: WeekSummary; adjustments: Adjustment[]; pace?: Pace };

/**
 * One rep's week against the goal that applied to them then (from their start date), with the
 * running totals and, for the current week, the pace. `currentWeek` and `today` are the
 * viewer's, in their zone.
 */
export function repWeekStanding(
  db: Db,
  args: { repId: string; weekStart: LocalDay; currentWeek: LocalDay; today: LocalDay; programme: Programme; catalogue: CatalogueItem[] },
): RepWeekStanding {
  const standing = goalStanding(args.programme, findUser(db, args.repId)?.startDate, args.weekStart);
  const s = repStanding(db, {
    userId: args.repId,
    weekStart: args.weekStart,
    currentWeek: args.currentWeek,
    today: args.today,
    goal: standing.goal,
    catalogue: args.catalogue,
  });
  return { ...s, ...standing, adjustments: weekAdjustments(db, [args.repId], args.weekStart).get(args.repId) ?? [] };
}
