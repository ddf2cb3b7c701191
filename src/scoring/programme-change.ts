import type { Db } from '../db/index.js';
import { loadTeams } from '../digest/team.js';
import {
  changeRoleGoals,
  goalStanding,
  laterChanges,
  MAX_STEPS,
  programmeForWeek,
  sameGoals,
  type ChangedBy,
  type RoleGoals,
} from './programme.js';
import { addDays, dayMonth, weekStartOf, type LocalDay } from './week.js';

/** A change of one role's goals from a week on: the goals it sets, whole (so applying it twice changes nothing more). */
export interface GoalChange {
  role: string;
  /** The Monday of the week it applies from. */
  from: LocalDay;
  goals: RoleGoals;
}

/** How one rep is judged in a week: against which goal (null: not judged), and whether they reached it. */
export interface Judgement {
  goal: number | null;
  onboardingWeek: number | null;
  reached: boolean;
}

/** A rep of the role whom the change would judge differently in a week. */
export interface JudgementChange {
  repId: string;
  total: number;
  before: Judgement;
  after: Judgement;
}

/** What a change would have done to one week: whom it judges differently, and the tally at goal. */
export interface WeekEffect {
  weekStart: LocalDay;
  changes: JudgementChange[];
  /** Reps of the role judged in the week and at goal, as judged and as the change would judge them. */
  atGoal: { before: { judged: number; reached: number }; after: { judged: number; reached: number } };
}

/** What an admin sees before applying a change of a role's goals. */
export interface GoalPreview {
  change: GoalChange;
  /** The role's goals in force from the week the change applies from, without it. */
  before: RoleGoals;
  /** This week and last week, judged as they are and as they would be under the new goals. */
  weeks: WeekEffect[];
  /** Weeks after `from` with a change of the role's goals already planned, which still applies then. */
  later: LocalDay[];
}

const judgement = (goal: number | null, onboardingWeek: number | null, total: number): Judgement => ({
  goal,
  onboardingWeek,
  reached: goal !== null && total >= goal,
});

function tally(judgements: Judgement[]) {
  const judged = judgements.filter((j) => j.goal !== null);
  return { judged: judged.length, reached: judged.filter((j) => j.reached).length };
}

/** Each roster rep of the change's role in a week, as judged and as the new goals would judge them. */
function weekEffect(db: Db, change: GoalChange, weekStart: LocalDay): WeekEffect {
  const programme = programmeForWeek(db, weekStart);
  const changed = { ...programme, goals: new Map(programme.goals).set(change.role, change.goals) };
  const teams = loadTeams(db, { weekStart });
  const reps = [...teams.values()].flatMap((t) => t.reps).filter((r) => r.role === change.role);
  const pairs = reps.map((r) => {
    const after = goalStanding(changed, r, weekStart);
    return { rep: r, before: judgement(r.goal, r.onboardingWeek, r.total), after: judgement(after.goal, after.onboardingWeek, r.total) };
  });
  const changes = pairs
    .filter(({ before: b, after: a }) => b.goal !== a.goal && (b.goal === null || a.goal === null || b.reached !== a.reached))
    .map(({ rep, before, after }) => ({ repId: rep.repId, total: rep.total, before, after }))
    .sort((x, y) => y.total - x.total || x.repId.localeCompare(y.repId));
  return {
    weekStart,
    changes,
    atGoal: { before: tally(pairs.map((p) => p.before)), after: tally(pairs.map((p) => p.after)) },
  };
}

/**
 * What a change of a role's goals would have done to the current week and the one before it
 * (whom it would judge differently), without saving anything.
 */
export function previewGoalChange(db: Db, change: GoalChange, currentWeek: LocalDay): GoalPreview {
  const before = programmeForWeek(db, change.from).goals.get(change.role) ?? { ramp: [], established: null };
  return {
    change,
    before,
    weeks: [weekEffect(db, change, currentWeek), weekEffect(db, change, addDays(currentWeek, -7))],
    later: laterChanges(db, change.from, change.role),
  };
}

/** A goal change checked and previewed, or refused with the part of it at fault (for a form's field). */
export type GoalCheck = { ok: true; preview: GoalPreview } | { ok: false; field: 'from' | 'ramp'; message: string };

/**
 * Checks a change of a known role's goals from a week on (`edit` makes the new goals from the
 * ones in force then) and previews it. Past weeks keep the goals they were judged by.
 */
export function checkGoalChange(
  db: Db,
  req: { role: string; from: LocalDay; edit: (goals: RoleGoals) => RoleGoals },
  currentWeek: LocalDay,
): GoalCheck {
  if (req.from < currentWeek)
    return {
      ok: false,
      field: 'from',
      message: `The week of ${dayMonth(req.from)} is over: past weeks keep the goals they were judged by. Name this week or a later one.`,
    };
  const inForce = programmeForWeek(db, req.from).goals.get(req.role) ?? { ramp: [], established: 'ramp' };
  const change: GoalChange = { role: req.role, from: req.from, goals: req.edit(inForce) };
  if (change.goals.ramp.length > MAX_STEPS)
    return { ok: false, field: 'ramp', message: `A ramp has at most ${MAX_STEPS} steps; set a longer run of weeks at one goal instead.` };
  return { ok: true, preview: previewGoalChange(db, change, currentWeek) };
}

/** Why a change cannot be applied, or that it was (or already had been). */
export type ApplyResult = { kind: 'applied' | 'already' } | { kind: 'past' } | { kind: 'unknown_role' };

/**
 * Applies a previewed change, once: a second click finds the goals already in force from that
 * week and changes nothing. A week that has begun since the preview is refused (past weeks
 * keep what judged them); the current week may still change. Synchronous, for the write queue.
 */
export function applyGoalChange(db: Db, change: GoalChange, currentWeek: LocalDay, who: ChangedBy): ApplyResult {
  if (weekStartOf(change.from) !== change.from || change.from < currentWeek) return { kind: 'past' };
  const inForce = programmeForWeek(db, change.from).goals.get(change.role);
  if (!inForce) return { kind: 'unknown_role' };
  if (sameGoals(inForce, change.goals)) return { kind: 'already' };
  changeRoleGoals(db, change.role, change.from, change.goals, who);
  return { kind: 'applied' };
}
