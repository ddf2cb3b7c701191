/**
 * The programme's editing forms read into the same changes as the typed commands: each field
 * through the same reader (admin-parse.ts), each change through the same check and preview
 * (scoring/catalogue-change.ts, scoring/programme-change.ts). What is wrong comes back per field.
 */
import type { Db } from '../db/index.js';
import { catalogueFor } from '../scoring/catalogue.js';
import { previewCatalogueChange, type CatalogueEdit, type CataloguePreview } from '../scoring/catalogue-change.js';
import { checkGoalChange, type GoalPreview } from '../scoring/programme-change.js';
import { withStep } from '../scoring/programme.js';
import type { LocalDay } from '../scoring/week.js';
import {
  readActivityName,
  readAliases,
  readEstablished,
  readGoal,
  readPoints,
  readRampWeeks,
  readWeekOf,
  type Read,
} from './admin-parse.js';

/** A form's answer: what it asks for, checked, or a message for each field at fault. */
export type FormCheck<T, F extends string> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

export interface ActivityForm {
  /** The activity's key, as picked from the role's catalogue. */
  activity?: string;
  name?: string;
  points?: string;
  aliases?: string;
  /** A team summary line's key, for a new activity; absent, a line of its own. */
  group?: string;
  retire?: boolean;
  from?: string;
}
export type ActivityField = 'activity' | 'name' | 'points' | 'aliases' | 'group' | 'retire' | 'from';

export interface GoalsForm {
  rampFrom?: string;
  rampTo?: string;
  rampGoal?: string;
  established?: string;
  from?: string;
}
export type GoalsField = 'rampFrom' | 'rampTo' | 'rampGoal' | 'established' | 'from';

const given = (text: string | undefined): text is string => (text ?? '').trim() !== '';

/** Reads a field into `errors` under `field` when it is wrong; its value when it is right. */
function reader<F extends string>(errors: Partial<Record<F, string>>) {
  return <T>(field: F, read: Read<T>): T | undefined => {
    if (read.ok) return read.value;
    errors[field] ??= read.problem;
    return undefined;
  };
}

/** Each change a form asks for, previewed; a refusal lands on its field. */
function previews(
  db: Db,
  args: { role: string; activity?: string; from: LocalDay; currentWeek: LocalDay; newId: () => string },
  edits: CatalogueEdit[],
): FormCheck<CataloguePreview[], ActivityField> {
  const errors: Partial<Record<ActivityField, string>> = {};
  const done: CataloguePreview[] = [];
  for (const edit of edits) {
    const req = { role: args.role, edit, from: args.from, ...(args.activity !== undefined ? { activity: args.activity } : {}) };
    const checked = previewCatalogueChange(db, req, args.currentWeek, args.newId());
    if (checked.ok) done.push(checked.preview);
    else errors[checked.field] ??= checked.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: done };
}

/**
 * The "Edit activity" form: a rename, new points and new aliases are one change each (each
 * previewed with its own Apply, as typed); retiring is a change on its own.
 */
export function checkActivityEdit(
  db: Db,
  form: ActivityForm,
  args: { role: string; currentWeek: LocalDay; newId: () => string },
): FormCheck<CataloguePreview[], ActivityField> {
  const errors: Partial<Record<ActivityField, string>> = {};
  const read = reader(errors);
  const from = read('from', readWeekOf(form.from ?? ''));
  if (!given(form.activity)) errors.activity = 'Pick the activity to change.';
  const edits: CatalogueEdit[] = [];
  const name = given(form.name) ? read('name', readActivityName(form.name)) : undefined;
  if (name !== undefined) edits.push({ kind: 'rename', name: name.toLowerCase() });
  const points = given(form.points) ? read('points', readPoints(form.points)) : undefined;
  if (points !== undefined) edits.push({ kind: 'points', points });
  const aliases = given(form.aliases) ? read('aliases', readAliases(form.aliases)) : undefined;
  if (aliases?.length) edits.push({ kind: 'aliases', aliases });
  const others = given(form.name) || given(form.points) || given(form.aliases);
  if (form.retire && others) errors.retire = 'Retire it on its own: leave the name, points and aliases empty.';
  else if (form.retire) edits.push({ kind: 'retire' });
  else if (!others) errors.name = 'Change at least one thing: a new name, the points, aliases to add, or retire it.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // What reps type for it, as the typed command names it: the same lookup, the same refusals.
  const picked = catalogueFor(db, args.role, from!).find((c) => c.key === form.activity);
  return previews(db, { ...args, activity: picked?.shorthand ?? form.activity!, from: from! }, edits);
}

/** The "Add activity" form: a name, its points, aliases, its team summary line, and the week it is added from. */
export function checkActivityAdd(
  db: Db,
  form: ActivityForm,
  args: { role: string; currentWeek: LocalDay; newId: () => string },
): FormCheck<CataloguePreview[], ActivityField> {
  const errors: Partial<Record<ActivityField, string>> = {};
  const read = reader(errors);
  const from = read('from', readWeekOf(form.from ?? ''));
  const name = read('name', readActivityName(form.name ?? ''));
  const points = read('points', readPoints(form.points));
  const aliases = read('aliases', readAliases(form.aliases));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const group = given(form.group) ? { group: form.group } : {};
  return previews(db, { ...args, from: from! }, [{ kind: 'add', name: name!.toLowerCase(), points: points!, aliases: aliases!, ...group }]);
}

/** The "Edit goals" form: a ramp step (weeks and goal together), the established goal, or both. */
export function checkGoalsForm(db: Db, form: GoalsForm, args: { role: string; currentWeek: LocalDay }): FormCheck<GoalPreview, GoalsField> {
  const errors: Partial<Record<GoalsField, string>> = {};
  const read = reader(errors);
  const from = read('from', readWeekOf(form.from ?? ''));
  const stepGiven = given(form.rampFrom) || given(form.rampTo) || given(form.rampGoal);
  let step: { from: number; to: number; goal: number | null } | undefined;
  if (stepGiven) {
    const first = form.rampFrom ?? '';
    const last = form.rampTo ?? '';
    if (!given(first) || !given(last))
      errors[given(first) ? 'rampTo' : 'rampFrom'] = 'Give the first and last onboarding weeks of the step, like 3 and 13.';
    // Blamed on the first week when it is wrong by itself, else on the last.
    const weeks =
      given(first) && given(last) ? read(readRampWeeks(first, first).ok ? 'rampTo' : 'rampFrom', readRampWeeks(first, last)) : undefined;
    if (!given(form.rampGoal)) errors.rampGoal = 'Give the goal for those weeks: points, or none.';
    const goal = given(form.rampGoal) ? read('rampGoal', readGoal(form.rampGoal)) : undefined;
    if (weeks && goal !== undefined) step = { ...weeks, goal };
  }
  const established = given(form.established) ? read('established', readEstablished(form.established)) : undefined;
  if (!stepGiven && !given(form.established)) errors.rampGoal = 'Set a ramp step, the established goal, or both.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const checked = checkGoalChange(
    db,
    {
      role: args.role,
      from: from!,
      edit: (g) => ({
        ramp: step ? withStep(g.ramp, step.from, step.to, step.goal) : g.ramp,
        established: established !== undefined ? established : g.established,
      }),
    },
    args.currentWeek,
  );
  if (checked.ok) return { ok: true, value: checked.preview };
  return { ok: false, errors: checked.field === 'from' ? { from: checked.message } : { rampGoal: checked.message } };
}
