import { mentionedIds, replaceMentions } from '../slack-ids.js';
import { dayOfPhrase, HELP_WORDS, latestUpTo, numberWord, trailingMonthDay } from './parse/index.js';
import { addDays, isValidDay, weekStartOf, type LocalDay } from './week.js';

/** The span `/points kpis` reads conversion and deals over: a week (the one named), this month or this quarter. */
export type KpiSpan = 'week' | 'month' | 'quarter';

/** What `/points …` asks for: whose numbers, which week, and whether their KPIs (`kpis`) rather than points. */
export type PointsQuery =
  | { kind: 'self'; weekStart: LocalDay; kpis?: KpiSpan }
  | { kind: 'team'; weekStart: LocalDay; managerId?: string; kpis?: KpiSpan }
  | { kind: 'rep'; weekStart: LocalDay; repId: string; kpis?: KpiSpan }
  | { kind: 'help' }
  | { kind: 'future'; weekStart: LocalDay }
  /** `badDate`: the phrase that looked like a date but is none ("feb 30"). */
  | { kind: 'unknown'; text: string; badDate?: string };

// The label stops at the next `<` too, so many an unclosed "<@U1|" cannot make reading quadratic.
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})$/;
/** "3 weeks ago", "two weeks ago", "a week ago". */
const WEEKS_AGO = /\b(\d{1,3}|[a-z]+(?:-[a-z]+)?) weeks? ago$/i;

type WeekPhrase = { weekStart: LocalDay; at: number } | { invalid: string };

/** A week named at the end of the query, and where its phrase starts; undefined when none is. */
function trailingWeek(rest: string, currentWeek: LocalDay): WeekPhrase | undefined {
  const lower = rest.toLowerCase();
  const last = /\b(last|previous)( week)?$/.exec(lower);
  if (last) return { weekStart: addDays(currentWeek, -7), at: last.index };
  const thisWeek = /\b(this )?week$/.exec(lower);
  if (thisWeek) return { weekStart: currentWeek, at: thisWeek.index };
  const ago = WEEKS_AGO.exec(rest);
  if (ago) {
    const n = /^\d+$/.test(ago[1]!) ? Number(ago[1]) : ago[1]!.toLowerCase() === 'a' ? 1 : numberWord(ago[1]!);
    if (n !== undefined) return { weekStart: addDays(currentWeek, -7 * n), at: ago.index };
  }
  const iso = ISO_DATE.exec(rest);
  if (iso) return isValidDay(iso[1]!) ? { weekStart: weekStartOf(iso[1]!), at: iso.index } : { invalid: iso[1]! };
  // "nov 9", "9th November 2025": read as /log reads them, but only at the end of the query.
  const monthDay = trailingMonthDay(rest.split(' '));
  if (monthDay) {
    // Without a year, the latest such day up to the end of this week.
    const day = dayOfPhrase(monthDay.phrase, latestUpTo(addDays(currentWeek, 6)));
    return isValidDay(day) ? { weekStart: weekStartOf(day), at: monthDay.at } : { invalid: rest.slice(monthDay.at) };
  }
  return undefined;
}

/** The word that asks for KPIs, anywhere among the others; and a month or quarter after it. */
const KPI_WORD = /(?:^| )kpis?(?= |$)/i;
const KPI_SPAN = /(?:^| )(?:this )?(month|quarter)$/i;

/**
 * Reads `/points`, then optionally `team [@manager]` or `@rep`, then optionally a week: `last
 * week`, `3 weeks ago`, `nov 9`, `9 november 2025` or `2026-11-09` (the week containing that
 * day); or `/points help`. The word `kpis` anywhere asks for the KPIs instead, of a week or of
 * `month` or `quarter` (this one).
 */
export function parsePointsQuery(text: string, currentWeek: LocalDay): PointsQuery {
  let rest = text.trim().replace(/\s+/g, ' ');
  if (HELP_WORDS.has(rest.toLowerCase())) return { kind: 'help' };
  const kpiWord = KPI_WORD.exec(rest);
  if (kpiWord) {
    rest = `${rest.slice(0, kpiWord.index)} ${rest.slice(kpiWord.index + kpiWord[0].length)}`.trim().replace(/\s+/g, ' ');
    const span = KPI_SPAN.exec(rest);
    const kpis: KpiSpan = span ? (span[1]!.toLowerCase() as KpiSpan) : 'week';
    if (span) rest = rest.slice(0, span.index).trim();
    const query = parsePointsQuery(rest, currentWeek);
    if (query.kind === 'unknown') return { kind: 'unknown', text };
    // A month or quarter is this one: no week phrase goes with it.
    if (span && query.kind !== 'help' && query.weekStart !== currentWeek) return { kind: 'unknown', text };
    return query.kind === 'self' || query.kind === 'team' || query.kind === 'rep' ? { ...query, kpis } : query;
  }
  let weekStart = currentWeek;
  const week = trailingWeek(rest, currentWeek);
  if (week && 'invalid' in week) {
    return { kind: 'unknown', text, badDate: week.invalid };
  }
  if (week) {
    weekStart = week.weekStart;
    rest = rest.slice(0, week.at).trim();
  }
  if (weekStart > currentWeek) return { kind: 'future', weekStart };
  if (rest === '') return { kind: 'self', weekStart };
  const team = /^team\b\s*(.*)$/i.exec(rest);
  if (team) {
    const [who] = mentionedIds(team[1]!);
    if (team[1] && !who) return { kind: 'unknown', text };
    return who ? { kind: 'team', weekStart, managerId: who } : { kind: 'team', weekStart };
  }
  // One mention and nothing else.
  let mentions = 0;
  const unmentioned = replaceMentions(rest, () => (mentions++, ''));
  const [rep] = mentionedIds(rest);
  if (rep && mentions === 1 && unmentioned.trim() === '') return { kind: 'rep', weekStart, repId: rep };
  return { kind: 'unknown', text };
}
