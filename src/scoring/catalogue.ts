import { asc, eq } from 'drizzle-orm';
import { cachedSetting, changeCached, type Db } from '../db/index.js';
import { activities, roleActivities, summaryGroups, type Activity, type RoleActivity } from '../db/schema.js';
import type { LocalDay } from './week.js';

/** A line of the team summary ("12 demos"), which activities count towards. */
export interface SummaryGroup {
  key: string;
  /** Null for an activity's own line when it has no noun: its count reads "3 × label". */
  noun: string | null;
  nounPlural: string | null;
  label: string;
  sortOrder: number;
  /** Shown even at zero; other lines only when the team did any. */
  alwaysShown: boolean;
}

/** A catalogue activity as the parser and the views use it. */
export interface CatalogueItem {
  key: string;
  label: string;
  shorthand: string;
  points: number;
  aliases: string[];
  category: string;
  takesAmount: boolean;
  /**
   * Something a rep does by themselves (a call, a meeting they book): the only activities a
   * pace plan suggests, unlike an outcome (a closed deal, a demo someone else led). Per role.
   */
  controllable: boolean;
  /** "self-led demo" / "self-led demos"; without them a count reads "3 × label". */
  noun: string | null;
  nounPlural: string | null;
  /** The team summary line the activity counts towards: its group's, or a line of its own. */
  summaryGroup: SummaryGroup;
}

const lookups = new WeakMap<readonly CatalogueItem[], ReadonlyMap<string, CatalogueItem>>();

/**
 * The catalogue's activities by key. Built once per catalogue (a loaded catalogue is kept
 * until the database changes it), not once per request by every reader.
 */
export function catalogueByKey(catalogue: readonly CatalogueItem[]): ReadonlyMap<string, CatalogueItem> {
  let byKey = lookups.get(catalogue);
  if (!byKey) {
    byKey = new Map(catalogue.map((c) => [c.key, c]));
    lookups.set(catalogue, byKey);
  }
  return byKey;
}

function parseAliases(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}

/** The role whose catalogue a rep without a role, or of a role with no catalogue of its own, logs by. */
export const DEFAULT_ROLE = 'AE';

/** Everything the catalogue tables hold, read once and kept in memory until a write changes them. */
interface CatalogueSnapshot {
  groups: Map<string, SummaryGroup>;
  register: Map<string, Activity>;
  /** Each role's rows by activity, oldest first (by week, then by when they were added). */
  rows: Map<string, Map<string, RoleActivity[]>>;
  /** The catalogues already worked out, by role and week: the /log hot path asks for the same again and again. */
  byRoleWeek: Map<string, CatalogueItem[]>;
  display?: CatalogueItem[];
  /** The catalogues the views name a week's entries by, by role (or every role) and week. */
  shown: Map<string, CatalogueItem[]>;
}

function readSnapshot(db: Db): CatalogueSnapshot {
  const groups = new Map<string, SummaryGroup>(
    db
      .select()
      .from(summaryGroups)
      .all()
      .map((g) => [g.key, { ...g, label: g.noun }]),
  );
  const register = new Map(
    db
      .select()
      .from(activities)
      .all()
      .map((a) => [a.key, a]),
  );
  const rows = new Map<string, Map<string, RoleActivity[]>>();
  for (const row of db.select().from(roleActivities).orderBy(asc(roleActivities.weekStart), asc(roleActivities.id)).all()) {
    const role = rows.get(row.role) ?? new Map<string, RoleActivity[]>();
    rows.set(row.role, role);
    role.set(row.activityKey, [...(role.get(row.activityKey) ?? []), row]);
  }
  return { groups, register, rows, byRoleWeek: new Map(), shown: new Map() };
}

const snapshotOf = (db: Db) => cachedSetting(db, 'catalogue', () => readSnapshot(db));

/** The row of an activity in force in a week: its latest from that week or before. */
function inForce(history: readonly RoleActivity[], weekStart: LocalDay): RoleActivity | undefined {
  let found: RoleActivity | undefined;
  for (const row of history) {
    if (row.weekStart > weekStart) break;
    found = row;
  }
  return found;
}

function itemOf(row: RoleActivity, snapshot: CatalogueSnapshot): CatalogueItem {
  // Nouns come in pairs: one without the other would read "1 webinar" but "3 × Webinar hosted".
  const named = row.noun !== null && row.nounPlural !== null;
  const noun = named ? row.noun : null;
  const nounPlural = named ? row.nounPlural : null;
  const registered = snapshot.register.get(row.activityKey);
  return {
    key: row.activityKey,
    label: row.label,
    shorthand: row.shorthand,
    points: row.points,
    aliases: parseAliases(row.aliases),
    category: registered?.category ?? 'other',
    takesAmount: registered?.takesAmount ?? false,
    controllable: row.controllable,
    noun,
    nounPlural,
    summaryGroup: (row.summaryGroup === null ? undefined : snapshot.groups.get(row.summaryGroup)) ?? {
      // A line of its own, after the shared ones (in catalogue order), keyed apart from any group's key.
      key: `activity:${row.activityKey}`,
      noun,
      nounPlural,
      label: row.label,
      sortOrder: Number.POSITIVE_INFINITY,
      alwaysShown: false,
    },
  };
}

/** The rows of a role's catalogue in force in a week, retired ones included, in display order. */
function rowsInForce(snapshot: CatalogueSnapshot, role: string, weekStart: LocalDay): RoleActivity[] {
  const rows: RoleActivity[] = [];
  for (const history of snapshot.rows.get(role)?.values() ?? []) {
    const row = inForce(history, weekStart);
    if (row) rows.push(row);
  }
  return rows.sort((a, b) => a.sortOrder - b.sortOrder || a.activityKey.localeCompare(b.activityKey));
}

/** The team summary's shared lines an activity may count towards, in their order. */
export function summaryGroupsOf(db: Db): SummaryGroup[] {
  return [...snapshotOf(db).groups.values()].sort((a, b) => a.sortOrder - b.sortOrder || a.key.localeCompare(b.key));
}

/** Whether a role has a catalogue of its own (any activity, from any week). */
export function hasOwnCatalogue(db: Db, role: string): boolean {
  return snapshotOf(db).rows.has(role);
}

/** The roles with a catalogue of their own, AE first. */
export function catalogueRoles(db: Db): string[] {
  return [...snapshotOf(db).rows.keys()].sort((a, b) => Number(b === DEFAULT_ROLE) - Number(a === DEFAULT_ROLE) || a.localeCompare(b));
}

/**
 * The catalogue a rep of `role` logs by in the week starting `weekStart`: the activities in
 * force and not retired that week, in display order. A role with no catalogue of its own logs
 * by AE's. Kept in memory per role and week (the same array each time, so the parser's lookup
 * tables are built once), until the database changes it.
 */
export function catalogueFor(db: Db, role: string, weekStart: LocalDay): CatalogueItem[] {
  const snapshot = snapshotOf(db);
  const own = snapshot.rows.has(role) ? role : DEFAULT_ROLE;
  const id = `${own}|${weekStart}`;
  let catalogue = snapshot.byRoleWeek.get(id);
  if (!catalogue) {
    catalogue = rowsInForce(snapshot, own, weekStart)
      .filter((r) => r.active)
      .map((r) => itemOf(r, snapshot));
    snapshot.byRoleWeek.set(id, catalogue);
  }
  return catalogue;
}

/** The row of one activity of a role in force in a week, retired or not, if the role ever had it. */
export function activityInForce(db: Db, role: string, key: string, weekStart: LocalDay): RoleActivity | undefined {
  return inForce(snapshotOf(db).rows.get(role)?.get(key) ?? [], weekStart);
}

/** Whether a previewed change with this id was applied already. */
export function changeApplied(db: Db, changeId: string): boolean {
  return db.select({ id: roleActivities.id }).from(roleActivities).where(eq(roleActivities.changeId, changeId)).get() !== undefined;
}

/**
 * Every activity any role's catalogue has now, for the views that show several roles' entries
 * together (the digest, a team): AE's version of a shared activity, then the other roles' own.
 */
export function loadCatalogue(db: Db): CatalogueItem[] {
  const snapshot = snapshotOf(db);
  if (!snapshot.display) {
    const seen = new Map<string, CatalogueItem>();
    for (const role of catalogueRoles(db)) {
      for (const row of rowsInForce(snapshot, role, '9999-12-31')) {
        if (row.active && !seen.has(row.activityKey)) seen.set(row.activityKey, itemOf(row, snapshot));
      }
    }
    snapshot.display = [...seen.values()];
  }
  return snapshot.display;
}

/**
 * The catalogue a week's entries are shown by: one role's (or, without a role, every role's,
 * AE's version of a shared activity first) as it stood that week, the activities in force first
 * and then those retired by then, so an entry logged before its activity was retired is still
 * named and counted in its summary line. Kept in memory per role and week.
 */
export function weekCatalogue(db: Db, weekStart: LocalDay, role?: string): CatalogueItem[] {
  const snapshot = snapshotOf(db);
  const roles = role === undefined ? catalogueRoles(db) : [snapshot.rows.has(role) ? role : DEFAULT_ROLE];
  const id = `${role === undefined ? '' : roles[0]}|${weekStart}`;
  let catalogue = snapshot.shown.get(id);
  if (!catalogue) {
    const seen = new Map<string, CatalogueItem>();
    for (const active of [true, false]) {
      for (const r of roles) {
        for (const row of rowsInForce(snapshot, r, weekStart)) {
          if (row.active === active && !seen.has(row.activityKey)) seen.set(row.activityKey, itemOf(row, snapshot));
        }
      }
    }
    catalogue = [...seen.values()];
    snapshot.shown.set(id, catalogue);
  }
  return catalogue;
}

/**
 * Every activity any role's catalogue ever had, retired ones after those in force (kept in
 * memory): for reading counts of past months, when an activity since retired was still logged.
 */
export function catalogueWithRetired(db: Db): CatalogueItem[] {
  // Every role's rows as they stand from now on: the ones in force, then the retired ones.
  return weekCatalogue(db, '9999-12-31');
}

/** An activity's new state in a role's catalogue from a week on, as a previewed change leaves it. */
export type CatalogueRow = Omit<RoleActivity, 'id'> & { changeId: string };

/**
 * Saves an activity's new state in a role's catalogue from its week on, registering a new
 * activity key first. The catalogue's only write path (migrations seed it; this module is the
 * only writer of its tables, which test/unit/cache-owners.test.ts checks), so the catalogue kept
 * in memory is emptied with every change. Entries keep the points they earned. A change id
 * already saved saves nothing: false.
 */
export function saveCatalogueRow(db: Db, row: CatalogueRow): boolean {
  return changeCached(db, () =>
    db.transaction((tx) => {
      tx.insert(activities)
        .values({
          key: row.activityKey,
          label: row.label,
          shorthand: row.shorthand,
          points: row.points,
          aliases: row.aliases,
          category: 'other',
          sortOrder: row.sortOrder,
          noun: row.noun,
          nounPlural: row.nounPlural,
        })
        .onConflictDoNothing()
        .run();
      return tx.insert(roleActivities).values(row).onConflictDoNothing().run().changes > 0;
    }),
  );
}

/** The first week after `fromWeek` from which a role's catalogue changes, by role (roles with none planned are absent). */
export function nextCatalogueChanges(db: Db, fromWeek: LocalDay): Map<string, LocalDay> {
  const next = new Map<string, LocalDay>();
  for (const [role, activities] of snapshotOf(db).rows) {
    for (const history of activities.values())
      for (const row of history) {
        const known = next.get(role);
        if (row.weekStart > fromWeek && (known === undefined || row.weekStart < known)) next.set(role, row.weekStart);
      }
  }
  return next;
}
