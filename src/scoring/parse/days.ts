/**
 * The day-phrase grammar: "yesterday", "friday", "last friday", "19 nov", "2026-11-20", and
 * the window of days a rep may log for.
 */
import { quote } from '../../views/format.js';
import { addDays, calendarDate, isValidDay, isoWeekday, type LocalDay, shortDay, weekStartOf } from '../week.js';
import { ParseError } from './error.js';
import type { ParseContext } from './types.js';
import { monthNumber, RELATIVE_DAYS, WEEKDAYS } from './vocabulary.js';

/** A word as the day reader sees it: lower case, without a trailing full stop or comma. */
const dayWord = (raw: string | undefined): string => (raw ?? '').toLowerCase().replace(/[.,]$/, '');

/** "19" or "19th" as a day of the month. */
function dayOfMonth(word: string): number | undefined {
  const m = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(word);
  return m && Number(m[1]) >= 1 && Number(m[1]) <= 31 ? Number(m[1]) : undefined;
}

/** The day a month and day of the month name, in `year`; without one, this year's or, when that is still to come, last year's. */
function calendarDay(month: number, day: number, year: number | undefined, phrase: string, ctx: ParseContext): LocalDay {
  const on = (y: number) => calendarDate(y, month, day);
  const thisYear = Number(ctx.today.slice(0, 4));
  const candidate = on(year ?? thisYear);
  if (!isValidDay(candidate)) throw new ParseError(`${quote(phrase)} isn't a real date. Use YYYY-MM-DD, like \`${ctx.today}\`.`);
  if (year !== undefined || candidate <= ctx.today) return candidate;
  // Still to come this year: last year's, if that one can be logged ("dec 30" on 2 January).
  const lastYear = on(thisYear - 1);
  return dayProblem(lastYear, ctx) ? candidate : lastYear;
}

/**
 * Reads a day phrase starting at `words[i]`: how many words it takes and the day it names, or
 * nothing when the words there are not a day. Refuses a phrase it cannot pin to one day.
 */
export function readDay(words: string[], i: number, ctx: ParseContext): { length: number; day: LocalDay | null } | undefined {
  const w = dayWord(words[i]);
  if (Object.hasOwn(RELATIVE_DAYS, w)) return { length: 1, day: addDays(ctx.today, RELATIVE_DAYS[w]!) };
  if (w === 'tomorrow') throw new ParseError("Tomorrow hasn't happened yet. Log activities once they're done.");
  if (Object.hasOwn(WEEKDAYS, w)) {
    // A bare weekday is the latest one up to today.
    return { length: 1, day: addDays(ctx.today, -((isoWeekday(ctx.today) - WEEKDAYS[w]! + 7) % 7)) };
  }
  if (w === 'this' || w === 'last' || w === 'next') return relativeWeekDay(w, dayWord(words[i + 1]), ctx);
  if (/^\d{4}-\d{2}-\d{2}$/.test(w)) {
    if (!isValidDay(w)) throw new ParseError(`${quote(w)} isn't a real date. Use YYYY-MM-DD, like \`${ctx.today}\`.`);
    return { length: 1, day: w };
  }
  if (/^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/.test(w)) {
    throw new ParseError(`I can't tell which day ${quote(w)} is. Write the date as YYYY-MM-DD, like \`${ctx.today}\`.`);
  }
  // "nov 19", "november 19th 2026", "19 nov", "19 november 2026". Most words stop here.
  const monthFirst = monthNumber(w) !== undefined;
  if (!monthFirst && dayOfMonth(w) === undefined) return undefined;
  const next = dayWord(words[i + 1]);
  const month = monthNumber(monthFirst ? w : next);
  const date = dayOfMonth(monthFirst ? next : w);
  if (month === undefined || date === undefined) return undefined;
  const after = dayWord(words[i + 2]);
  // "calls 2 nov 19": the 2nd or the 19th? Ask (unless a comma ends the date: "2 nov, 19 calls").
  if (!monthFirst && dayOfMonth(after) !== undefined && !words[i + 1]!.endsWith(',')) {
    throw new ParseError(
      `I can't tell which day ${quote(words.slice(i, i + 3).join(' '))} is. Write the date as YYYY-MM-DD, like \`${ctx.today}\`.`,
    );
  }
  const year = /^\d{4}$/.test(after) ? Number(after) : undefined;
  const length = year === undefined ? 2 : 3;
  return { length, day: calendarDay(month, date, year, words.slice(i, i + length).join(' '), ctx) };
}

/** "this monday", "last friday", "next friday", "this week", "last week": the day they name, or nothing when `next` is no weekday. */
function relativeWeekDay(
  w: 'this' | 'last' | 'next',
  next: string,
  ctx: ParseContext,
): { length: number; day: LocalDay | null } | undefined {
  if (!Object.hasOwn(WEEKDAYS, next) && next !== 'week') return undefined;
  const phrase = `${w} ${next}`;
  const monday = weekStartOf(ctx.today);
  if (w === 'next') throw new ParseError(`${quote(phrase)} hasn't happened yet. Log activities once they're done.`);
  if (next === 'week') {
    if (w === 'this') return { length: 2, day: null };
    throw new ParseError(`Which day last week? Give its date, like \`${addDays(monday, -3)}\` for last Friday.`);
  }
  const inThisWeek = addDays(monday, WEEKDAYS[next]! - 1);
  if (w === 'this') return { length: 2, day: inThisWeek };
  const inLastWeek = addDays(inThisWeek, -7);
  // Earlier this week, "last friday" could mean either week's: ask rather than guess.
  if (inThisWeek < ctx.today) {
    throw new ParseError(
      `${quote(phrase)} could be ${shortDay(inThisWeek)} or ${shortDay(inLastWeek)}. Write \`${next}\` for ${shortDay(inThisWeek)}, or the date \`${inLastWeek}\`.`,
    );
  }
  return { length: 2, day: inLastWeek };
}

/** The earliest day a rep may log for: the current week's Monday or `backdateDays` ago, whichever is earlier. */
export function earliestDay(ctx: Pick<ParseContext, 'today' | 'backdateDays'>): LocalDay {
  return [weekStartOf(ctx.today), addDays(ctx.today, -ctx.backdateDays)].sort()[0]!;
}

/** Why a day cannot be logged for (in the future or too far back), or undefined when it can. */
export function dayProblem(day: LocalDay, ctx: Pick<ParseContext, 'today' | 'backdateDays'>): string | undefined {
  // Today is always inside the window; only other days need the week arithmetic.
  if (day === ctx.today) return undefined;
  if (day > ctx.today) return `${shortDay(day)} hasn't happened yet. Log activities once they're done.`;
  const earliest = earliestDay(ctx);
  if (day < earliest) {
    return `${shortDay(day)} is too far back: you can log this week and up to ${ctx.backdateDays} days before today (from ${shortDay(earliest)}).`;
  }
  return undefined;
}
