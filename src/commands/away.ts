import type { Db } from '../db/index.js';
import { findUser } from '../roster/people.js';
import { setRegion } from '../roster/roster.js';
import type { AdminRequest } from '../roster/admin-parse.js';
import {
  AWAY_AHEAD_DAYS,
  awayDaysFrom,
  takeBackMarking,
  holidaysFrom,
  markAway,
  removeHoliday,
  setHoliday,
  takeBackAway,
} from '../scoring/absence.js';
import { weekSummary } from '../scoring/ledger.js';
import { earliestDay, parseAwayDays } from '../scoring/parse/index.js';
import { judgeWeeks, repClock } from '../scoring/standing.js';
import { daysBetween, isValidDay, weekStartOf, type LocalDay } from '../scoring/week.js';
import {
  buildAwayChange,
  buildAwayList,
  buildAwayRefusal,
  buildHolidayList,
  buildHolidayRemoved,
  buildHolidaySet,
} from '../views/absence.js';
import { buildAdminError, buildRosterConfirmation, type OwnWeek } from '../views/admin.js';
import type { SlackMessage } from '../views/message.js';
import type { Deps, RepNow } from './deps.js';

/** What a confirmation's Take back button carries: whose days, their span and when they were marked. */
const takeBackValue = (repId: string, days: LocalDay[], markedAt: number) => `${repId} ${days[0]} ${days.at(-1)} ${markedAt}`;

/**
 * Marks a rep's days away or takes them back, in one transaction, and answers with each week it
 * touched against its goal now; days marked get a Take back button. `by` is who did it; the
 * answer names the rep when that is someone else. `marking` takes back exactly one marking's days.
 */
function changeAway(
  db: Db,
  args: { repId: string; by: string; back: boolean; days: LocalDay[]; currentWeek: LocalDay; now: Date; markedAt?: number },
): SlackMessage {
  const { repId } = args;
  const changed = !args.back
    ? markAway(db, { userId: repId, days: args.days, by: args.by, now: args.now })
    : args.markedAt !== undefined
      ? takeBackMarking(db, repId, { from: args.days[0]!, to: args.days.at(-1)!, markedAt: args.markedAt })
      : takeBackAway(db, repId, args.days);
  const unchanged = args.markedAt !== undefined ? [] : args.days.filter((d) => !changed.includes(d));
  const weeks = [...new Set(changed.map(weekStartOf))];
  const weekTotals = new Map(weeks.map((w) => [w, weekSummary(db, repId, w).total]));
  return buildAwayChange({
    back: args.back,
    changed,
    unchanged,
    weeks: judgeWeeks(db, { userId: repId, weekTotals }),
    currentWeek: args.currentWeek,
    ...(repId === args.by ? {} : { repId }),
    ...(!args.back && changed.length > 0 ? { takeBack: takeBackValue(repId, changed, args.now.getTime()) } : {}),
  });
}

/**
 * The Take back button of a days-away confirmation: the days that marking made, for the rep, their
 * manager or an admin (`mayTakeBack` says whether the clicker is one of them).
 */
export async function takeBackClicked(
  deps: Deps,
  rep: RepNow,
  clickerId: string,
  value: string,
  mayTakeBack: (repId: string) => Promise<boolean>,
): Promise<SlackMessage> {
  const [repId = '', from = '', to = '', at = ''] = value.split(' ');
  if (!isValidDay(from) || !isValidDay(to) || !/^\d+$/.test(at) || !(await mayTakeBack(repId)))
    return buildAwayRefusal('Those days away aren’t yours to take back.');
  const change = {
    repId,
    by: clickerId,
    back: true,
    days: [from, to],
    currentWeek: rep.week.currentWeek,
    now: rep.now,
    markedAt: Number(at),
  };
  const message = await deps.writes.run(() => changeAway(deps.db, change), rep.writeBy);
  return message.blocks.length > 1 ? message : buildAwayRefusal('Those days were already taken back.');
}

/**
 * `/log away …`, `/log back …`: the rep's own days away, from the first day they may still log for
 * up to a year ahead; with no days, the days already marked.
 */
export async function repAway(deps: Deps, rep: RepNow, userId: string, asked: { back: boolean; days: string }): Promise<SlackMessage> {
  if (!asked.back && asked.days === '') return buildAwayList(awayDaysFrom(deps.db, userId, rep.week.currentWeek));
  const read = parseAwayDays(asked.days, { today: rep.week.today, earliest: earliestDay(rep.parse) });
  if (!read.ok) return buildAwayRefusal(read.message);
  const change = { repId: userId, by: userId, back: asked.back, days: read.days, currentWeek: rep.week.currentWeek, now: rep.now };
  return deps.writes.run(() => changeAway(deps.db, change), rep.writeBy);
}

type AbsenceRequest = Extract<AdminRequest, { kind: 'away' | 'holiday_set' | 'holiday_remove' | 'holidays' | 'region' }>;

/**
 * `/points-admin away|back @rep …` (an admin, or the rep's manager), holidays and regions. The
 * days away are read in the rep's own today, back as far as the rep may log.
 */
export function performAbsence(
  req: AbsenceRequest,
  ctx: { db: Db; now: Date; adminId: string; currentWeek: LocalDay; defaultZone: string; backdateDays: number; ownWeek: OwnWeek },
): SlackMessage {
  const { db, now } = ctx;
  switch (req.kind) {
    case 'away': {
      const { today, currentWeek } = repClock(findUser(db, req.repId), now, ctx.defaultZone);
      const read = parseAwayDays(req.days, { today, earliest: earliestDay({ today, backdateDays: ctx.backdateDays }) });
      if (!read.ok) return buildAdminError(read.message.replaceAll('/log away', `/points-admin away <@${req.repId}>`));
      return changeAway(db, { repId: req.repId, by: ctx.adminId, back: req.back, days: read.days, currentWeek, now });
    }
    case 'holiday_set':
      if (Math.abs(daysBetween(ctx.currentWeek, req.day)) > AWAY_AHEAD_DAYS)
        return buildAdminError(`${req.day} is more than a year from now: set holidays up to a year ahead or back.`);
      setHoliday(db, { ...req, by: ctx.adminId, now });
      return buildHolidaySet(req);
    case 'holiday_remove':
      if (!removeHoliday(db, req.day, req.region))
        return buildAdminError(`There is no holiday on ${req.day} for ${req.region || 'everyone'}. \`/points-admin holidays\` lists them.`);
      return buildHolidayRemoved(req.day, req.region);
    case 'holidays':
      return buildHolidayList(holidaysFrom(db, ctx.currentWeek));
    case 'region':
      return buildRosterConfirmation(
        req.region ? `Region set to ${req.region}.` : 'Region cleared.',
        setRegion(db, req.repIds, req.region, now),
        ctx.ownWeek,
      );
  }
}
