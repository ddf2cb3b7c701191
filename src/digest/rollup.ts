import type { Db } from '../db/index.js';
import { isDirector, reportingTree, rollupOptedIn, teamsBelow, type ReportingTree } from '../roster/hierarchy.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import { repKpisPaced, teamKpis, type KpiPeriods, type Kpis } from '../scoring/kpis.js';
import type { LocalDay } from '../scoring/week.js';
import { loadTeams, type RosterRep, type TeamWeek } from './team.js';

/** One team below a director as their roll-up shows it. `level` 0: the director's own reps; 1: a manager reporting to them; … */
export interface RollupRow {
  managerId: string;
  level: number;
  reps: number;
  points: number;
  /** Reps judged against the goal this week, and how many reached it. */
  judged: number;
  atGoal: number;
}

/** A director's week: each team below them, and all of them added up. */
export interface RollupWeek {
  directorId: string;
  weekStart: LocalDay;
  rows: RollupRow[];
  total: Omit<RollupRow, 'managerId' | 'level'>;
  /** Whether the week is still open for the reader (nobody at goal is "yet"). */
  open?: boolean;
}

/**
 * A director's roll-up from teams already read (the digest job reads every team of a week once):
 * one row per team at or below them, in the order teamsBelow gives, and the total.
 */
export function rollupOf(
  tree: ReportingTree,
  directorId: string,
  teams: ReadonlyMap<string | null, TeamWeek>,
  weekStart: LocalDay,
): RollupWeek {
  const rows = teamsBelow(tree, directorId).map(({ managerId, level }) => {
    const t = teams.get(managerId);
    return {
      managerId,
      level,
      reps: t?.reps.length ?? 0,
      points: t?.totals.points ?? 0,
      judged: t?.totals.judged ?? 0,
      atGoal: t?.totals.atGoal ?? 0,
    };
  });
  const total = { reps: 0, points: 0, judged: 0, atGoal: 0 };
  for (const r of rows) {
    total.reps += r.reps;
    total.points += r.points;
    total.judged += r.judged;
    total.atGoal += r.atGoal;
  }
  return { directorId, weekStart, rows, total };
}

/** `/points team` for a director: every team below them, read in bulk for this week only. */
export function rollupWeek(
  db: Db,
  args: { directorId: string; weekStart: LocalDay; currentWeek: LocalDay; repWeek?: (rep: RosterRep) => LocalDay; now: Date },
): RollupWeek {
  const tree = reportingTree(db);
  const managerIds = teamsBelow(tree, args.directorId).map((t) => t.managerId);
  const open = args.weekStart === args.currentWeek;
  const teams = loadTeams(db, {
    weekStart: args.weekStart,
    managerIds,
    ...(args.repWeek ? { repWeek: args.repWeek } : {}),
    ...(open ? { now: args.now } : {}),
  });
  return { ...rollupOf(tree, args.directorId, teams, args.weekStart), open };
}

/** One team's KPIs in a director's roll-up. */
export interface RollupKpiRow {
  managerId: string;
  level: number;
  reps: number;
  kpis: Kpis;
}

/** `/points team kpis` for a director: each team's KPIs and every rep below them added up. */
export async function rollupKpiReport(
  db: Db,
  args: { directorId: string; periods: KpiPeriods; catalogue: readonly CatalogueItem[] },
): Promise<{ rows: RollupKpiRow[]; total: Kpis; reps: number }> {
  const below = teamsBelow(reportingTree(db), args.directorId);
  const all = await repKpisPaced(
    db,
    below.flatMap((t) => t.repIds),
    args.periods,
    args.catalogue,
  );
  const byRep = new Map(all.map((k) => [k.repId, k]));
  const rows = below.map((t) => ({
    managerId: t.managerId,
    level: t.level,
    reps: t.repIds.length,
    kpis: teamKpis(
      t.repIds.map((id) => byRep.get(id)!),
      args.catalogue,
    ),
  }));
  return { rows, total: teamKpis(all, args.catalogue), reps: all.length };
}

/** The directors owed a roll-up digest: opted in and, now, a director; `only` narrows it to those users. */
export function rollupRecipients(db: Db, only?: readonly string[]): string[] {
  const opted = rollupOptedIn(db).filter((id) => !only || only.includes(id));
  if (opted.length === 0) return [];
  const tree = reportingTree(db);
  return opted.filter((id) => isDirector(tree, id));
}
