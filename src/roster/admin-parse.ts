import { parseSchedule, type DigestSchedule } from '../digest/schedule.js';
import { quote } from '../mrkdwn.js';
import { CURRENCIES, currencyCode } from '../scoring/amount.js';
import { isValidDay } from '../scoring/week.js';
import { mentionedIds, replaceMentions } from '../slack-ids.js';

export type Role = 'AE' | 'SDR' | 'AM';

export type AdminRequest =
  | { kind: 'help' }
  | { kind: 'assign'; repIds: string[]; managerId: string }
  | { kind: 'start'; repIds: string[]; date: string }
  | { kind: 'role'; repIds: string[]; role: Role }
  | { kind: 'remove'; repIds: string[] }
  | { kind: 'team'; managerId?: string }
  | { kind: 'admins'; action: 'list' | 'add' | 'remove'; userIds: string[] }
  | { kind: 'digest_show' }
  | { kind: 'digest_schedule'; schedule: DigestSchedule }
  | { kind: 'digest_status' }
  | { kind: 'rep_notes'; on: boolean }
  | { kind: 'goal'; goal: number }
  | { kind: 'window'; first: number; last: number }
  | { kind: 'forget'; userId: string }
  | { kind: 'currency'; currency?: string }
  | { kind: 'error'; message: string };

const error = (message: string): AdminRequest => ({ kind: 'error', message });

/** Words left once mentions are taken out; a stray "@name" means Slack did not recognise a person. */
function strayName(text: string): string | undefined {
  return replaceMentions(text, () => ' ').match(/@[^\s,]+/)?.[0];
}

function needPeople(text: string, what: string): string[] | AdminRequest {
  const stray = strayName(text);
  if (stray)
    return error(`I couldn't tell who ${quote(stray)} is. Pick people from Slack's @-mention list so the name turns into a mention.`);
  const ids = mentionedIds(text);
  return ids.length > 0 ? ids : error(`Say which ${what}: mention them with @, e.g. \`/points-admin ${example(what)}\`.`);
}

function example(what: string): string {
  return what === 'admin' ? 'admins add @dana' : 'start @alex 2026-11-02';
}

/** Reads `/points-admin …` into a request, or an error that says how to write it. */
export function parseAdmin(text: string): AdminRequest {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const [word = '', ...rest] = trimmed.split(' ');
  const verb = word.toLowerCase();
  const tail = rest.join(' ');
  switch (verb) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'assign': {
      const m = /^(.*)\bto\b(.*)$/i.exec(tail);
      if (!m) return error('Write it as `/points-admin assign @rep [@rep …] to @manager`.');
      const reps = needPeople(m[1]!, 'reps');
      if (!Array.isArray(reps)) return reps;
      const managers = needPeople(m[2]!, 'manager');
      if (!Array.isArray(managers)) return managers;
      if (managers.length !== 1) return error('Assign to one manager at a time.');
      const managerId = managers[0]!;
      if (reps.includes(managerId)) return error(`<@${managerId}> can't be their own manager.`);
      return { kind: 'assign', repIds: reps, managerId };
    }
    case 'start': {
      const date = tail.match(/\b\d{4}-\d{2}-\d{2}\b/)?.[0];
      const reps = needPeople(tail.replace(/\b\d{4}-\d{2}-\d{2}\b/, ' '), 'reps');
      if (!Array.isArray(reps)) return reps;
      if (!date) return error('Give the start date as YYYY-MM-DD: `/points-admin start @alex 2026-11-02`.');
      if (!isValidDay(date)) return error(`${date} isn't a real date. Use YYYY-MM-DD, like 2026-11-02.`);
      return { kind: 'start', repIds: reps, date };
    }
    case 'role': {
      const role = replaceMentions(tail, () => ' ')
        .trim()
        .toUpperCase();
      const reps = needPeople(tail.replace(/\b(ae|sdr|am)\b/i, ' '), 'reps');
      if (!Array.isArray(reps)) return reps;
      if (role !== 'AE' && role !== 'SDR' && role !== 'AM') return error('The role is AE, SDR or AM: `/points-admin role @alex SDR`.');
      return { kind: 'role', repIds: reps, role };
    }
    case 'remove': {
      const reps = needPeople(tail, 'reps');
      return Array.isArray(reps) ? { kind: 'remove', repIds: reps } : reps;
    }
    case 'team': {
      if (tail === '') return { kind: 'team' };
      const who = needPeople(tail, 'manager');
      if (!Array.isArray(who)) return who;
      return { kind: 'team', managerId: who[0]! };
    }
    case 'admins':
    case 'admin': {
      const [action = 'list', ...people] = rest;
      const a = action.toLowerCase();
      if (a === 'list' || a === '') return { kind: 'admins', action: 'list', userIds: [] };
      if (a !== 'add' && a !== 'remove') return error('Use `/points-admin admins`, `admins add @user` or `admins remove @user`.');
      const ids = needPeople(people.join(' '), 'admin');
      return Array.isArray(ids) ? { kind: 'admins', action: a, userIds: ids } : ids;
    }
    case 'digest': {
      const args = tail.toLowerCase();
      if (args === '') return { kind: 'digest_show' };
      if (args === 'status') return { kind: 'digest_status' };
      const notes = /^rep[- ]?notes (on|off)$/.exec(args);
      if (notes) return { kind: 'rep_notes', on: notes[1] === 'on' };
      const schedule = parseSchedule(args);
      if (!schedule) {
        return error(
          'Write the digest time as a weekday and a 24-hour time, e.g. `/points-admin digest friday 15:00`, or use `digest status` / `digest rep-notes on|off`.',
        );
      }
      return { kind: 'digest_schedule', schedule };
    }
    case 'forget': {
      const who = needPeople(tail, 'user');
      if (!Array.isArray(who)) return who;
      if (who.length !== 1) return error('Erase one person at a time: `/points-admin forget @user`.');
      return { kind: 'forget', userId: who[0]! };
    }
    case 'goal': {
      const goal = Number(tail);
      if (!/^\d+$/.test(tail) || goal < 1 || goal > 100_000) return error('Give the weekly goal in points, e.g. `/points-admin goal 500`.');
      return { kind: 'goal', goal };
    }
    case 'currency': {
      if (tail === '') return { kind: 'currency' };
      const currency = currencyCode(tail);
      if (!currency) {
        return error(
          `Give the currency as a three-letter code, like \`/points-admin currency EUR\`. I know ${[...CURRENCIES].join(', ')}.`,
        );
      }
      return { kind: 'currency', currency };
    }
    case 'window': {
      const m = /^(\d{1,2})\s*(?:-|–|to|\s)\s*(\d{1,2})$/.exec(tail);
      const first = Number(m?.[1]);
      const last = Number(m?.[2]);
      if (!m || first < 1 || last < first || last > 104)
        return error('Give the onboarding weeks the goal applies in, e.g. `/points-admin window 3-13`.');
      return { kind: 'window', first, last };
    }
    default:
      return error(`I don't know ${quote(verb)}. \`/points-admin help\` lists what I can do.`);
  }
}
