import { HELP_WORDS } from './parse.js';
import { addDays, isValidDay, weekStartOf, type LocalDay } from './week.js';

/** What `/points …` asks for: whose numbers, and which week. */
export type PointsQuery =
  | { kind: 'self'; weekStart: LocalDay }
  | { kind: 'team'; weekStart: LocalDay; managerId?: string }
  | { kind: 'rep'; weekStart: LocalDay; repId: string }
  | { kind: 'help' }
  | { kind: 'future'; weekStart: LocalDay }
  | { kind: 'unknown'; text: string };

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/;

/** Reads `/points`, `/points last week`, `/points 2026-11-09`, `/points team [@manager]`, `/points @rep`, `/points help`. */
export function parsePointsQuery(text: string, currentWeek: LocalDay): PointsQuery {
  let rest = text.trim().replace(/\s+/g, ' ');
  let weekStart = currentWeek;
  const lower = rest.toLowerCase();
  if (HELP_WORDS.has(lower)) return { kind: 'help' };
  const last = /\b(last|previous)( week)?$/.exec(lower);
  const date = /\b(\d{4}-\d{2}-\d{2})$/.exec(rest);
  if (last) {
    weekStart = addDays(currentWeek, -7);
    rest = rest.slice(0, last.index).trim();
  } else if (date && isValidDay(date[1]!)) {
    weekStart = weekStartOf(date[1]!);
    rest = rest.slice(0, date.index).trim();
  } else if (/\b(this )?week$/.test(lower)) {
    rest = rest.replace(/\s*\b(this )?week$/i, '').trim();
  }
  if (weekStart > currentWeek) return { kind: 'future', weekStart };
  if (rest === '') return { kind: 'self', weekStart };
  const team = /^team\b\s*(.*)$/i.exec(rest);
  if (team) {
    const who = MENTION.exec(team[1]!);
    if (team[1] && !who) return { kind: 'unknown', text };
    return who ? { kind: 'team', weekStart, managerId: who[1]! } : { kind: 'team', weekStart };
  }
  const rep = MENTION.exec(rest);
  if (rep && rest.replace(MENTION, '').trim() === '') return { kind: 'rep', weekStart, repId: rep[1]! };
  return { kind: 'unknown', text };
}
