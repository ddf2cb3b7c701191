import { catalogueByKey, type CatalogueItem } from './catalogue.js';
import { workingDaysLeft, type LocalDay } from './week.js';

export interface PlanStep {
  item: CatalogueItem;
  count: number;
}

export interface Pace {
  /** Points still needed to reach the goal (0 once reached). */
  needed: number;
  /** Working days (Mon–Fri) left this week, today included, less the days off. */
  daysLeft: number;
  /** Points needed per remaining working day (0 when none are left or the goal is met). */
  perDay: number;
  /** A day's worth of activities that earns `perDay`, in the rep's own mix. */
  plan: PlanStep[];
  /** Whose mix shaped the plan: the rep's last weeks, this week so far, or a typical one. */
  basis: 'recent' | 'this_week' | 'typical';
}

/** How many activities a day's plan names at most. */
const PLAN_STEPS = 3;

/**
 * A count as a person plans it: the nearest whole number up to 10 ("about 2", not 3 for 2.2),
 * then the nearest 5 up to 50, then the nearest 10. Never 0 for something worth planning.
 */
export function plannedCount(exact: number): number {
  const step = exact < 10 ? 1 : exact < 50 ? 5 : 10;
  return Math.max(1, Math.round(exact / step) * step);
}

/**
 * The pace the rest of the week needs and a day plan for it, scaled from the mix of activities
 * a rep controls that earned their recent points (the top three of them), each count rounded
 * the way a person plans: the plan says "about", so it is not topped up to the exact point.
 */
export function paceFor(args: {
  total: number;
  goal: number;
  today: LocalDay;
  /** Points per activity over the rep's last few weeks. */
  recentMix: Map<string, number>;
  /** Points per activity this week so far, used when there is no recent history. */
  thisWeekMix: Map<string, number>;
  catalogue: CatalogueItem[];
  /** Working days off this week (away, holidays): not counted among the days left. */
  daysOff?: readonly LocalDay[];
}): Pace {
  const needed = Math.max(0, args.goal - args.total);
  const daysLeft = Math.max(0, workingDaysLeft(args.today) - (args.daysOff ?? []).filter((d) => d >= args.today).length);
  const perDay = daysLeft > 0 ? Math.ceil(needed / daysLeft) : 0;
  const byKey = catalogueByKey(args.catalogue);
  // Only what a rep controls is planned: outcomes (a closed deal, a demo someone led) are not a to-do.
  const usable = (mix: Map<string, number>) =>
    [...mix].filter(([key, pts]) => {
      const item = byKey.get(key);
      return pts > 0 && item !== undefined && item.controllable && item.points > 0;
    });
  let basis: Pace['basis'] = 'recent';
  let shares = usable(args.recentMix);
  if (shares.length === 0) {
    basis = 'this_week';
    shares = usable(args.thisWeekMix);
  }
  if (shares.length === 0) {
    basis = 'typical';
    // No history: the catalogue's first controllable activities, in equal shares of points.
    shares = usable(new Map(args.catalogue.filter((c) => c.controllable).map((c) => [c.key, 1]))).slice(0, PLAN_STEPS);
  }
  shares = shares.sort((a, b) => b[1] - a[1]).slice(0, PLAN_STEPS);
  const plan: PlanStep[] = [];
  if (perDay > 0 && shares.length > 0) {
    const weight = shares.reduce((sum, [, pts]) => sum + pts, 0);
    for (const [key, pts] of shares) {
      const item = byKey.get(key)!;
      const exact = (perDay * pts) / weight / item.points;
      // A share worth less than half of one is left out rather than rounded up to a whole one.
      if (exact >= 0.5 || shares.length === 1) plan.push({ item, count: plannedCount(exact) });
    }
  }
  return { needed, daysLeft, perDay, plan, basis };
}
