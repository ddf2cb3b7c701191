import { createHash } from 'node:crypto';
import { parseLog, type ParseContext, type ParseResult } from '../scoring/parse/index.js';
import { recordEntries } from '../scoring/ledger.js';
import { namedAccount, recordDealEvent } from '../scoring/accounts.js';
import { otherRoleActivities } from '../scoring/role-activities.js';
import { isValidDay, weekStartOf, type LocalDay } from '../scoring/week.js';
import { otherRoleRefusal } from '../views/catalogue.js';
import {
  buildDealConfirmation,
  buildLogConfirmation,
  buildLogError,
  buildLogQuestion,
  buildSlowDown,
  buildWeekInDoubt,
} from '../views/log.js';
import type { SlackMessage } from '../views/message.js';
import { catalogueOfWeek, parseContextFor, type Deps, type RepNow } from './deps.js';
import { judgeWeeks, type JudgedWeek } from '../scoring/standing.js';

/**
 * Reads a line to log by the rep's own role's catalogue: this week's first, then, for a line
 * about a day of another week, that week's, so the entry is read and scored by the catalogue in
 * force then. `ctx` overrides the rep's context (a question's day and answers so far).
 */
export function readLogLine(deps: Deps, rep: RepNow, line: string, ctx?: Partial<ParseContext>): ParseResult {
  const parsed = parseLog(line, ctx ? { ...rep.parse, ...ctx } : rep.parse);
  if (parsed.kind !== 'log') return parsed;
  const week = weekStartOf(parsed.day);
  if (week === rep.week.currentWeek) return parsed;
  return parseLog(line, { ...parseContextFor(deps, rep, week), ...ctx });
}

/**
 * A question's button value: the rep's day when asked, their answers so far and the line as
 * typed. The line is read again with them, so the button needs no stored state; the day keeps
 * "yesterday" meaning what it meant when the rep wrote it. At most about 1,030 characters
 * (MAX_LINE_CHARS and a little), within a button value's 2,000.
 */
export function answerValue(today: LocalDay, answers: string, line: string): string {
  return `${today}|${answers}|${line}`;
}

/** A question button's value read back, or undefined when it is not one. */
export function readAnswerValue(value: string): { today: LocalDay; answers: string; line: string } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})\|([a-z]*)\|([\s\S]*)$/.exec(value);
  return m && isValidDay(m[1]!) ? { today: m[1]!, answers: m[2]!, line: m[3]! } : undefined;
}

/**
 * The key that makes a second click of one button (before Slack replaces its message) log
 * nothing more: the message's timestamp and a digest of what the button logs. None outside a
 * message (a click always comes from one in Slack).
 */
export function clickKey(kind: string, messageTs: string | undefined, logged: string): string | undefined {
  return messageTs ? `${kind}:${messageTs}:${createHash('sha256').update(logged).digest('hex').slice(0, 16)}` : undefined;
}

/** The line being answered, as a question's buttons carry it, and how the answer is saved. */
export interface LineAnswered {
  /** The line as typed, read again with each answer. */
  line: string;
  /** The rep's day when the line was first typed (their day now for a new line). */
  today: LocalDay;
  /** Makes a second click of the same question log nothing more. */
  clientKey?: string;
  /** False for an answer to a question: the line it answers was already counted against the rate limit. */
  counted?: boolean;
}

/**
 * The answer to a line to log, typed after `/log`, sent by a "Log this" button or by an answer
 * to a question: slowed down, refused with the reason (and the line corrected, when there is
 * one), asked about with buttons when it is ambiguous, or saved and confirmed with each week
 * it touched judged by that week's own goal.
 */
export async function answerLogLine(
  deps: Deps,
  userId: string,
  rep: RepNow,
  parsed: Extract<ParseResult, { kind: 'log' | 'deal' | 'error' | 'ask' }>,
  answered: LineAnswered,
): Promise<SlackMessage> {
  if (answered.counted !== false) {
    // A line refused counts as one saved does, so a flood of bad or over-long lines is slowed too.
    const allowed = deps.logLimiter.take(userId, rep.now.getTime());
    if (!allowed.ok) return buildSlowDown(deps.config.logRatePerMinute, allowed.retryInMs);
  }
  if (parsed.kind === 'error') {
    // Only on this error path: a line another role's catalogue reads is refused with the reason.
    const foreign = otherRoleActivities(deps.db, rep, answered.line, rep.week.currentWeek);
    if (foreign) return buildLogError(otherRoleRefusal(foreign), false, rep.catalogue, rep.week.goal);
    return buildLogError(parsed.message, parsed.showHelp, rep.catalogue, rep.week.goal, parsed.suggestion);
  }
  if (parsed.kind === 'ask') {
    return buildLogQuestion(parsed.question, (code) => answerValue(answered.today, parsed.answered + code, answered.line));
  }
  if (rep.weekInDoubt) return buildWeekInDoubt('logged');
  if (parsed.kind === 'deal') {
    return deps.writes.runThen(
      () => recordDealEvent(deps.db, { userId, ...parsed, now: rep.now }),
      (deal) => (deal ? buildDealConfirmation(deal) : buildLogError(NO_ACCOUNT_NAME, false, rep.catalogue, rep.week.goal)),
      rep.writeBy,
    );
  }
  const { account } = parsed;
  const write = () => {
    // In the same transaction as the entries, and only for a line that names an account.
    const named = account === undefined ? null : namedAccount(deps.db, account, userId, rep.now);
    const result = recordEntries(deps.db, {
      userId,
      items: parsed.items,
      day: parsed.day,
      note: parsed.note,
      source: 'command',
      ...(answered.clientKey ? { clientKey: answered.clientKey } : {}),
      now: rep.now,
      // The points of the catalogue in force in the entry's week, as the line was read by.
      catalogue: catalogueOfWeek(deps, rep, weekStartOf(parsed.day)),
      accountId: named?.id ?? null,
    });
    return { ...result, account: named };
  };
  // The confirmation is made while the commit syncs to disk, and sent once it is on disk. The
  // entry is saved by then: a week that cannot be read is left out, never answered as not saved
  // (the rep would log it again).
  const confirm = (saved: ReturnType<typeof write>) => {
    let weeks: JudgedWeek[] = [];
    try {
      weeks = judgeWeeks(deps.db, { userId, weekTotals: new Map([[saved.weekStart, saved.weekTotal]]) });
    } catch (err) {
      deps.logger.error(`${userId}'s entry is saved; its week could not be read for the confirmation`, err);
    }
    return buildLogConfirmation({ ...saved, weeks }, rep);
  };
  return deps.writes.runThen(write, confirm, rep.writeBy);
}

/** Why a deal line with an account name of no letter or digit logs nothing. */
const NO_ACCOUNT_NAME = 'An account name needs a letter or a digit, like `/log closed lost Acme`. Nothing was logged.';
