import { tz } from '@date-fns/tz';
import { addDays as addDaysFns, format, startOfDay } from 'date-fns';

/**
 * Calendar days as `YYYY-MM-DD` strings. Day arithmetic runs on the calendar, not on
 * instants, so a DST change (a 23- or 25-hour day) never moves a day or a week boundary.
 */
export type LocalDay = string;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dayCache = new Map<string, { from: number; until: number; day: LocalDay }>();

/**
 * The rep's local calendar day at an instant, in an IANA time zone. Each zone's current day
 * and its bounds are kept, so the time-zone arithmetic runs once a day, not once a request.
 */
export function localDay(instant: Date, zone: string): LocalDay {
  const t = instant.getTime();
  const hit = dayCache.get(zone);
  if (hit && t >= hit.from && t < hit.until) return hit.day;
  const inZone = { in: tz(zone) };
  const from = startOfDay(instant, inZone).getTime();
  const until = startOfDay(addDaysFns(instant, 1, inZone), inZone).getTime();
  const day = format(instant, 'yyyy-MM-dd', inZone);
  dayCache.set(zone, { from, until, day });
  return day;
}

/** Days' noons as epoch ms, remembered: a digest works out the same few weeks' days for thousands of reps. */
const noons = new Map<LocalDay, number>();

function utcNoonMs(day: LocalDay): number {
  let ms = noons.get(day);
  if (ms === undefined) {
    const m = ISO_DAY.exec(day);
    if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
    ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
    if (noons.size >= 10_000) noons.clear();
    noons.set(day, ms);
  }
  return ms;
}

function toUtcNoon(day: LocalDay): Date {
  return new Date(utcNoonMs(day));
}

/** A year, month (1–12) and day of the month written YYYY-MM-DD; isValidDay says whether that day exists. */
export function calendarDate(year: number, month: number, date: number): LocalDay {
  return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

/** True when the text is a real calendar date written YYYY-MM-DD. */
export function isValidDay(text: string): boolean {
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  return toUtcNoon(text).toISOString().slice(0, 10) === text;
}

export function addDays(day: LocalDay, days: number): LocalDay {
  return new Date(utcNoonMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDay, b: LocalDay): number {
  return Math.round((utcNoonMs(b) - utcNoonMs(a)) / DAY_MS);
}

/** The days of the week in ISO order: `WEEKDAYS[isoWeekday - 1]` names a day. */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** The day an ISO weekday (1 = Monday … 7 = Sunday) names: "Friday". */
export const weekdayName = (isoDay: number): string => WEEKDAYS[isoDay - 1]!;

/** The ISO weekday a word names, in full or by its first three letters, in any case; 0 when none. */
export function weekdayNamed(word: string): number {
  const w = word.toLowerCase();
  return WEEKDAYS.findIndex((d) => d.toLowerCase() === w || d.slice(0, 3).toLowerCase() === w) + 1;
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: LocalDay): number {
  const d = toUtcNoon(day).getUTCDay();
  return d === 0 ? 7 : d;
}

let lastWeekOf = { day: '', weekStart: '' };

/** The Monday of the Monday-to-Sunday week containing `day`: the key of a week. */
export function weekStartOf(day: LocalDay): LocalDay {
  // Nearly every call in a request asks about today; the last answer is kept.
  if (day !== lastWeekOf.day) lastWeekOf = { day, weekStart: addDays(day, 1 - isoWeekday(day)) };
  return lastWeekOf.weekStart;
}

/** The week key for an instant in a time zone. */
export function weekOf(instant: Date, zone: string): LocalDay {
  return weekStartOf(localDay(instant, zone));
}

/** Working days (Monday to Friday) from `today` to the end of its week, today included. */
export function workingDaysLeft(today: LocalDay): number {
  return Math.max(0, 6 - isoWeekday(today));
}

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS_SHORT = WEEKDAYS.map((d) => d.slice(0, 3));

/**
 * A calendar day's parts as reps read them, written without a formatter: a date-fns `format`
 * through a time-zone date cost about 9 µs a call, and `/points` makes several.
 */
function dayParts(day: LocalDay): { weekday: string; date: number; month: string; year: number } {
  const d = toUtcNoon(day);
  return {
    weekday: WEEKDAYS_SHORT[(d.getUTCDay() + 6) % 7]!,
    date: d.getUTCDate(),
    month: MONTHS_SHORT[d.getUTCMonth()]!,
    year: d.getUTCFullYear(),
  };
}

/** "16 Nov" */
export function dayMonth(day: LocalDay): string {
  const { date, month } = dayParts(day);
  return `${date} ${month}`;
}

/** "Mon 16 Nov" */
export function shortDay(day: LocalDay): string {
  const { weekday, date, month } = dayParts(day);
  return `${weekday} ${date} ${month}`;
}

/** "16–22 Nov 2026" style label of a week. */
export function weekLabel(weekStart: LocalDay): string {
  const start = dayParts(weekStart);
  const end = dayParts(addDays(weekStart, 6));
  const endText = `${end.date} ${end.month} ${end.year}`;
  if (start.year !== end.year) return `${start.date} ${start.month} ${start.year} – ${endText}`;
  if (start.month !== end.month) return `${start.date} ${start.month} – ${endText}`;
  return `${start.date}–${endText}`;
}

/** "Nov 2026": the month a day falls in. */
export function monthYear(day: LocalDay): string {
  const { month, year } = dayParts(day);
  return `${month} ${year}`;
}

/** An instant as a clock on the wall in `zone` shows it: its local day and its time, HH:MM (24-hour). */
export function localMoment(instant: Date, zone: string): { day: LocalDay; time: string } {
  return { day: localDay(instant, zone), time: format(instant, 'HH:mm', { in: tz(zone) }) };
}
