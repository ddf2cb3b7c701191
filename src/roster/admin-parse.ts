import { readAmount } from '../scoring/amount.js';
import { AMOUNT_CEILING } from '../db/schema.js';
import { parseSchedule, type DigestSchedule } from '../digest/schedule.js';
import { quote } from '../mrkdwn.js';
import { ADJUST_LIMIT, REASON_MAX } from '../scoring/adjustments.js';
import type { CatalogueChangeRequest } from '../scoring/catalogue-change.js';
import { CURRENCIES, currencyCode } from '../scoring/amount.js';
import { MAX_GOAL, MAX_WEEK, ROLE_NAME } from '../scoring/programme.js';
import { isValidDay, isoWeekday, weekStartOf, type LocalDay } from '../scoring/week.js';
import { mentionedIds, replaceMentions } from '../slack-ids.js';

/** A role's name as typed, upper-cased (AE, SDR, AM, or one an admin added). */
export type Role = string;

export type AdminRequest =
  | { kind: 'help' }
  | { kind: 'assign'; repIds: string[]; managerId: string }
  | { kind: 'start'; repIds: string[]; date: string }
  | { kind: 'role'; repIds: string[]; role: Role }
  | { kind: 'role_add'; role: Role }
  | { kind: 'roles' }
  | { kind: 'programme'; role?: Role }
  /** One role's goals: a ramp step (`goal` null: no goal in those weeks) or the established goal. */
  | {
      kind: 'role_goal';
      role: Role;
      set: { step: { from: number; to: number; goal: number | null } } | { established: number | null | 'ramp' };
      from?: LocalDay;
    }
  | { kind: 'remove'; repIds: string[] }
  | { kind: 'team'; managerId?: string }
  | { kind: 'admins'; action: 'list' | 'add' | 'remove'; userIds: string[] }
  | { kind: 'digest_show' }
  | { kind: 'digest_schedule'; schedule: DigestSchedule }
  | { kind: 'digest_status' }
  | { kind: 'digest_final'; on: boolean }
  /** A director's Friday roll-up digest of every team below them, on or off. */
  | { kind: 'digest_rollup'; directorId: string; on: boolean }
  | { kind: 'rep_notes'; on: boolean }
  /** `from`: the Monday of the week the change applies from; without it, the admin's current week. */
  | { kind: 'goal'; goal: number; from?: LocalDay }
  | { kind: 'window'; first: number; last: number; from?: LocalDay }
  | { kind: 'forget'; userId: string }
  | { kind: 'currency'; currency?: string }
  /** `week`: a day in the week meant (YYYY-MM-DD), or 'last'; absent for the rep's current week. */
  | { kind: 'adjust'; repId: string; points: number; reason: string; week?: WeekNamed }
  | { kind: 'history'; repId: string; week?: WeekNamed }
  /** A role's catalogue; `role` absent: every role's. */
  | { kind: 'catalogue'; role?: string }
  /** `from` absent: the admin's current week. */
  | { kind: 'catalogue_change'; change: Omit<CatalogueChangeRequest, 'from'> & { from?: LocalDay } }
  /** Days away of a rep (`days` as typed, read in the rep's own today), or taken back. */
  | { kind: 'away'; repId: string; back: boolean; days: string }
  /** A holiday for everyone (`region` '') or one region. */
  | { kind: 'holiday_set'; day: LocalDay; name: string; region: string }
  | { kind: 'holiday_remove'; day: LocalDay; region: string }
  | { kind: 'holidays' }
  | { kind: 'region'; repIds: string[]; region: string | null }
  /** The workbook of entries, weeks and KPIs from `from` to `to` (days, both included), sent by DM. */
  | { kind: 'export'; from?: LocalDay; to?: LocalDay }
  /** A rep's monthly quota; `currency` null for the organisation's. */
  | { kind: 'quota'; repId: string; cents: number; currency: string | null }
  | { kind: 'error'; message: string };

const error = (message: string): AdminRequest => ({ kind: 'error', message });

/** A week an admin names: a day in it, or the rep's last week. */
export type WeekNamed = { day: string } | { last: true };

const ADJUST_USAGE = 'Write it as `/points-admin adjust @rep -50 "reason" [YYYY-MM-DD]`.';
/** A reason in straight, curly or single quotes, and what it leaves. */
const QUOTED = /["“”](.*?)["“”]|['‘’](.*?)['‘’]/;

/** A week named at the end of an admin's words, and the words before it; an error for a day that is no date. */
function trailingWeek(text: string): { rest: string; week?: WeekNamed } | AdminRequest {
  const iso = /\s*\b(\d{4}-\d{2}-\d{2})\s*$/.exec(text);
  if (iso) {
    if (!isValidDay(iso[1]!)) return error(`${iso[1]} isn't a real date. Use YYYY-MM-DD, like 2026-11-02.`);
    return { rest: text.slice(0, iso.index), week: { day: iso[1]! } };
  }
  const last = /\s*\blast week\s*$/i.exec(text);
  if (last) return { rest: text.slice(0, last.index), week: { last: true } };
  return { rest: text };
}

/** The one rep a correction is for. */
function oneRep(text: string, usage: string): string | AdminRequest {
  const reps = needPeople(text, 'rep');
  if (!Array.isArray(reps)) return reps;
  return reps.length === 1 ? reps[0]! : error(`Correct one rep at a time. ${usage}`);
}

const QUOTA_USAGE = 'Write it as `/points-admin quota @rep $50k`: a monthly quota, with its currency or in the organisation’s.';

/** `quota @rep $50k`: one rep and one amount above zero. */
function parseQuota(tail: string): AdminRequest {
  const repId = oneRep(tail, QUOTA_USAGE);
  if (typeof repId !== 'string') return repId;
  const amount = replaceMentions(tail, () => ' ')
    .trim()
    .replace(/\s+/g, '');
  const reading = readAmount(amount, AMOUNT_CEILING / 100);
  if (amount === '' || !reading.ok || reading.cents === 0) return error(QUOTA_USAGE);
  return { kind: 'quota', repId, cents: reading.cents, currency: reading.currency };
}

/** `adjust @rep -50 "reason" [week]`: a bounded whole number of points, a reason, and optionally the week. */
function parseAdjust(tail: string): AdminRequest {
  const named = trailingWeek(tail);
  if ('kind' in named) return named;
  const quoted = QUOTED.exec(named.rest);
  const reason = (quoted ? (quoted[1] ?? quoted[2] ?? '') : '').trim();
  const before = quoted ? named.rest.slice(0, quoted.index) + named.rest.slice(quoted.index + quoted[0].length) : named.rest;
  const repId = oneRep(before, ADJUST_USAGE);
  if (typeof repId !== 'string') return repId;
  const words = replaceMentions(before, () => ' ').trim();
  if (!/^[+\-−]?\d[\d,]*$/.test(words)) return error(ADJUST_USAGE);
  const points = Number(words.replace(/[,+]/g, '').replace('−', '-'));
  if (!Number.isSafeInteger(points) || points === 0 || Math.abs(points) > ADJUST_LIMIT)
    return error(`An adjustment is a whole number between −1,000 and +1,000 points, and not 0. ${ADJUST_USAGE}`);
  if (!reason) return error(`Give a reason in quotes; it is kept and shown with the adjustment. ${ADJUST_USAGE}`);
  if (reason.length > REASON_MAX) return error(`Keep the reason to ${REASON_MAX} characters; it is shown on one line.`);
  return { kind: 'adjust', repId, points, reason, ...(named.week ? { week: named.week } : {}) };
}

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
  if (what === 'rep') return 'adjust @alex -50 "duplicate calls"';
  if (what === 'director') return 'digest rollup @dir on';
  return what === 'admin' ? 'admins add @dana' : 'start @alex 2026-11-02';
}

/**
 * A field's value as read, or what is wrong with it in words that fit both a typed command's
 * answer and a form field's error: the typed commands and the programme's editing forms read
 * their values with the same readers, so they keep the same rules.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** The Monday of the week a day (YYYY-MM-DD) falls in. */
export function readWeekOf(day: string): Read<LocalDay> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return bad('Give the week as a date in it, YYYY-MM-DD, like 2026-12-07.');
  if (!isValidDay(day)) return bad(`${day} isn't a real date. Use YYYY-MM-DD, like 2026-12-07.`);
  return ok(weekStartOf(day));
}

/** An activity's name, as reps will type it: at most 60 characters. */
export function readActivityName(text: string): Read<string> {
  const name = text.trim();
  return name && name.length <= 60 ? ok(name) : bad('Name the activity, at most 60 characters.');
}

/** An activity's points: a whole number from 0 to 1,000. */
export function readPoints(text: string | undefined): Read<number> {
  const typed = (text ?? '').trim();
  return /^\d{1,4}$/.test(typed) && Number(typed) <= 1000 ? ok(Number(typed)) : bad('Give the points as a whole number from 0 to 1,000.');
}

/** Aliases separated by commas, in lower case: at most 20, each up to 40 characters. */
export function readAliases(text: string | undefined): Read<string[]> {
  const aliases = (text ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  return aliases.length > 20 || aliases.some((a) => a.length > 40)
    ? bad('Give at most 20 aliases, each up to 40 characters.')
    : ok(aliases);
}

/** A goal in points (1 to 100,000) or `none`. */
export function readGoal(text: string): Read<number | null> {
  const typed = text.trim();
  if (/^none$/i.test(typed)) return ok(null);
  const n = Number(typed.replace(/,/g, ''));
  return /^\d[\d,]*$/.test(typed) && n >= 1 && n <= MAX_GOAL
    ? ok(n)
    : bad(`A goal is a whole number of points from 1 to ${MAX_GOAL.toLocaleString('en-US')}, or \`none\`.`);
}

/** The goal after the ramp: points, `none`, or `ramp` (the ramp's last goal). */
export function readEstablished(text: string): Read<number | null | 'ramp'> {
  if (/^ramp$/i.test(text.trim())) return ok('ramp');
  const goal = readGoal(text);
  return goal.ok ? goal : bad("The established goal is points, `none` or `ramp` (the ramp's last goal).");
}

/** A ramp step's onboarding weeks, first to last. */
export function readRampWeeks(first: string, last: string): Read<{ from: number; to: number }> {
  const [from, to] = [Number(first), Number(last)];
  return /^\d{1,3}$/.test(first.trim()) && /^\d{1,3}$/.test(last.trim()) && from >= 1 && to >= from && to <= MAX_WEEK
    ? ok({ from, to })
    : bad(`Onboarding weeks run from 1 to ${MAX_WEEK}, the first no later than the last.`);
}

/** A setting's value and the week it applies from (`300 from 2026-12-09`: the week of Monday 7 Dec). */
function fromWeek(tail: string, example: string): { value: string; from?: LocalDay } | AdminRequest {
  const m = /^(.*?)\s+from\s+(.*)$/i.exec(tail);
  if (!m) return { value: tail };
  const week = readWeekOf(m[2]!.trim());
  if (!week.ok) return error(`${week.problem} \`/points-admin ${example} from 2026-12-07\`.`);
  return { value: m[1]!.trim(), from: week.value };
}

const CATALOGUE_USAGE =
  'Write it as `/points-admin points AE "demo self-led" 30`, `activity add SDR "qualified meeting" 15 aliases sql,qualified group meeting`, ' +
  '`activity rename AE "demo self-led" "self-led demo"`, `activity aliases AE "demo self-led" solo` or `activity retire AE "demo shadow"`, ' +
  'each with `from 2026-12-07` for a later week.';

/** `points …` and `activity …`: a role, an activity in quotes (or one word), and what changes. */
function parseCatalogueChange(verb: string, tail: string): AdminRequest {
  const dated = fromWeek(tail, verb === 'points' ? 'points AE "demo self-led" 30' : 'activity retire AE "demo shadow"');
  if ('kind' in dated) return dated;
  const tokens = [...dated.value.matchAll(/["“”]([^"“”]*)["“”]|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? '').trim());
  const action = verb === 'points' ? 'points' : (tokens.shift() ?? '').toLowerCase();
  const role = (tokens.shift() ?? '').toUpperCase();
  if (!/^[A-Z][A-Z0-9_-]{0,19}$/.test(role)) return error(CATALOGUE_USAGE);
  const named = readActivityName(tokens.shift() ?? '');
  if (!named.ok) return error(`${named.problem} Put it in quotes. ${CATALOGUE_USAGE}`);
  const name = named.value;
  const change = (activity: string | undefined, edit: CatalogueChangeRequest['edit']): AdminRequest => ({
    kind: 'catalogue_change',
    change: { role, ...(activity ? { activity } : {}), edit, ...(dated.from ? { from: dated.from } : {}) },
  });
  const aliasesOf = (text: string | undefined, then: (aliases: string[]) => AdminRequest) => {
    const read = readAliases(text);
    return read.ok ? then(read.value) : error(read.problem);
  };
  switch (action) {
    case 'points': {
      const points = readPoints(tokens[0]);
      return !points.ok || tokens.length !== 1
        ? error(`Give the points as a whole number from 0 to 1,000. ${CATALOGUE_USAGE}`)
        : change(name, { kind: 'points', points: points.value });
    }
    case 'add': {
      const points = readPoints(tokens[0]);
      if (!points.ok) return error(`Give the new activity’s points, 0 to 1,000. ${CATALOGUE_USAGE}`);
      // Then `aliases a,b` and `group KEY`, each at most once, in either order.
      const extra = new Map<string, string>();
      for (let i = 1; i < tokens.length; i += 2) {
        const word = tokens[i]!.toLowerCase();
        if (!['aliases', 'group'].includes(word) || tokens[i + 1] === undefined || extra.has(word)) return error(CATALOGUE_USAGE);
        extra.set(word, tokens[i + 1]!);
      }
      const group = extra.get('group')?.toLowerCase();
      return aliasesOf(extra.get('aliases'), (aliases) =>
        change(undefined, { kind: 'add', name: name.toLowerCase(), points: points.value, aliases, ...(group ? { group } : {}) }),
      );
    }
    case 'rename': {
      const to = readActivityName(tokens[0] ?? '');
      return !to.ok || tokens.length !== 1 ? error(CATALOGUE_USAGE) : change(name, { kind: 'rename', name: to.value.toLowerCase() });
    }
    case 'aliases':
      return aliasesOf(tokens.join(' '), (aliases) =>
        aliases.length === 0 ? error(CATALOGUE_USAGE) : change(name, { kind: 'aliases', aliases }),
      );
    case 'retire':
      return tokens.length > 0 ? error(CATALOGUE_USAGE) : change(name, { kind: 'retire' });
    default:
      return error(CATALOGUE_USAGE);
  }
}

const HOLIDAY_USAGE = 'Write it as `/points-admin holiday 2026-11-26 "Thanksgiving" [US]`, `holiday remove 2026-11-26 [US]` or `holidays`.';

/** A region as the roster keeps it ("US", "UK-North"), or an error; '' (none given) is everyone. */
function readRegion(text: string): string | AdminRequest {
  if (text === '' || /^[a-z][a-z0-9-]{0,15}$/i.test(text)) return text.toUpperCase();
  return error(`A region is a short code like US or UK-North (one word, up to 16 letters, digits or hyphens), not ${quote(text)}.`);
}

/** A holiday's day: a real working day written YYYY-MM-DD. */
function holidayDay(word: string): string | AdminRequest {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(word)) return error(HOLIDAY_USAGE);
  if (!isValidDay(word)) return error(`${word} isn't a real date. Use YYYY-MM-DD, like 2026-11-26.`);
  return isoWeekday(word) > 5 ? error(`${word} is not a working day (Monday to Friday): no goal to prorate.`) : word;
}

/** `holiday …`, `holidays`: set one, remove one, or list them. */
function parseHoliday(tail: string): AdminRequest {
  const remove = /^(?:remove|delete)\s+(\S+)\s*(.*)$/i.exec(tail);
  if (tail === '' || /^list$/i.test(tail)) return { kind: 'holidays' };
  const [first = '', ...more] = (remove ? remove[1]! : tail).split(' ');
  const day = holidayDay(first);
  if (typeof day !== 'string') return day;
  if (remove) {
    const region = readRegion(remove[2]!.trim());
    return typeof region === 'string' ? { kind: 'holiday_remove', day, region } : region;
  }
  const rest = more.join(' ');
  const quoted = QUOTED.exec(rest);
  const name = (quoted ? (quoted[1] ?? quoted[2] ?? '') : '').trim();
  if (!quoted || !name) return error(`Give the holiday a name in quotes. ${HOLIDAY_USAGE}`);
  if (name.length > 60) return error('Keep the holiday’s name to 60 characters.');
  const region = readRegion((rest.slice(0, quoted.index) + rest.slice(quoted.index + quoted[0].length)).trim());
  return typeof region === 'string' ? { kind: 'holiday_set', day, name, region } : region;
}

/** A role name as typed, checked for shape (whether it exists is the programme's to say). */
function roleName(typed: string, then: (role: Role) => AdminRequest): AdminRequest {
  const role = typed.trim().toUpperCase();
  if (!ROLE_NAME.test(role))
    return error(`${quote(typed.trim())} isn't a role name: 2 to 12 letters, digits, - or _, starting with a letter (e.g. CSM).`);
  return then(role);
}

const GOAL_USAGE =
  'Write it as `/points-admin goal SDR 300 weeks 3-13`, `goal SDR none weeks 1-2`, `goal AE 400 established` or `goal AE established none`, optionally ending `from 2026-12-07`.';

/** `goal SDR 300 weeks 3-13` / `goal AE 400 established` / `goal AE established none|ramp`. */
function parseRoleGoal(value: string, from: LocalDay | undefined): AdminRequest {
  const [typedRole = '', ...words] = value.split(' ');
  const rest = words.join(' ');
  const dated = from ? { from } : {};
  return roleName(typedRole, (role) => {
    const step = /^(\S+)\s+weeks?\s+(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})$/i.exec(rest);
    if (step) {
      const goal = readGoal(step[1]!);
      if (!goal.ok) return error(`${goal.problem} ${GOAL_USAGE}`);
      const weeks = readRampWeeks(step[2]!, step[3]!);
      if (!weeks.ok) return error(`${weeks.problem} ${GOAL_USAGE}`);
      return { kind: 'role_goal', role, set: { step: { ...weeks.value, goal: goal.value } }, ...dated };
    }
    const est = /^(\S+)\s+established$/i.exec(rest) ?? /^established\s+(\S+)$/i.exec(rest);
    if (est) {
      const goal = readEstablished(est[1]!);
      if (!goal.ok) return error(`${goal.problem} ${GOAL_USAGE}`);
      return { kind: 'role_goal', role, set: { established: goal.value }, ...dated };
    }
    return error(GOAL_USAGE);
  });
}

const EXPORT_USAGE = 'Give the dates as YYYY-MM-DD: `/points-admin export [from] [to]`, like `export 2026-11-01 2026-11-30`.';

/** `export [from] [to]`: up to two real days, the first not after the second. */
function parseExport(tail: string): AdminRequest {
  const words = tail.split(' ').filter(Boolean);
  if (words.length > 2 || words.some((w) => !/^\d{4}-\d{2}-\d{2}$/.test(w))) return error(EXPORT_USAGE);
  const bad = words.find((w) => !isValidDay(w));
  if (bad) return error(`${bad} isn’t a real date. ${EXPORT_USAGE}`);
  const [from, to] = words;
  if (from && to && from > to) return error(`The first date is after the second. ${EXPORT_USAGE}`);
  return { kind: 'export', ...(from ? { from } : {}), ...(to ? { to } : {}) };
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
    case 'roles':
      return { kind: 'roles' };
    case 'role': {
      const add = /^add\s+(\S+)$/i.exec(tail);
      if (add) return roleName(add[1]!, (role) => ({ kind: 'role_add', role }));
      const words = replaceMentions(tail, () => ' ').trim();
      const reps = needPeople(tail, 'reps');
      if (!Array.isArray(reps)) return reps;
      if (!words || /\s/.test(words)) return error('Name one role: `/points-admin role @alex SDR`; `/points-admin roles` lists them.');
      return roleName(words, (role) => ({ kind: 'role', repIds: reps, role }));
    }
    case 'programme':
    case 'program':
      return tail ? roleName(tail, (role) => ({ kind: 'programme', role })) : { kind: 'programme' };
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
      if (/^roll-?up\b/i.test(tail)) {
        const usage = 'Write it as `/points-admin digest rollup @director on` (or `off`).';
        const who = needPeople(tail, 'director');
        if (!Array.isArray(who)) return who;
        const onOff = /^(on|off)$/i.exec(replaceMentions(tail.replace(/^roll-?up/i, ''), () => ' ').trim());
        if (who.length !== 1 || !onOff) return error(usage);
        return { kind: 'digest_rollup', directorId: who[0]!, on: onOff[1]!.toLowerCase() === 'on' };
      }
      const args = tail.toLowerCase();
      if (args === '') return { kind: 'digest_show' };
      if (args === 'status') return { kind: 'digest_status' };
      const notes = /^rep[- ]?notes (on|off)$/.exec(args);
      if (notes) return { kind: 'rep_notes', on: notes[1] === 'on' };
      const final = /^final (on|off)$/.exec(args);
      if (final) return { kind: 'digest_final', on: final[1] === 'on' };
      const schedule = parseSchedule(args);
      if (!schedule) {
        return error(
          'Write the digest time as a weekday and a 24-hour time, e.g. `/points-admin digest friday 15:00`, or use `digest status` / `digest rep-notes on|off` / `digest final on|off`.',
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
    case 'adjust':
      return parseAdjust(tail);
    case 'quota':
      return parseQuota(tail);
    case 'away':
    case 'back': {
      const repId = oneRep(tail, 'Write it as `/points-admin away @rep 2026-12-24 to 2026-12-31` or `back @rep friday`.');
      if (typeof repId !== 'string') return repId;
      const days = replaceMentions(tail, () => ' ')
        .trim()
        .replace(/\s+/g, ' ');
      const undo = /^(?:undo|back)\b\s*/i;
      return { kind: 'away', repId, back: verb === 'back' || undo.test(days), days: days.replace(undo, '') };
    }
    case 'holiday':
    case 'holidays':
      return parseHoliday(tail);
    case 'region': {
      const word = replaceMentions(tail, () => ' ').trim();
      const reps = needPeople(tail, 'reps');
      if (!Array.isArray(reps)) return reps;
      if (/^(?:none|clear)$/i.test(word)) return { kind: 'region', repIds: reps, region: null };
      const region = readRegion(word);
      if (typeof region !== 'string') return region;
      return region ? { kind: 'region', repIds: reps, region } : error('Give the region: `/points-admin region @alex US` (or `none`).');
    }
    case 'history': {
      const named = trailingWeek(tail);
      if ('kind' in named) return named;
      const repId = oneRep(named.rest, 'Write it as `/points-admin history @rep [YYYY-MM-DD]`.');
      if (typeof repId !== 'string') return repId;
      return { kind: 'history', repId, ...(named.week ? { week: named.week } : {}) };
    }
    case 'goal': {
      const dated = fromWeek(tail, 'goal 500');
      if ('kind' in dated) return dated;
      if (/^[a-z]/i.test(dated.value)) return parseRoleGoal(dated.value, dated.from);
      const goal = Number(dated.value);
      if (!/^\d+$/.test(dated.value) || goal < 1 || goal > 100_000)
        return error('Give the weekly goal in points, e.g. `/points-admin goal 500` or `goal 500 from 2026-12-07`.');
      return { kind: 'goal', goal, ...(dated.from ? { from: dated.from } : {}) };
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
      const dated = fromWeek(tail, 'window 3-13');
      if ('kind' in dated) return dated;
      const m = /^(\d{1,2})\s*(?:-|–|to|\s)\s*(\d{1,2})$/.exec(dated.value);
      const first = Number(m?.[1]);
      const last = Number(m?.[2]);
      if (!m || first < 1 || last < first || last > 104)
        return error('Give the onboarding weeks the goal applies in, e.g. `/points-admin window 3-13` or `window 3-13 from 2026-12-07`.');
      return { kind: 'window', first, last, ...(dated.from ? { from: dated.from } : {}) };
    }
    case 'points':
    case 'activity':
      return parseCatalogueChange(verb, tail);
    case 'export':
      return parseExport(tail);
    case 'catalogue':
    case 'catalog':
      return tail ? { kind: 'catalogue', role: tail.toUpperCase() } : { kind: 'catalogue' };
    default:
      return error(`I don't know ${quote(verb)}. \`/points-admin help\` lists what I can do.`);
  }
}
