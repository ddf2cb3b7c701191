import type { Db } from '../db/index.js';
import { loadTeams, type RepWeek } from '../digest/team.js';
import { loadCatalogue } from './catalogue.js';
import { changeWeekRules, laterChanges, programmeForWeek, type Programme, type WeekRules } from './programme.js';
import type { LocalDay } from './week.js';

/** How one rep is judged in a week: against which goal (null: not judged), and whether they reached it. */
export interface Judgement {
  goal: number | null;
  onboardingWeek: number | null;
  reached: boolean;
}

/** A rep whose judgement in the current week a settings change alters. */
export interface JudgementChange {
  repId: string;
  total: number;
  before: Judgement;
  after: Judgement;
}

/** What a change of the week-judging settings did, for the admin's confirmation. */
export interface WeekRulesChange {
  from: LocalDay;
  currentWeek: LocalDay;
  /** The programme of the week the change applies from, before and after it. */
  before: Programme;
  after: Programme;
  /** Reps on the roster judged differently in the current week (none when the change starts later). */
  changes: JudgementChange[];
  /** How many reps were judged in the current week and reached the goal, before and after. */
  atGoal: { before: { judged: number; reached: number }; after: { judged: number; reached: number } };
  /** Weeks after `from` with a change of the same settings already planned, which still applies then. */
  later: LocalDay[];
}

function judgements(db: Db, weekStart: LocalDay): Map<string, RepWeek> {
  const teams = loadTeams(db, { weekStart, catalogue: loadCatalogue(db) });
  return new Map([...teams.values()].flatMap((t) => t.reps.map((r): [string, RepWeek] => [r.repId, r])));
}

const judgement = (r: RepWeek): Judgement => ({
  goal: r.goal,
  onboardingWeek: r.onboardingWeek,
  reached: r.goal !== null && r.total >= r.goal,
});

function count(reps: Iterable<RepWeek>) {
  let judged = 0;
  let reached = 0;
  for (const r of reps) {
    if (r.goal === null) continue;
    judged += 1;
    if (r.total >= r.goal) reached += 1;
  }
  return { judged, reached };
}

/**
 * Changes the goal or onboarding window from the week starting `from` (this week or a later
 * one; past weeks keep what judged them) and says whom it judges differently in the current
 * week. Synchronous, so it runs whole in the write queue.
 */
export function changeWeekRulesFrom(db: Db, args: { from: LocalDay; currentWeek: LocalDay; change: Partial<WeekRules> }): WeekRulesChange {
  const before = programmeForWeek(db, args.from);
  const was = judgements(db, args.currentWeek);
  changeWeekRules(db, args.from, args.change);
  const now = judgements(db, args.currentWeek);
  const changes: JudgementChange[] = [];
  for (const [repId, rep] of now) {
    const old = was.get(repId);
    if (!old) continue;
    const b = judgement(old);
    const a = judgement(rep);
    if (b.goal !== a.goal && (b.goal === null || a.goal === null || b.reached !== a.reached))
      changes.push({ repId, total: rep.total, before: b, after: a });
  }
  return {
    from: args.from,
    currentWeek: args.currentWeek,
    before,
    after: programmeForWeek(db, args.from),
    changes: changes.sort((x, y) => y.total - x.total || x.repId.localeCompare(y.repId)),
    atGoal: { before: count(was.values()), after: count(now.values()) },
    later: laterChanges(db, args.from, Object.keys(args.change) as Array<keyof WeekRules>),
  };
}
