/**
 * The days an absence is for: "friday", "tomorrow", "next week", "dec 24", "2026-12-24 to
 * 2026-12-31". Unlike `/log`'s day, an absence is mostly planned ahead: a bare weekday is the
 * next one, today included.
 */
import { quote } from '../../mrkdwn.js';
import { MAX_AWAY_SPAN_DAYS, AWAY_AHEAD_DAYS, workingDaysBetween } from '../absence.js';
import { addDays, daysBetween, isValidDay, isoWeekday, shortDay, weekStartOf, type LocalDay } from '../week.js';
import { dayOfPhrase, readMonthDay } from './days.js';
import { RELATIVE_DAYS, WEEKDAYS } from './vocabulary.js';

/** Working days asked for, or why they cannot be. */
export type AwayDays = { ok: true; from: LocalDay; to: LocalDay; days: LocalDay[] } | { ok: false; message: string };

const EXAMPLES = '`/log away friday`, `/log away tomorrow`, `/log away next week` or `/log away 2026-12-24 to 2026-12-31`';

/** One day phrase as a span of days (a week names Monday to Friday), or a message. */
function readSpan(phrase: string, today: LocalDay): { from: LocalDay; to: LocalDay } | string {
  const words = phrase.split(' ').filter(Boolean);
  const w = words.join(' ');
  const one = (day: LocalDay) => ({ from: day, to: day });
  if (w === 'tomorrow') return one(addDays(today, 1));
  if (Object.hasOwn(RELATIVE_DAYS, w)) return one(addDays(today, RELATIVE_DAYS[w]!));
  if (w === 'this week' || w === 'next week') {
    const monday = addDays(weekStartOf(today), w === 'next week' ? 7 : 0);
    return { from: monday, to: addDays(monday, 4) };
  }
  const [first = '', second = ''] = words;
  if (words.length <= 2 && Object.hasOwn(WEEKDAYS, words.at(-1)!) && (words.length === 1 || ['this', 'next', 'last'].includes(first))) {
    const target = WEEKDAYS[words.at(-1)!]!;
    const ahead = (target - isoWeekday(today) + 7) % 7;
    if (words.length === 1) return one(addDays(today, ahead));
    const inThisWeek = addDays(weekStartOf(today), target - 1);
    if (first === 'this') return one(inThisWeek);
    if (first === 'next') return one(addDays(inThisWeek, 7));
    return one(addDays(today, -(((isoWeekday(today) - target + 6) % 7) + 1)));
  }
  if (words.length === 1 && /^\d{4}-\d{2}-\d{2}$/.test(first)) {
    return isValidDay(first) ? one(first) : `${quote(first)} isn't a real date. Use YYYY-MM-DD, like \`${today}\`.`;
  }
  const md = readMonthDay(words, 0);
  if (md && md.length === words.length && !md.ambiguous) {
    // Without a year, the next such day: an absence is planned ahead.
    const day = dayOfPhrase(md, (inYear) => {
      const thisYear = inYear(Number(today.slice(0, 4)));
      return thisYear >= weekStartOf(today) ? thisYear : inYear(Number(today.slice(0, 4)) + 1);
    });
    return isValidDay(day) ? one(day) : `${quote(phrase)} isn't a real date. Use YYYY-MM-DD, like \`${today}\`.`;
  }
  return `I couldn't read ${quote(phrase || second)} as a day. Try ${EXAMPLES}.`;
}

/**
 * The working days of what follows `/log away` (or `back`): one day, a week, or a range "X to
 * Y", at most MAX_AWAY_SPAN_DAYS long, from `earliest` up to AWAY_AHEAD_DAYS after today.
 */
export function parseAwayDays(text: string, ctx: { today: LocalDay; earliest: LocalDay }): AwayDays {
  const lower = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (lower === '') return { ok: false, message: `Say which days, e.g. ${EXAMPLES}.` };
  const parts = lower.split(/ (?:to|until|till|through|thru|-|–) /);
  if (parts.length > 2) return { ok: false, message: `Give one range at a time, e.g. ${EXAMPLES}.` };
  const spans = parts.map((p) => readSpan(p, ctx.today));
  for (const s of spans) if (typeof s === 'string') return { ok: false, message: s };
  const [start, end] = spans as Array<{ from: LocalDay; to: LocalDay }>;
  const from = start!.from;
  const to = (end ?? start)!.to;
  if (to < from) return { ok: false, message: `That range ends before it starts (${shortDay(from)} to ${shortDay(to)}).` };
  if (daysBetween(from, to) + 1 > MAX_AWAY_SPAN_DAYS) {
    return { ok: false, message: `Mark at most ${MAX_AWAY_SPAN_DAYS} days at once; split a longer absence into parts.` };
  }
  if (from < ctx.earliest) {
    return { ok: false, message: `${shortDay(from)} is too far back: days away go back to ${shortDay(ctx.earliest)}.` };
  }
  const latest = addDays(ctx.today, AWAY_AHEAD_DAYS);
  if (to > latest)
    return { ok: false, message: `${shortDay(to)} is too far ahead: days away go up to a year ahead (${shortDay(latest)}).` };
  const days = workingDaysBetween(from, to);
  if (days.length === 0) {
    const what = from === to ? shortDay(from) : `${shortDay(from)} to ${shortDay(to)}`;
    return { ok: false, message: `${what} has no working day (Monday to Friday) to mark.` };
  }
  return { ok: true, from, to, days };
}
