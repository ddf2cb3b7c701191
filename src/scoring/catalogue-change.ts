/**
 * Changes to a role's catalogue, from a week on: checked and previewed first (what the change
 * would have done to this week and last week), saved only when the admin applies it.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { entries, users } from '../db/schema.js';
import { quote } from '../mrkdwn.js';
import {
  activityInForce,
  catalogueFor,
  changeApplied,
  hasOwnCatalogue,
  saveCatalogueRow,
  summaryGroupsOf,
  type CatalogueRow,
} from './catalogue.js';
import { matcherFor } from './parse/matcher.js';
import { canonicalWords } from './parse/vocabulary.js';
import { addDays, dayMonth, type LocalDay } from './week.js';

/** What an admin changes about one activity of a role's catalogue. */
export type CatalogueEdit =
  | { kind: 'points'; points: number }
  /** `group`: the key of the team summary's line it counts towards; absent, a line of its own. */
  | { kind: 'add'; name: string; points: number; aliases: string[]; group?: string }
  | { kind: 'rename'; name: string }
  | { kind: 'aliases'; aliases: string[] }
  | { kind: 'retire' };

/** A change as an admin asks for it: the activity by what reps type for it, or (once previewed) by its key. */
export interface CatalogueChangeRequest {
  role: string;
  /** What reps type for the activity ("demo self-led"); absent when adding one. */
  activity?: string;
  key?: string;
  edit: CatalogueEdit;
  /** The Monday of the week it applies from. */
  from: LocalDay;
}

/** A previewed change, as the Apply button carries it: the activity by key, and an id that makes it apply once. */
export interface PendingCatalogueChange {
  id: string;
  role: string;
  key: string;
  edit: CatalogueEdit;
  from: LocalDay;
}

/** What the change would have done to one week's entries had it applied then. */
export interface WeekEffect {
  weekStart: LocalDay;
  entries: number;
  /** Points those entries earned, and would have earned with the change. */
  points: number;
  wouldBe: number;
}

export interface CataloguePreview {
  change: PendingCatalogueChange;
  /** The activity's short name before the change (the new one when added). */
  name: string;
  before: CatalogueRow | undefined;
  after: CatalogueRow;
  currentWeek: LocalDay;
  /** This week, then last week. */
  effects: WeekEffect[];
  /** True when the role logged by AE's catalogue until now. */
  newCatalogue: boolean;
}

/** Which part of a change a refusal is about, so a form can put it beside the field. */
export type CatalogueField = 'activity' | 'name' | 'points' | 'aliases' | 'group' | 'from';

export type CatalogueCheck = { ok: true; preview: CataloguePreview } | { ok: false; message: string; field: CatalogueField };

const refuse = (field: CatalogueField, message: string): CatalogueCheck => ({ ok: false, message, field });

/** A plural for a name an admin gave: "referral" → "referrals", "reply" → "replies". */
function plural(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  return /(s|x|ch|sh)$/i.test(name) ? `${name}es` : `${name}s`;
}

/** The key a new activity is registered under: its name, in lower case with underscores. */
const keyFor = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40) || 'activity';

/** The first phrase another activity of the role's catalogue (in force that week) already names, other than `key`, and why. */
function clash(
  db: Db,
  role: string,
  from: LocalDay,
  phrases: string[],
  key: string | undefined,
): { phrase: string; message: string } | undefined {
  if (!hasOwnCatalogue(db, role)) return undefined;
  const catalogue = catalogueFor(db, role, from);
  const m = matcherFor(catalogue);
  for (const phrase of phrases) {
    const other = m.exactMatch(canonicalWords(phrase)).find((k) => k !== key);
    if (other)
      return {
        phrase,
        message: `${quote(phrase)} already names *${m.byKey.get(other)!.shorthand}* in the ${role} catalogue. Pick another.`,
      };
  }
  return undefined;
}

/** The key of the role's activity `phrase` names that week, or `phrase` itself when it is the key of one (retired ones too). */
function findActivity(db: Db, role: string, from: LocalDay, phrase: string): string | undefined {
  if (!hasOwnCatalogue(db, role)) return undefined;
  const exact = matcherFor(catalogueFor(db, role, from)).exactMatch(canonicalWords(phrase));
  if (exact.length === 1) return exact[0];
  return activityInForce(db, role, phrase, from) ? phrase : undefined;
}

/**
 * Checks a change against the role's catalogue in force in its week and works out the
 * activity's new state and what the change would have done to this week and last week. Saves
 * nothing.
 */
export function previewCatalogueChange(db: Db, req: CatalogueChangeRequest, currentWeek: LocalDay, id: string): CatalogueCheck {
  const { role, edit, from } = req;
  if (from < currentWeek)
    return refuse(
      'from',
      `The week of ${dayMonth(from)} is over: past weeks keep the catalogue they were judged by. Name this week or a later one.`,
    );
  const newCatalogue = !hasOwnCatalogue(db, role);
  let key = req.key;
  if (edit.kind !== 'add' && key === undefined) {
    key = findActivity(db, role, from, req.activity ?? '');
    if (key === undefined)
      return refuse(
        'activity',
        `${role} has no activity ${quote(req.activity ?? '')} in the week of ${dayMonth(from)}. \`/points-admin catalogue ${role}\` lists them.`,
      );
  }
  if (edit.kind === 'add') {
    const clashing = clash(db, role, from, [edit.name, ...edit.aliases], undefined);
    if (clashing) return refuse(clashing.phrase === edit.name ? 'name' : 'aliases', clashing.message);
    key ??= keyFor(edit.name);
    const existing = activityInForce(db, role, key, from);
    const groups = summaryGroupsOf(db);
    if (edit.group !== undefined && !groups.some((g) => g.key === edit.group))
      return refuse('group', `The team summary has no line ${quote(edit.group)}. Its lines are ${groups.map((g) => g.key).join(', ')}.`);
    if (existing?.active) return refuse('name', `The ${role} catalogue already has *${existing.shorthand}*.`);
  }
  const found = activityInForce(db, role, key!, from);
  // The row's state without its own id: the change is a new row.
  const before: CatalogueRow | undefined = found && (({ id: _, ...rest }) => ({ ...rest, changeId: id }))(found);
  const base: CatalogueRow = before
    ? before
    : {
        role,
        weekStart: from,
        activityKey: key!,
        label: '',
        shorthand: '',
        points: 0,
        aliases: '[]',
        noun: null,
        nounPlural: null,
        summaryGroup: null,
        controllable: true,
        sortOrder: nextSortOrder(db, role, from),
        active: true,
        changeId: id,
        changedBy: '',
        changedAt: 0,
      };
  const aliases: string[] = JSON.parse(base.aliases) as string[];
  const after: CatalogueRow = { ...base, weekStart: from };
  switch (edit.kind) {
    case 'points':
      if (!before?.active) return refuse('activity', `*${before?.shorthand ?? key}* is retired in the ${role} catalogue then.`);
      if (before.points === edit.points)
        return refuse('points', `*${before.shorthand}* already earns ${edit.points} pts in the ${role} catalogue.`);
      after.points = edit.points;
      break;
    case 'add':
      Object.assign(after, {
        label: edit.name.charAt(0).toUpperCase() + edit.name.slice(1),
        shorthand: edit.name,
        points: edit.points,
        aliases: JSON.stringify([...new Set([...aliases, ...edit.aliases])]),
        noun: before?.noun ?? edit.name,
        nounPlural: before?.nounPlural ?? plural(edit.name),
        summaryGroup: edit.group ?? before?.summaryGroup ?? null,
        active: true,
      });
      break;
    case 'rename': {
      const clashing = clash(db, role, from, [edit.name], key);
      if (clashing) return refuse('name', clashing.message);
      // What reps typed until now still works.
      after.aliases = JSON.stringify([...new Set([...aliases, before!.shorthand])]);
      after.label = edit.name.charAt(0).toUpperCase() + edit.name.slice(1);
      after.shorthand = edit.name;
      break;
    }
    case 'aliases': {
      const clashing = clash(db, role, from, edit.aliases, key);
      if (clashing) return refuse('aliases', clashing.message);
      after.aliases = JSON.stringify([...new Set([...aliases, ...edit.aliases])]);
      break;
    }
    case 'retire':
      if (!before?.active) return refuse('activity', `*${before?.shorthand ?? key}* is already retired in the ${role} catalogue.`);
      after.active = false;
      break;
  }
  const change: PendingCatalogueChange = { id, role, key: key!, edit, from };
  const effects = [currentWeek, addDays(currentWeek, -7)].map((week) => effectOn(db, role, key!, week, after));
  return { ok: true, preview: { change, name: before?.shorthand ?? after.shorthand, before, after, currentWeek, effects, newCatalogue } };
}

function nextSortOrder(db: Db, role: string, from: LocalDay): number {
  const orders = catalogueFor(db, role, from).map((_, i) => i + 1);
  return Math.max(100, ...orders) + 1;
}

/** A week's entries of the activity by reps of the role, and what they would have earned with `after`. */
function effectOn(db: Db, role: string, key: string, weekStart: LocalDay, after: CatalogueRow): WeekEffect {
  const row = db
    .select({
      entries: sql<number>`count(*)`,
      count: sql<number>`coalesce(sum(${entries.count}), 0)`,
      points: sql<number>`coalesce(sum(${entries.points}), 0)`,
    })
    .from(entries)
    .leftJoin(users, eq(users.id, entries.userId))
    .where(
      and(
        eq(entries.weekStart, weekStart),
        eq(entries.activityKey, key),
        isNull(entries.undoneAt),
        sql`coalesce(${users.role}, 'AE') = ${role}`,
      ),
    )
    .get()!;
  return { weekStart, entries: row.entries, points: row.points, wouldBe: after.active ? row.count * after.points : 0 };
}

export type ApplyResult = { kind: 'applied'; preview: CataloguePreview } | { kind: 'already' } | { kind: 'refused'; message: string };

/**
 * Applies a previewed change, checked again against the catalogue as it is now, recorded with
 * who applied it and when. The same change applied twice saves it once.
 */
export function applyCatalogueChange(
  db: Db,
  change: PendingCatalogueChange,
  args: { adminId: string; now: Date; currentWeek: LocalDay },
): ApplyResult {
  if (changeApplied(db, change.id)) return { kind: 'already' };
  const checked = previewCatalogueChange(db, { ...change }, args.currentWeek, change.id);
  if (!checked.ok) return { kind: 'refused', message: checked.message };
  const row = { ...checked.preview.after, changedBy: args.adminId, changedAt: args.now.getTime() };
  return saveCatalogueRow(db, row) ? { kind: 'applied', preview: checked.preview } : { kind: 'already' };
}
