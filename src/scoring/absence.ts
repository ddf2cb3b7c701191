/**
 * Absences and holidays: the working days a rep is off, and the weekly goal prorated by the
 * days present. The programme gives the goal of a full week (goalStanding); applyAbsence is the
 * step after it. This module is the only writer of away_days and holidays.
 */
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { direct, idSlices, idsIn, memo, type Db } from '../db/index.js';
import { awayDays, holidays, type Holiday } from '../db/schema.js';
import type { GoalStanding } from './programme.js';
import { addDays, isoWeekday, type LocalDay } from './week.js';

/** Monday to Friday: the days a goal is earned on. */
export const WORKING_DAYS = 5;

/** The longest absence marked in one go, in calendar days: a slip of the year is refused, not recorded. */
export const MAX_AWAY_SPAN_DAYS = 90;

/** How far ahead days away and holidays may be set, in days. */
export const AWAY_AHEAD_DAYS = 365;

/** A working day a rep is off: away, or a holiday (named). */
export interface DayOff {
  day: LocalDay;
  /** The holiday's name; absent for a day the rep is away. */
  holiday?: string;
}

/** How the days off shaped a week's goal. */
export interface Absence {
  /** The working days off that week, in order. */
  off: DayOff[];
  /** The programme's goal for a full week. */
  fullGoal: number;
  /** Off every working day: the week is not judged. */
  allWeek: boolean;
}

/** A week's standing after its days off: `goal` is the prorated one, `absence` says why. */
export type AbsentStanding = GoalStanding & { absence?: Absence };

/**
 * The goal for the working days present: goal × present / 5, rounded to the nearest point
 * (500 with one day off is 400; 450 with one off is 360; 333 with two off is 199.8, so 200).
 * None when the rep is off all week.
 */
export function proratedGoal(goal: number, daysOff: number): number | null {
  const present = WORKING_DAYS - Math.min(WORKING_DAYS, daysOff);
  return present === 0 ? null : Math.round((goal * present) / WORKING_DAYS);
}

/** The standing with its goal prorated by the week's working days off; unchanged without a goal or a day off. */
export function applyAbsence(standing: GoalStanding, off: readonly DayOff[]): AbsentStanding {
  if (standing.goal === null || off.length === 0) return standing;
  const goal = proratedGoal(standing.goal, off.length);
  return { ...standing, goal, absence: { off: [...off], fullGoal: standing.goal, allWeek: goal === null } };
}

export const isWorkingDay = (day: LocalDay): boolean => isoWeekday(day) <= WORKING_DAYS;

/** The working days from `from` to `to`, both included. */
export function workingDaysBetween(from: LocalDay, to: LocalDay): LocalDay[] {
  const days: LocalDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) days.push(d);
  return days;
}

/** Who a week's days off are read for: the rep, their region and the Monday of the week. */
export interface RepWeekKey {
  id: string;
  region: string | null;
  weekStart: LocalDay;
}

/**
 * The working days each rep is off in their week, in bulk (two reads whatever the team's size):
 * their away days and the holidays for everyone or their region. A day that is both counts once,
 * under the holiday's name.
 */
export function daysOffFor(db: Db, reps: readonly RepWeekKey[]): Map<string, DayOff[]> {
  const result = new Map<string, DayOff[]>();
  if (reps.length === 0) return result;
  const mondays = reps.map((r) => r.weekStart).sort();
  const first = mondays[0]!;
  const last = addDays(mondays.at(-1)!, WORKING_DAYS - 1);
  const holidayRows = db
    .select()
    .from(holidays)
    .where(and(gte(holidays.day, first), lte(holidays.day, last)))
    .all();
  const away = new Map<string, Set<LocalDay>>();
  const awayQuery = memo(db, 'awayDays', () =>
    db
      .select({ userId: awayDays.userId, day: awayDays.day })
      .from(awayDays)
      .where(
        and(
          inArray(awayDays.userId, idsIn('ids')),
          gte(awayDays.day, sql.placeholder('first')),
          lte(awayDays.day, sql.placeholder('last')),
        ),
      )
      .prepare(),
  );
  for (const ids of idSlices(reps.map((r) => r.id)))
    for (const row of awayQuery.all({ ids, first, last })) away.set(row.userId, (away.get(row.userId) ?? new Set()).add(row.day));
  for (const rep of reps) {
    const repAway = away.get(rep.id);
    // Most reps have no day off around: nothing to walk through.
    result.set(rep.id, holidayRows.length === 0 && !repAway ? [] : weekOff(rep, holidayRows, repAway));
  }
  return result;
}

/** A rep's working days off in their week, from the holidays and away days read around it. */
function weekOff(rep: RepWeekKey, holidayRows: readonly Holiday[], away: ReadonlySet<LocalDay> | undefined): DayOff[] {
  const off: DayOff[] = [];
  for (let n = 0; n < WORKING_DAYS; n += 1) {
    const day = addDays(rep.weekStart, n);
    const holiday = holidayRows.find((h) => h.day === day && (h.region === '' || h.region === rep.region));
    if (holiday) off.push({ day, holiday: holiday.name });
    else if (away?.has(day)) off.push({ day });
  }
  return off;
}

const fridays = new Map<LocalDay, LocalDay>();

/** The Friday of a week given by its Monday; remembered, as every /log confirmation asks. */
function fridayOf(monday: LocalDay): LocalDay {
  let friday = fridays.get(monday);
  if (friday === undefined) {
    if (fridays.size > 1000) fridays.clear();
    friday = addDays(monday, WORKING_DAYS - 1);
    fridays.set(monday, friday);
  }
  return friday;
}

/**
 * One rep's working days off in one week. Every /log confirmation reads it, so its two
 * statements are prepared once (memo), not built by drizzle on each request.
 */
export function repDaysOff(db: Db, rep: RepWeekKey): DayOff[] {
  const read = memo(db, 'repDaysOff', () => {
    const first = sql.placeholder('first');
    const last = sql.placeholder('last');
    return {
      holidays: db
        .select()
        .from(holidays)
        .where(and(gte(holidays.day, first), lte(holidays.day, last)))
        .prepare(),
      away: db
        .select({ day: awayDays.day })
        .from(awayDays)
        .where(and(eq(awayDays.userId, sql.placeholder('id')), gte(awayDays.day, first), lte(awayDays.day, last)))
        .prepare(),
      // One statement: a row when the week has a holiday or the rep an away day.
      anyOff: direct<{ id: string; first: string; last: string }>(
        db,
        db
          .select({ one: sql`1` })
          .from(holidays)
          .where(and(gte(holidays.day, first), lte(holidays.day, last)))
          .unionAll(
            db
              .select({ one: sql`1` })
              .from(awayDays)
              .where(and(eq(awayDays.userId, sql.placeholder('id')), gte(awayDays.day, first), lte(awayDays.day, last))),
          ),
      ),
    };
  });
  const range = { id: rep.id, first: rep.weekStart, last: fridayOf(rep.weekStart) };
  // Most weeks have no day off at all: lookups in two indexes answer that, without rows to map.
  // (Only the first row is read: a LIMIT would be a bound parameter, which costs SQLite more.)
  if (read.anyOff.value(range) === undefined) return [];
  const away = read.away.all(range);
  return weekOff(rep, read.holidays.all(range), away.length === 0 ? undefined : new Set(away.map((a) => a.day)));
}

/** Marks working days away for a rep; returns the days newly marked (a day already marked stays as it was). */
export function markAway(db: Db, args: { userId: string; days: readonly LocalDay[]; by: string; now: Date }): LocalDay[] {
  return db.transaction((tx) =>
    args.days.filter(
      (day) =>
        tx.insert(awayDays).values({ userId: args.userId, day, setBy: args.by, createdAt: args.now.getTime() }).onConflictDoNothing().run()
          .changes > 0,
    ),
  );
}

/** Takes back away days; returns the days that were marked and no longer are. */
export function takeBackAway(db: Db, userId: string, days: readonly LocalDay[]): LocalDay[] {
  return db.transaction((tx) =>
    days.filter(
      (day) =>
        tx
          .delete(awayDays)
          .where(and(eq(awayDays.userId, userId), eq(awayDays.day, day)))
          .run().changes > 0,
    ),
  );
}

/**
 * Takes back the days one marking made (those marked at `markedAt`, from `from` to `to`): a
 * confirmation's button, which leaves days marked before or since alone.
 */
export function takeBackMarking(db: Db, userId: string, marking: { from: LocalDay; to: LocalDay; markedAt: number }): LocalDay[] {
  return db
    .delete(awayDays)
    .where(
      and(
        eq(awayDays.userId, userId),
        gte(awayDays.day, marking.from),
        lte(awayDays.day, marking.to),
        eq(awayDays.createdAt, marking.markedAt),
      ),
    )
    .returning({ day: awayDays.day })
    .all()
    .map((r) => r.day)
    .sort();
}

/** A rep's away days from `from` on, in order. */
export function awayDaysFrom(db: Db, userId: string, from: LocalDay): LocalDay[] {
  return db
    .select({ day: awayDays.day })
    .from(awayDays)
    .where(and(eq(awayDays.userId, userId), gte(awayDays.day, from)))
    .orderBy(asc(awayDays.day))
    .all()
    .map((r) => r.day);
}

/** Sets a holiday (for everyone when `region` is ''); a second one on the same day and region renames it. */
export function setHoliday(db: Db, h: { day: LocalDay; region: string; name: string; by: string; now: Date }): void {
  db.insert(holidays)
    .values({ day: h.day, region: h.region, name: h.name, setBy: h.by, createdAt: h.now.getTime() })
    .onConflictDoUpdate({ target: [holidays.day, holidays.region], set: { name: h.name, setBy: h.by } })
    .run();
}

/** Removes a holiday; false when there was none on that day for that region. */
export function removeHoliday(db: Db, day: LocalDay, region: string): boolean {
  return (
    db
      .delete(holidays)
      .where(and(eq(holidays.day, day), eq(holidays.region, region)))
      .run().changes > 0
  );
}

/** The holidays from `from` on, in order. */
export function holidaysFrom(db: Db, from: LocalDay): Holiday[] {
  return db.select().from(holidays).where(gte(holidays.day, from)).orderBy(asc(holidays.day), asc(holidays.region)).all();
}

/** Erases a user's away days (when the admin has the bot forget them). */
export function forgetAway(db: Db, userId: string): void {
  db.delete(awayDays).where(eq(awayDays.userId, userId)).run();
}
