import { cachedSetting, changeCached, type Db } from '../db/index.js';
import { isDigestTime } from '../digest/schedule.js';
import { settings } from '../db/schema.js';
import { currencyCode, DEFAULT_CURRENCY } from './amount.js';
import { daysBetween, weekStartOf, type LocalDay } from './week.js';

/** The programme's rules the organisation may change, with the standard operating procedure's values. */
export interface Programme {
  weeklyGoal: number;
  /** Onboarding weeks in which the goal applies, inclusive. */
  goalFirstWeek: number;
  goalLastWeek: number;
  /** ISO weekday of the digest: 1 = Monday … 7 = Sunday. */
  digestWeekday: number;
  /** Local time of the digest, HH:MM, in each recipient's own zone. */
  digestTime: string;
  /** Whether reps get their own short Friday note. */
  repNotes: boolean;
  /** The ISO code of the currency a deal amount written without one is in. */
  currency: string;
}

export const DEFAULT_PROGRAMME: Programme = {
  weeklyGoal: 500,
  goalFirstWeek: 3,
  goalLastWeek: 13,
  digestWeekday: 5,
  digestTime: '15:00',
  repNotes: true,
  currency: DEFAULT_CURRENCY,
};

const KEYS: Record<keyof Programme, string> = {
  weeklyGoal: 'weekly_goal',
  goalFirstWeek: 'goal_first_week',
  goalLastWeek: 'goal_last_week',
  digestWeekday: 'digest_weekday',
  digestTime: 'digest_time',
  repNotes: 'rep_notes',
  currency: 'currency',
};

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
};

/** The programme as the settings table holds it, defaults filling any gap (kept in memory like the catalogue). */
export function loadProgramme(db: Db): Programme {
  return cachedSetting(db, 'programme', () => readProgramme(db));
}

function readProgramme(db: Db): Programme {
  const raw = new Map(
    db
      .select()
      .from(settings)
      .all()
      .map((s) => [s.key, s.value]),
  );
  const d = DEFAULT_PROGRAMME;
  const time = raw.get(KEYS.digestTime);
  return {
    weeklyGoal: positive(raw.get(KEYS.weeklyGoal), d.weeklyGoal),
    goalFirstWeek: positive(raw.get(KEYS.goalFirstWeek), d.goalFirstWeek),
    goalLastWeek: positive(raw.get(KEYS.goalLastWeek), d.goalLastWeek),
    digestWeekday: Math.min(7, positive(raw.get(KEYS.digestWeekday), d.digestWeekday)),
    digestTime: isDigestTime(time) ? time : d.digestTime,
    repNotes: (raw.get(KEYS.repNotes) ?? String(d.repNotes)) === 'true',
    currency: currencyCode(raw.get(KEYS.currency) ?? '') ?? d.currency,
  };
}

/**
 * Changes some programme settings in one transaction. The settings table's only write path
 * (test/unit/cache-owners.test.ts checks it), so the programme kept in memory is emptied with it.
 */
export function saveProgramme(db: Db, change: Partial<Programme>): Programme {
  changeCached(db, () =>
    db.transaction((tx) => {
      for (const [field, value] of Object.entries(change) as Array<[keyof Programme, Programme[keyof Programme]]>) {
        tx.insert(settings)
          .values({ key: KEYS[field], value: String(value) })
          .onConflictDoUpdate({ target: settings.key, set: { value: String(value) } })
          .run();
      }
    }),
  );
  return loadProgramme(db);
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
 * applies: inside the window (weeks 3–13 by default) the weekly goal, outside it none. A rep
 * without a start date is held to the goal.
 */
export function goalStanding(programme: Programme, startDate: LocalDay | null | undefined, weekStart: LocalDay): GoalStanding {
  if (!startDate) return { onboardingWeek: null, goal: programme.weeklyGoal };
  const onboardingWeek = Math.floor(daysBetween(weekStartOf(startDate), weekStart) / 7) + 1;
  const inWindow = onboardingWeek >= programme.goalFirstWeek && onboardingWeek <= programme.goalLastWeek;
  return { onboardingWeek, goal: inWindow ? programme.weeklyGoal : null };
}
