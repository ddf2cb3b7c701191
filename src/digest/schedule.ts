import { TZDate } from '@date-fns/tz';
import type { Programme } from '../scoring/programme.js';
import { addDays, localDay, weekStartOf, type LocalDay } from '../scoring/week.js';

/** The instant of a week's digest in a zone: the week's digest weekday at the digest time, local. */
export function digestSlot(weekStart: LocalDay, zone: string, programme: Pick<Programme, 'digestWeekday' | 'digestTime'>): Date {
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
export function dueWeek(now: Date, zone: string, programme: Pick<Programme, 'digestWeekday' | 'digestTime'>): LocalDay | null {
  const week = weekStartOf(localDay(now, zone));
  return now.getTime() >= digestSlot(week, zone, programme).getTime() ? week : null;
}
