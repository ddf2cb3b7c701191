/**
 * The charts' data read from the database by the domain's own functions, so a chart shows the
 * numbers `/points` and the digest show: totals from the running totals, each week judged by its
 * own programme, onboarding week and days off.
 */
import type { Db } from '../db/index.js';
import type { TeamWeek } from '../digest/team.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import { CHAIN_STEP_LABELS, CHAIN_STEPS, chainPerWeek } from '../scoring/kpis.js';
import { weekSummary } from '../scoring/ledger.js';
import { weekStanding } from '../scoring/standing.js';
import { addDays, type LocalDay } from '../scoring/week.js';
import type { ConversionChartData, RepTrendData, TeamChartData, TrendWeek } from './charts.js';

/** Weeks in a rep's trend: two months, enough to see a ramp step and a habit. */
export const TREND_WEEKS = 8;
/** Weeks in the team's conversion chain: a month, enough to see a step dry up. */
export const CHAIN_WEEKS = 4;

/**
 * A rep's last `weeks` weeks up to their current week (`currentWeek`, the rep's own: repClock),
 * oldest first: each week's total and the goal in force then, prorated by the week's days off.
 */
export function repTrend(db: Db, repId: string, currentWeek: LocalDay, weeks = TREND_WEEKS): RepTrendData {
  const list: TrendWeek[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    const weekStart = addDays(currentWeek, -7 * i);
    const standing = weekStanding(db, repId, weekStart);
    const absence = standing.absence;
    list.push({
      weekStart,
      total: weekSummary(db, repId, weekStart).total,
      goal: standing.goal,
      // A week off entirely has no goal at all: nothing was prorated.
      ...(absence && !absence.allWeek ? { prorated: { fullGoal: absence.fullGoal, daysOff: absence.off.length } } : {}),
    });
  }
  return { currentWeek, weeks: list };
}

/**
 * A team's week as the team chart draws it, the reps in the team's order (the digest's,
 * orderForReview). `names` gives each rep's display name; a rep without one is shown by Slack ID.
 */
export function teamChartData(team: TeamWeek, names: ReadonlyMap<string, string> = new Map()): TeamChartData {
  return {
    weekStart: team.weekStart,
    reps: team.reps.map((r) => ({ label: names.get(r.repId) ?? r.repId, total: r.total, goal: r.goal })),
  };
}

/**
 * The team's conversion chain for its last `weeks` weeks up to `currentWeek`, oldest first: each
 * step's count per week, added up over `repIds`, from the daily running counts the KPIs read (the
 * weeks' days only, never the entries). Steps as the KPI views name them.
 */
export function teamChain(
  db: Db,
  repIds: readonly string[],
  currentWeek: LocalDay,
  catalogue: readonly CatalogueItem[],
  weeks = CHAIN_WEEKS,
): ConversionChartData {
  const weekStarts = Array.from({ length: weeks }, (_, i) => addDays(currentWeek, -7 * (weeks - 1 - i)));
  const perWeek = chainPerWeek(db, repIds, weekStarts, catalogue);
  return {
    weeks: weekStarts,
    steps: CHAIN_STEPS.map((s) => ({ label: CHAIN_STEP_LABELS[s], counts: perWeek.map((w) => w[s]) })),
  };
}
