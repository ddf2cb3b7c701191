import { TZDate } from '@date-fns/tz';
import type { Programme } from '../scoring/programme.js';
import { addDays, localDay, weekdayName, weekdayNamed, weekStartOf, type LocalDay } from '../scoring/week.js';

/*
 * The digest schedule's one owner: how an admin writes it, how it is stored and read back,
 * how it reads in a message, and when it falls in a recipient's zone. The programme stores it
 * with its other settings.
 */

/** When the digest goes out: an ISO weekday and a local time, in each recipient's own zone. */
export type DigestSchedule = Pick<Programme, 'digestWeekday' | 'digestTime'>;

/** A digest time as stored: HH:MM, 24-hour. */
const STORED_TIME = /^\d{2}:\d{2}$/;

/** Whether a stored digest time is well formed (anything else falls back to the default). */
export const isDigestTime = (text: string | undefined): text is string => text !== undefined && STORED_TIME.test(text);

/** A time as an admin types it ("15:00", "3pm", "9:30 am") as HH:MM, or undefined. */
function parseTime(text: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (half) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (half === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** A schedule as an admin writes it, a weekday and a time ("friday 15:00", "fri 3pm"), or undefined. */
export function parseSchedule(text: string): DigestSchedule | undefined {
  const m = /^([a-z]+)\s+(.+)$/i.exec(text.trim());
  const weekday = m ? weekdayNamed(m[1]!) : 0;
  const time = m ? parseTime(m[2]!) : undefined;
  return weekday === 0 || !time ? undefined : { digestWeekday: weekday, digestTime: time };
}

/** The schedule as a message says it: "Friday at 15:00". */
export function describeSchedule(s: DigestSchedule): string {
  return `${weekdayName(s.digestWeekday)} at ${s.digestTime}`;
}

/** The instant of a week's digest in a zone: the week's digest weekday at the digest time, local. */
export function digestSlot(weekStart: LocalDay, zone: string, programme: DigestSchedule): Date {
  const day = addDays(weekStart, programme.digestWeekday - 1);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = programme.digestTime.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, zone).getTime());
}

/**
 * The week whose digest is due for a recipient in `zone` at `now`: their current week once its
 * slot has passed, until that week ends (so a digest missed while the bot was down still goes
 * out, late, but not into the next week). Null before the slot.
 */
export function dueWeek(now: Date, zone: string, programme: DigestSchedule): LocalDay | null {
  const week = weekStartOf(localDay(now, zone));
  return now.getTime() >= digestSlot(week, zone, programme).getTime() ? week : null;
}
