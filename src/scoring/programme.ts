import { cachedSetting, changeCached, type Db } from '../db/index.js';
import { isDigestTime } from '../digest/schedule.js';
import { asc } from 'drizzle-orm';
import { roles, settings, settingsByWeek } from '../db/schema.js';
import { currencyCode, DEFAULT_CURRENCY } from './amount.js';
import { daysBetween, weekStartOf, type LocalDay } from './week.js';

/** One step of a ramp: onboarding weeks `from`–`to` (inclusive) have the goal `goal`. */
export interface GoalStep {
  from: number;
  to: number;
  goal: number;
}

/** A role's goals by onboarding week. */
export interface RoleGoals {
  /** Steps in order, none overlapping; an onboarding week in no step has no goal. */
  ramp: GoalStep[];
  /** The goal after the ramp: points, null for none, or 'ramp' to follow the ramp's last goal. */
  established: number | null | 'ramp';
}

/** The programme's rules the organisation may change: each role's goals, and the digest schedule. */
export interface Programme {
  /** Each known role's goals in force in the week. */
  goals: ReadonlyMap<string, RoleGoals>;
  /** ISO weekday of the digest: 1 = Monday … 7 = Sunday. */
  digestWeekday: number;
  /** Local time of the digest, HH:MM, in each recipient's own zone. */
  digestTime: string;
  /** Whether reps get their own short Friday note. */
  repNotes: boolean;
  /** Whether a manager gets the week's final numbers when totals changed after the digest. */
  digestFinal: boolean;
  /** The ISO code of the currency a deal amount written without one is in. */
  currency: string;
}

/** The settings that judge no week: they change from now on, for every week. */
export type UndatedSettings = Omit<Programme, 'goals'>;

/**
 * The goals a role starts with until an admin changes them: the AE table is the standard
 * operating procedure's; SDR and AM are starting points (README, "Programme goals"). A role an
 * admin adds starts with none.
 */
export const DEFAULT_GOALS: Readonly<Record<string, RoleGoals>> = {
  AE: { ramp: [{ from: 3, to: 13, goal: 500 }], established: 'ramp' },
  SDR: { ramp: [{ from: 3, to: 13, goal: 300 }], established: 'ramp' },
  AM: { ramp: [{ from: 3, to: 13, goal: 300 }], established: 'ramp' },
};

const NO_GOALS: RoleGoals = { ramp: [], established: 'ramp' };

/** Onboarding weeks a ramp may name, and the largest goal: two years, and far above any week's points. */
export const MAX_WEEK = 104;
export const MAX_GOAL = 100_000;
/** Steps a ramp may have: enough for any real plan, and a change fits in a button's 2,000-character value. */
export const MAX_STEPS = 12;
/** Roles an installation may have: a handful in practice; the bound keeps listings and menus short. */
export const MAX_ROLES = 20;

export const DEFAULT_PROGRAMME: UndatedSettings = {
  digestWeekday: 5,
  digestTime: '15:00',
  repNotes: true,
  digestFinal: true,
  currency: DEFAULT_CURRENCY,
};

/** The week the settings an installation had before they were dated apply from (a Monday). */
export const BEGINNING_OF_TIME: LocalDay = '0001-01-01';

/** The keys of settings_by_week that hold a role's goals. */
const rampKey = (role: string) => `goal_ramp:${role}`;
const establishedKey = (role: string) => `goal_established:${role}`;

const UNDATED_KEYS: Record<keyof UndatedSettings, string> = {
  digestWeekday: 'digest_weekday',
  digestTime: 'digest_time',
  repNotes: 'rep_notes',
  digestFinal: 'digest_final',
  currency: 'currency',
};

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Everything the two settings tables hold, read once and kept in memory like the catalogue. */
interface SettingsSnapshot {
  undated: UndatedSettings;
  /** The roles table's names, oldest first. */
  roles: string[];
  /** Each week-judging key's changes, oldest first. */
  changes: Map<string, Array<{ weekStart: LocalDay; value: string }>>;
  /** The programmes already worked out, by week: the hot path asks for the same week again and again. */
  byWeek: Map<LocalDay, Programme>;
}

function readSettings(db: Db): SettingsSnapshot {
  const raw = new Map(
    db
      .select()
      .from(settings)
      .all()
      .map((s) => [s.key, s.value]),
  );
  const d = DEFAULT_PROGRAMME;
  const time = raw.get(UNDATED_KEYS.digestTime);
  const changes = new Map<string, Array<{ weekStart: LocalDay; value: string }>>();
  for (const row of db.select().from(settingsByWeek).orderBy(asc(settingsByWeek.weekStart)).all()) {
    changes.set(row.key, [...(changes.get(row.key) ?? []), { weekStart: row.weekStart, value: row.value }]);
  }
  return {
    roles: db
      .select()
      .from(roles)
      .orderBy(asc(roles.createdAt), asc(roles.name))
      .all()
      .map((r) => r.name),
    undated: {
      digestWeekday: Math.min(7, positive(raw.get(UNDATED_KEYS.digestWeekday), d.digestWeekday)),
      digestTime: isDigestTime(time) ? time : d.digestTime,
      repNotes: (raw.get(UNDATED_KEYS.repNotes) ?? String(d.repNotes)) === 'true',
      digestFinal: (raw.get(UNDATED_KEYS.digestFinal) ?? String(d.digestFinal)) === 'true',
      currency: currencyCode(raw.get(UNDATED_KEYS.currency) ?? '') ?? d.currency,
    },
    changes,
    byWeek: new Map(),
  };
}

/** The value of a week-judging key in force in a week: its latest change from that week or before. */
function valueIn(snapshot: SettingsSnapshot, key: string, weekStart: LocalDay): string | undefined {
  let value: string | undefined;
  for (const change of snapshot.changes.get(key) ?? []) {
    if (change.weekStart > weekStart) break;
    value = change.value;
  }
  return value;
}

/** A stored ramp, or undefined when the value is not one (defaults then fill in). */
function readRamp(raw: string | undefined): GoalStep[] | undefined {
  if (raw === undefined) return undefined;
  try {
    const steps = JSON.parse(raw) as unknown;
    if (!Array.isArray(steps)) return undefined;
    const whole = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;
    return steps.every((s: GoalStep) => whole(s?.from) && whole(s.to) && whole(s.goal) && s.from <= s.to)
      ? (steps as GoalStep[])
      : undefined;
  } catch {
    return undefined;
  }
}

function readEstablished(raw: string | undefined): RoleGoals['established'] | undefined {
  if (raw === 'none') return null;
  if (raw === 'ramp') return 'ramp';
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** How a role's established goal is stored. */
const establishedValue = (e: RoleGoals['established']) => (e === null ? 'none' : String(e));

/**
 * The programme that judges the week starting `weekStart`: each role's goals in force that week,
 * with the digest schedule as it is now, defaults filling any gap. Every reader that judges a
 * week asks here, with that week.
 */
export function programmeForWeek(db: Db, weekStart: LocalDay): Programme {
  const snapshot = cachedSetting(db, 'programme', () => readSettings(db));
  const known = snapshot.byWeek.get(weekStart);
  if (known) return known;
  const goals = new Map<string, RoleGoals>();
  for (const role of snapshot.roles) {
    const d = DEFAULT_GOALS[role] ?? NO_GOALS;
    // `none` reads as null, which is a value here, not a gap: only undefined takes the default.
    const established = readEstablished(valueIn(snapshot, establishedKey(role), weekStart));
    goals.set(role, {
      ramp: readRamp(valueIn(snapshot, rampKey(role), weekStart)) ?? d.ramp,
      established: established === undefined ? d.established : established,
    });
  }
  const programme: Programme = { goals, ...snapshot.undated };
  snapshot.byWeek.set(weekStart, programme);
  return programme;
}

/** The roles reps may have, oldest first. */
export function knownRoles(db: Db): string[] {
  return cachedSetting(db, 'programme', () => readSettings(db)).roles;
}

/** What a role name must look like: a short word of capitals, digits, - or _ ("CSM", "SE-2"). */
export const ROLE_NAME = /^[A-Z][A-Z0-9_-]{1,11}$/;

/**
 * Adds a role (its name checked by the caller against ROLE_NAME and MAX_ROLES), with no goals
 * until an admin sets them. False when it already exists.
 */
export function addRole(db: Db, name: string, by: string, at: Date): boolean {
  return changeCached(
    db,
    () => db.insert(roles).values({ name, createdBy: by, createdAt: at.getTime() }).onConflictDoNothing().run().changes > 0,
  );
}

/** The settings that judge no week (the digest schedule, reps' notes, the currency), for readers of those alone. */
export function undatedSettings(db: Db): UndatedSettings {
  return cachedSetting(db, 'programme', () => readSettings(db)).undated;
}

/** The weeks after `fromWeek` in which a role's goals change again: a change from a week on stops at the next one already planned. */
export function laterChanges(db: Db, fromWeek: LocalDay, role: string): LocalDay[] {
  const snapshot = cachedSetting(db, 'programme', () => readSettings(db));
  const weeks = [rampKey(role), establishedKey(role)].flatMap((k) =>
    (snapshot.changes.get(k) ?? []).map((c) => c.weekStart).filter((w) => w > fromWeek),
  );
  return [...new Set(weeks)].sort();
}

/**
 * Changes settings that judge no week, in one transaction. With changeRoleGoals and addRole, the only write
 * path of the settings tables (test/unit/cache-owners.test.ts checks it), so the programme kept
 * in memory is emptied with it.
 */
export function saveProgramme(db: Db, change: Partial<UndatedSettings>): void {
  changeCached(db, () =>
    db.transaction((tx) => {
      for (const [field, value] of Object.entries(change) as Array<[keyof UndatedSettings, UndatedSettings[keyof UndatedSettings]]>) {
        tx.insert(settings)
          .values({ key: UNDATED_KEYS[field], value: String(value) })
          .onConflictDoUpdate({ target: settings.key, set: { value: String(value) } })
          .run();
      }
    }),
  );
}

/** Who changed something and when: kept with each dated change. */
export interface ChangedBy {
  by: string;
  at: Date;
}

/**
 * Sets a role's goals from the week starting `fromWeek` on (a Monday), in one transaction; the
 * weeks before it keep what judged them. A second change from the same week replaces the first.
 */
export function changeRoleGoals(db: Db, role: string, fromWeek: LocalDay, goals: RoleGoals, who: ChangedBy): void {
  if (weekStartOf(fromWeek) !== fromWeek) throw new RangeError(`settings change from a Monday, not ${fromWeek}`);
  const rows = [
    { key: rampKey(role), value: JSON.stringify(goals.ramp) },
    { key: establishedKey(role), value: establishedValue(goals.established) },
  ];
  changeCached(db, () =>
    db.transaction((tx) => {
      for (const { key, value } of rows) {
        const set = { value, changedBy: who.by, changedAt: who.at.getTime() };
        tx.insert(settingsByWeek)
          .values({ weekStart: fromWeek, key, ...set })
          .onConflictDoUpdate({ target: [settingsByWeek.key, settingsByWeek.weekStart], set })
          .run();
      }
    }),
  );
}

/** Whether two sets of goals judge every week alike. */
export function sameGoals(a: RoleGoals, b: RoleGoals): boolean {
  return JSON.stringify(a.ramp) === JSON.stringify(b.ramp) && establishedValue(a.established) === establishedValue(b.established);
}

/** Who last changed a role's goals in force in a week, and when; undefined for the defaults or a change from before this was kept. */
export function goalsChangedBy(db: Db, role: string, weekStart: LocalDay): (ChangedBy & { from: LocalDay }) | undefined {
  const rows = db
    .select()
    .from(settingsByWeek)
    .all()
    .filter((r) => (r.key === rampKey(role) || r.key === establishedKey(role)) && r.weekStart <= weekStart && r.changedBy !== null)
    .sort((a, b) => b.weekStart.localeCompare(a.weekStart) || (b.changedAt ?? 0) - (a.changedAt ?? 0));
  const last = rows[0];
  return last ? { by: last.changedBy!, at: new Date(last.changedAt ?? 0), from: last.weekStart } : undefined;
}

/** The goal after a role's ramp: its own, or the ramp's last goal. */
export function establishedGoal(goals: RoleGoals): number | null {
  return goals.established === 'ramp' ? (goals.ramp.at(-1)?.goal ?? null) : goals.established;
}

/**
 * A ramp with weeks `from`–`to` given `goal` (null: no goal), steps it overlaps cut back, and
 * neighbouring steps with the same goal joined.
 */
export function withStep(ramp: readonly GoalStep[], from: number, to: number, goal: number | null): GoalStep[] {
  const steps: GoalStep[] = [];
  for (const s of ramp) {
    if (s.to < from || s.from > to) steps.push({ ...s });
    else {
      if (s.from < from) steps.push({ ...s, to: from - 1 });
      if (s.to > to) steps.push({ ...s, from: to + 1 });
    }
  }
  if (goal !== null) steps.push({ from, to, goal });
  steps.sort((a, b) => a.from - b.from);
  const joined: GoalStep[] = [];
  for (const s of steps) {
    const prev = joined.at(-1);
    if (prev && prev.to + 1 === s.from && prev.goal === s.goal) prev.to = s.to;
    else joined.push(s);
  }
  return joined;
}

/** The week of onboarding the week starting `weekStart` is for a rep who started on `startDate` (week 1 holds the start date). */
export function onboardingWeek(startDate: LocalDay, weekStart: LocalDay): number {
  return Math.floor(daysBetween(weekStartOf(startDate), weekStart) / 7) + 1;
}

/**
 * Why a rep's goal is not simply their role's for their onboarding week, for the views to say:
 * a rep with no start date is judged as established; one whose role has no goals is not judged.
 */
export type GoalNote = { kind: 'no_start_date' } | { kind: 'unknown_role'; role: string };

/** Where a rep stands in onboarding in a week, and whether the goal judges them then. */
export interface GoalStanding {
  /** Onboarding week (1 = the week of the start date), or null without a start date. */
  onboardingWeek: number | null;
  /** The goal that applies this week, or null when none does (the rep is not judged). */
  goal: number | null;
  /** The onboarding weeks of the role's ramp (first step's first to last step's last), or null without one. */
  ramp: { first: number; last: number } | null;
  /** What the reader should be told about how the goal was chosen; empty when nothing. */
  notes: GoalNote[];
}

/**
 * The goal a rep of `rep.role` who started on `rep.startDate` has in the week starting
 * `weekStart`, by the programme of that week (programmeForWeek): in a ramp step its goal, in
 * the ramp's gaps and before it none, after it the established goal. A rep without a start
 * date is judged as established, and a rep whose role has no goals is not judged; both are
 * noted so the roster and the digest say so.
 */
export function goalStanding(
  programme: Programme,
  rep: { role?: string | null; startDate?: LocalDay | null } | undefined,
  weekStart: LocalDay,
): GoalStanding {
  const role = rep?.role ?? 'AE';
  const week = rep?.startDate ? onboardingWeek(rep.startDate, weekStart) : null;
  const goals = programme.goals.get(role);
  if (!goals) return { onboardingWeek: week, goal: null, ramp: null, notes: [{ kind: 'unknown_role', role }] };
  const ramp = goals.ramp.length > 0 ? { first: goals.ramp[0]!.from, last: goals.ramp.at(-1)!.to } : null;
  if (week === null) return { onboardingWeek: null, goal: establishedGoal(goals), ramp, notes: [{ kind: 'no_start_date' }] };
  let goal: number | null;
  if (week < 1) goal = null;
  else if (week > (ramp?.last ?? 0)) goal = establishedGoal(goals);
  else goal = goals.ramp.find((s) => week >= s.from && week <= s.to)?.goal ?? null;
  return { onboardingWeek: week, goal, ramp, notes: [] };
}
