import { cachedSetting, changeCached, type Db } from '../db/index.js';
import { isDigestTime } from '../digest/schedule.js';
import { asc } from 'drizzle-orm';
import { settings, settingsByWeek } from '../db/schema.js';
import { currencyCode, DEFAULT_CURRENCY } from './amount.js';
import { daysBetween, weekStartOf, type LocalDay } from './week.js';

/** The settings that judge a week: each applies from a week on, and a past week keeps its own. */
export interface WeekRules {
  weeklyGoal: number;
  /** Onboarding weeks in which the goal applies, inclusive. */
  goalFirstWeek: number;
  goalLastWeek: number;
}

/** The programme's rules the organisation may change, with the standard operating procedure's values. */
export interface Programme extends WeekRules {
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
export type UndatedSettings = Omit<Programme, keyof WeekRules>;

export const DEFAULT_PROGRAMME: Programme = {
  weeklyGoal: 500,
  goalFirstWeek: 3,
  goalLastWeek: 13,
  digestWeekday: 5,
  digestTime: '15:00',
  repNotes: true,
  digestFinal: true,
  currency: DEFAULT_CURRENCY,
};

/** The week the settings an installation had before they were dated apply from (a Monday). */
export const BEGINNING_OF_TIME: LocalDay = '0001-01-01';

const WEEK_KEYS: Record<keyof WeekRules, string> = {
  weeklyGoal: 'weekly_goal',
  goalFirstWeek: 'goal_first_week',
  goalLastWeek: 'goal_last_week',
};

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

/**
 * The programme that judges the week starting `weekStart`: the goal and onboarding window in
 * force that week, with the digest schedule as it is now, defaults filling any gap. Every
 * reader that judges a week asks here, with that week.
 */
export function programmeForWeek(db: Db, weekStart: LocalDay): Programme {
  const snapshot = cachedSetting(db, 'programme', () => readSettings(db));
  const known = snapshot.byWeek.get(weekStart);
  if (known) return known;
  const d = DEFAULT_PROGRAMME;
  const programme: Programme = {
    weeklyGoal: positive(valueIn(snapshot, WEEK_KEYS.weeklyGoal, weekStart), d.weeklyGoal),
    goalFirstWeek: positive(valueIn(snapshot, WEEK_KEYS.goalFirstWeek, weekStart), d.goalFirstWeek),
    goalLastWeek: positive(valueIn(snapshot, WEEK_KEYS.goalLastWeek, weekStart), d.goalLastWeek),
    ...snapshot.undated,
  };
  snapshot.byWeek.set(weekStart, programme);
  return programme;
}

/** The settings that judge no week (the digest schedule, reps' notes, the currency), for readers of those alone. */
export function undatedSettings(db: Db): UndatedSettings {
  return cachedSetting(db, 'programme', () => readSettings(db)).undated;
}

/**
 * The weeks after `fromWeek` in which one of these settings changes again: a change from a week
 * on stops at the next one already planned.
 */
export function laterChanges(db: Db, fromWeek: LocalDay, fields: Array<keyof WeekRules>): LocalDay[] {
  const snapshot = cachedSetting(db, 'programme', () => readSettings(db));
  const weeks = fields.flatMap((f) => (snapshot.changes.get(WEEK_KEYS[f]) ?? []).map((c) => c.weekStart).filter((w) => w > fromWeek));
  return [...new Set(weeks)].sort();
}

/**
 * Changes settings that judge no week, in one transaction. With changeWeekRules, the only write
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

/**
 * Changes settings that judge a week from the week starting `fromWeek` on (a Monday), in one
 * transaction; the weeks before it keep what judged them. A second change from the same week
 * replaces the first.
 */
export function changeWeekRules(db: Db, fromWeek: LocalDay, change: Partial<WeekRules>): void {
  if (weekStartOf(fromWeek) !== fromWeek) throw new RangeError(`settings change from a Monday, not ${fromWeek}`);
  changeCached(db, () =>
    db.transaction((tx) => {
      for (const [field, value] of Object.entries(change) as Array<[keyof WeekRules, number]>) {
        tx.insert(settingsByWeek)
          .values({ weekStart: fromWeek, key: WEEK_KEYS[field], value: String(value) })
          .onConflictDoUpdate({ target: [settingsByWeek.key, settingsByWeek.weekStart], set: { value: String(value) } })
          .run();
      }
    }),
  );
}

/** The week of onboarding the week starting `weekStart` is for a rep who started on `startDate` (week 1 holds the start date). */
export function onboardingWeek(startDate: LocalDay, weekStart: LocalDay): number {
  return Math.floor(daysBetween(weekStartOf(startDate), weekStart) / 7) + 1;
}

/** Where a rep stands in onboarding in a week, and whether the goal judges them then. */
export interface GoalStanding {
  /** Onboarding week (1 = the week of the start date), or null without a start date. */
  onboardingWeek: number | null;
  /** The goal that applies this week, or null outside the onboarding window. */
  goal: number | null;
}

/**
 * The week of onboarding a week is for a rep who started on `startDate`, and the goal that
 * applies, by the programme of that week (programmeForWeek): inside the window (weeks 3–13 by default) the weekly goal, outside it none. A rep
 * without a start date is held to the goal.
 */
export function goalStanding(programme: Programme, startDate: LocalDay | null | undefined, weekStart: LocalDay): GoalStanding {
  if (!startDate) return { onboardingWeek: null, goal: programme.weeklyGoal };
  const week = onboardingWeek(startDate, weekStart);
  const inWindow = week >= programme.goalFirstWeek && week <= programme.goalLastWeek;
  return { onboardingWeek: week, goal: inWindow ? programme.weeklyGoal : null };
}
