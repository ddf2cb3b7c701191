/**
 * The day-phrase grammar: "yesterday", "friday", "last friday", "19 nov", "2026-11-20", and
 * the window of days a rep may log for. `/points` reads its month-and-day phrases here too:
 * where it reads them and how it picks a year are its own (trailingMonthDay, latestUpTo).
 */
import { quote } from '../../mrkdwn.js';
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

/** A month and a day of the month as a phrase names them: "nov 19", "19th november 2026". */
export interface MonthDayPhrase {
  month: number;
  date: number;
  /** The year written after it, if one is. */
  year: number | undefined;
  /** How many words the phrase takes. */
  length: number;
  /** Day first with another day of the month after it, no comma between: "2 nov 19", the 2nd or the 19th? */
  ambiguous: boolean;
}

/**
 * Reads a month-and-day phrase starting at `words[i]` ("nov 19", "november 19th 2026", "19
 * nov", "19 november 2026"), or nothing when the words there are none. `/log` reads one at
 * each word of a line; `/points` only one that ends its query (trailingMonthDay).
 */
export function readMonthDay(words: readonly string[], i: number): MonthDayPhrase | undefined {
  const w = dayWord(words[i]);
  // Most words stop here.
  const monthFirst = monthNumber(w) !== undefined;
  if (!monthFirst && dayOfMonth(w) === undefined) return undefined;
  const next = dayWord(words[i + 1]);
  const month = monthNumber(monthFirst ? w : next);
  const date = dayOfMonth(monthFirst ? next : w);
  if (month === undefined || date === undefined) return undefined;
  const after = dayWord(words[i + 2]);
  // A comma ends the date: "2 nov, 19 calls" is the 2nd.
  const ambiguous = !monthFirst && dayOfMonth(after) !== undefined && !words[i + 1]!.endsWith(',');
  const year = /^\d{4}$/.test(after) ? Number(after) : undefined;
  return { month, date, year, length: year === undefined ? 2 : 3, ambiguous };
}

/**
 * The month-and-day phrase that ends `words`, and where it starts in `words.join(' ')`;
 * undefined when they end with none. As a word boundary would, the phrase may start inside a
 * word, after punctuation: "<@U1>nov 4" ends with "nov 4". A day-first phrase read as
 * ambiguous ("9 nov 19") ends before the last word, so the month-first one in it ("nov 19") is
 * the one found.
 */
export function trailingMonthDay(words: readonly string[]): { phrase: MonthDayPhrase; at: number } | undefined {
  for (const i of [words.length - 3, words.length - 2]) {
    if (i < 0) continue;
    const cut = /^.*[^\w\s](?=\w)/.exec(words[i]!)?.[0].length ?? 0;
    const tail = [words[i]!.slice(cut), ...words.slice(i + 1)];
    const phrase = readMonthDay(tail, 0);
    if (phrase?.length === tail.length) return { phrase, at: (i > 0 ? words.slice(0, i).join(' ').length + 1 : 0) + cut };
  }
  return undefined;
}

/** Picks the day a phrase without a year names, given that day in any year. */
export type YearChoice = (inYear: (year: number) => LocalDay) => LocalDay;

/**
 * The day a month-and-day phrase names: in the year it gives or, without one, the year
 * `yearless` picks. Written as it reads even when no such day exists ("2026-02-30"): each
 * caller refuses that in its own words.
 */
export function dayOfPhrase(phrase: MonthDayPhrase, yearless: YearChoice): LocalDay {
  const inYear = (year: number) => calendarDate(year, phrase.month, phrase.date);
  return phrase.year === undefined ? yearless(inYear) : inYear(phrase.year);
}

/** The year choice of `/points`: the latest such day up to `latest` (the end of the week asked from). */
export function latestUpTo(latest: LocalDay): YearChoice {
  return (inYear) => {
    const thisYear = Number(latest.slice(0, 4));
    const day = inYear(thisYear);
    return day > latest ? inYear(thisYear - 1) : day;
  };
}

/**
 * The year choice of `/log`: this year's day or, when that is still to come, last year's if it
 * can still be logged ("dec 30" on 2 January); otherwise this year's, refused as in the future.
 */
function loggableYear(ctx: ParseContext): YearChoice {
  return (inYear) => {
    const thisYear = Number(ctx.today.slice(0, 4));
    const day = inYear(thisYear);
    if (!isValidDay(day) || day <= ctx.today) return day;
    const lastYear = inYear(thisYear - 1);
    return dayProblem(lastYear, ctx) ? day : lastYear;
  };
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
  const phrase = readMonthDay(words, i);
  if (!phrase) return undefined;
  // "calls 2 nov 19": the 2nd or the 19th? Ask rather than guess.
  if (phrase.ambiguous) {
    throw new ParseError(
      `I can't tell which day ${quote(words.slice(i, i + 3).join(' '))} is. Write the date as YYYY-MM-DD, like \`${ctx.today}\`.`,
    );
  }
  const day = dayOfPhrase(phrase, loggableYear(ctx));
  if (!isValidDay(day)) {
    const text = words.slice(i, i + phrase.length).join(' ');
    throw new ParseError(`${quote(text)} isn't a real date. Use YYYY-MM-DD, like \`${ctx.today}\`.`);
  }
  return { length: phrase.length, day };
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
