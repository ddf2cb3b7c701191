import { and, eq, gt, inArray, or } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { digestSnapshots, entries, weeklyActivityTotals } from '../db/schema.js';
import { addDays, localDay, localMoment, shortDay, weekStartOf, type LocalDay } from '../scoring/week.js';
import type { DigestSchedule } from './schedule.js';
import { digestSlot } from './schedule.js';

/**
 * When a week closes for its final numbers: the Monday after it, at this local time, in the
 * manager's zone. Entries backdated over the weekend or first thing on Monday still count.
 */
export const FINAL_SCHEDULE: DigestSchedule = { digestWeekday: 1, digestTime: '09:00' };

/**
 * The closed week whose final numbers are due for a manager in `zone` at `now`: last week, once
 * this week's Monday morning has come, until this week ends (a follow-up missed while the bot
 * was down still goes out, late). Null before Monday morning.
 */
export function finalDueWeek(now: Date, zone: string): LocalDay | null {
  const thisWeek = weekStartOf(localDay(now, zone));
  return now.getTime() >= digestSlot(thisWeek, zone, FINAL_SCHEDULE).getTime() ? addDays(thisWeek, -7) : null;
}

/** One entry that changed a rep's week after the digest read it. */
export interface LateEntry {
  activityKey: string;
  count: number;
  points: number;
  amountCents: number | null;
  /** The currency of amountCents (null without an amount). */
  currency: string | null;
  /** The day the entry is for, "Thu 26 Nov". */
  forDay: string;
  /** When it was logged or taken back, in the manager's zone: "Mon 30 Nov 08:10". */
  when: string;
  /** late: logged after the digest for its own day; backdated: logged on a later day; undone: taken back after the digest. */
  how: 'late' | 'backdated' | 'undone';
}

/** A rep whose week's total differs from what their digest showed, and the entries that changed it. */
export interface FinalChange {
  repId: string;
  was: number;
  now: number;
  entries: LateEntry[];
}

const at = (ms: number, zone: string): { day: LocalDay; text: string } => {
  const m = localMoment(new Date(ms), zone);
  return { day: m.day, text: `${shortDay(m.day)} ${m.time}` };
};

/**
 * What changed in a closed week since a digest: each rep the digest showed whose total is now
 * different, with the entries logged or taken back after the digest's figures were read. The
 * entries are the rep's own (a rep logs and undoes only their own), so the rep is who changed it.
 */
export function finalChanges(db: Db, args: { deliveryId: number; asOf: number; weekStart: LocalDay; zone: string }): FinalChange[] {
  const shown = db.select().from(digestSnapshots).where(eq(digestSnapshots.deliveryId, args.deliveryId)).all();
  if (shown.length === 0) return [];
  const totals = new Map<string, number>();
  const ids = shown.map((s) => s.repId);
  for (let i = 0; i < ids.length; i += 500)
    for (const row of db
      .select()
      .from(weeklyActivityTotals)
      .where(and(eq(weeklyActivityTotals.weekStart, args.weekStart), inArray(weeklyActivityTotals.userId, ids.slice(i, i + 500))))
      .all())
      totals.set(row.userId, (totals.get(row.userId) ?? 0) + row.points);
  const changed = shown
    .filter((s) => (totals.get(s.repId) ?? 0) !== s.points)
    .map((s): FinalChange => ({ repId: s.repId, was: s.points, now: totals.get(s.repId) ?? 0, entries: [] }));
  if (changed.length === 0) return [];
  const byRep = new Map(changed.map((c) => [c.repId, c]));
  const changedIds = [...byRep.keys()];
  for (let i = 0; i < changedIds.length; i += 500) {
    const late = db
      .select()
      .from(entries)
      .where(
        and(
          eq(entries.weekStart, args.weekStart),
          inArray(entries.userId, changedIds.slice(i, i + 500)),
          or(gt(entries.loggedAt, args.asOf), gt(entries.undoneAt, args.asOf)),
        ),
      )
      .orderBy(entries.loggedAt, entries.id)
      .all();
    for (const e of late) {
      const loggedLate = e.loggedAt > args.asOf;
      const undoneLate = e.undoneAt !== null && e.undoneAt > args.asOf;
      // Logged and taken back after the digest: it never changed what the manager read.
      if (loggedLate && undoneLate) continue;
      const moment = at(undoneLate ? e.undoneAt! : e.loggedAt, args.zone);
      byRep.get(e.userId)!.entries.push({
        activityKey: e.activityKey,
        count: e.count,
        points: undoneLate ? -e.points : e.points,
        amountCents: e.amountCents,
        currency: e.currency,
        forDay: shortDay(e.day),
        when: moment.text,
        how: undoneLate ? 'undone' : moment.day > e.day ? 'backdated' : 'late',
      });
    }
  }
  return changed.sort((a, b) => a.repId.localeCompare(b.repId));
}
