import { catalogueByKey, type CatalogueItem } from './catalogue.js';
import { workingDaysLeft, type LocalDay } from './week.js';

export interface PlanStep {
  item: CatalogueItem;
  count: number;
}

export interface Pace {
  /** Points still needed to reach the goal (0 once reached). */
  needed: number;
  /** Working days (Mon–Fri) left this week, today included. */
  daysLeft: number;
  /** Points needed per remaining working day (0 when none are left or the goal is met). */
  perDay: number;
  /** A day's worth of activities that earns `perDay`, in the rep's own mix. */
  plan: PlanStep[];
  /** Whose mix shaped the plan: the rep's last weeks, this week so far, or a typical one. */
  basis: 'recent' | 'this_week' | 'typical';
}

/** Points shares used for a rep with no history yet. */
const TYPICAL_MIX: Record<string, number> = { call: 40, email: 20, meeting_booked: 20, demo_self: 20 };

/**
 * The pace the rest of the week needs and a concrete day plan for it, scaled from the mix of
 * activities that earned the rep's recent points (the top three of them).
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
}): Pace {
  const needed = Math.max(0, args.goal - args.total);
  const daysLeft = workingDaysLeft(args.today);
  const perDay = daysLeft > 0 ? Math.ceil(needed / daysLeft) : 0;
  const byKey = catalogueByKey(args.catalogue);
  // Only what a rep can choose to do more of: a plan never asks for a closed deal.
  const usable = (mix: Map<string, number>) =>
    [...mix].filter(([key, pts]) => pts > 0 && (byKey.get(key)?.points ?? 0) > 0 && byKey.get(key)!.controllable);
  let basis: Pace['basis'] = 'recent';
  let shares = usable(args.recentMix);
  if (shares.length === 0) {
    basis = 'this_week';
    shares = usable(args.thisWeekMix);
  }
  if (shares.length === 0) {
    basis = 'typical';
    shares = usable(new Map(Object.entries(TYPICAL_MIX)));
  }
  shares = shares.sort((a, b) => b[1] - a[1]).slice(0, 3);
  const plan: PlanStep[] = [];
  if (perDay > 0 && shares.length > 0) {
    const weight = shares.reduce((sum, [, pts]) => sum + pts, 0);
    for (const [key, pts] of shares) {
      const item = byKey.get(key)!;
      const count = Math.round((perDay * pts) / weight / item.points);
      if (count > 0) plan.push({ item, count });
    }
    // Rounding may fall short: top up with the cheapest step so the plan really earns perDay.
    const earned = plan.reduce((sum, s) => sum + s.count * s.item.points, 0);
    if (earned < perDay) {
      const cheapest = [...shares].map(([key]) => byKey.get(key)!).sort((a, b) => a.points - b.points)[0]!;
      const step = plan.find((s) => s.item.key === cheapest.key);
      const extra = Math.ceil((perDay - earned) / cheapest.points);
      if (step) step.count += extra;
      else plan.push({ item: cheapest, count: extra });
    }
  }
  return { needed, daysLeft, perDay, plan, basis };
}
