import { catalogueByKey, type CatalogueItem } from '../scoring/catalogue.js';
import type { DealEvent, Entry } from '../db/schema.js';
import type { NamedAccount } from '../scoring/accounts.js';
import { ANSWERS, type Question } from '../scoring/parse/index.js';
import { shortDay, weekLabel, type LocalDay } from '../scoring/week.js';
import { escapeMrkdwn, literalMrkdwn, quote } from '../mrkdwn.js';
import type { JudgedWeek } from '../scoring/standing.js';
import { countOf, goalNote, money, moneyIn, percent, progressBar, pts, thousands } from './format.js';
import { ids } from './ids.js';
import { clipToSection, context, section, sectionsOf, type KnownBlock, type SlackMessage } from './message.js';

export interface WeekContext {
  /** The rep's current week (Monday). */
  currentWeek: LocalDay;
  today: LocalDay;
  /** The goal that applies this week; null outside the onboarding window. */
  goal: number | null;
  /** The rep's onboarding week now, when their start date is known. */
  onboardingWeek: number | null;
}

/** One entry as a rep reads it: "1 self-led demo (+25 pts)" with its amount and day. */
export function describeEntry(entry: Entry, byKey: ReadonlyMap<string, CatalogueItem>, today: LocalDay, sign: 1 | -1 = 1): string {
  const item = byKey.get(entry.activityKey) ?? { key: entry.activityKey, label: entry.activityKey };
  const amount =
    entry.amountCents !== null ? ` worth ${entry.currency ? moneyIn(entry.amountCents, entry.currency) : money(entry.amountCents)}` : '';
  const day = entry.day === today ? '' : ` on ${shortDay(entry.day)}`;
  return `*${countOf(item, entry.count)}*${amount}${day} (${sign > 0 ? '+' : '−'}${pts(entry.points)})`;
}

/**
 * "This week (onboarding week 5): *125 / 500 pts* (25%) ▰▰▱▱…", or the same for the earlier
 * week an entry went to, each judged by its own goal; `plain` leaves out the bold and the bar,
 * for notification text.
 */
export function weekLine(week: JudgedWeek, currentWeek: LocalDay, plain = false): string {
  const which = week.weekStart === currentWeek ? 'This week' : `Week of ${weekLabel(week.weekStart)}`;
  const onboarding = week.onboardingWeek !== null && week.onboardingWeek >= 1 ? ` (onboarding week ${week.onboardingWeek})` : '';
  const { total, goal } = week;
  const off = week.absence ? ` · ${goalNote(week.absence, goal)}` : '';
  if (goal === null) return plain ? `${which}${onboarding}: ${pts(total)}${off}` : `${which}${onboarding}: *${pts(total)}*${off}`;
  const figures = `${thousands(total)} / ${pts(goal)}`;
  const pct = `(${percent(total, goal)}%)`;
  return plain
    ? `${which}${onboarding}: ${figures} ${pct}${off}`
    : `${which}${onboarding}: *${figures}* ${pct}  ${progressBar(total, goal)}${off}`;
}

/** What a rep's answer is worded against: the catalogue and their week. */
export interface RepContext {
  catalogue: CatalogueItem[];
  week: WeekContext;
  /** The configured default zone, when it stood in for the rep's own (Slack did not give it). */
  guessedZone?: string | undefined;
}

/** In a confirmation whose week could not be read once the entry was saved. */
const WEEK_UNREAD = "Your week's total couldn't be read just now; `/points` shows it.";

/**
 * The answer to a successful `/log`: what was recorded, its points, each week it went to
 * against that week's own goal, and Undo.
 */
export function buildLogConfirmation(
  saved: { entries: Entry[]; batchId: string; weeks: JudgedWeek[]; account?: NamedAccount | null },
  { catalogue, week, guessedZone }: RepContext,
): SlackMessage {
  const byKey = catalogueByKey(catalogue);
  const lines = saved.entries.map((e) => describeEntry(e, byKey, week.today));
  // The day is only the default zone's: said plainly, so a rep whose day it is not can fix it.
  const day = saved.entries[0]?.day;
  const guess =
    guessedZone && day
      ? `\n:information_source: Recorded for ${shortDay(day)} (your Slack time zone could not be read; using ${guessedZone}). Not your day? Undo, then log it again with the date.`
      : '';
  const earned = saved.entries.reduce((sum, e) => sum + e.points, 0);
  // Not in italics: a note's own markers, kept from formatting, could not close them either.
  const note = saved.entries[0]?.note ? `\nNote: ${literalMrkdwn(saved.entries[0].note)}` : '';
  const account = saved.account ? `\nAccount: ${literalMrkdwn(saved.account.name)}${nearMatchHint(saved.account)}` : '';
  const head =
    lines.length === 1
      ? `:white_check_mark: Logged ${lines[0]}`
      : `:white_check_mark: Logged ${lines.length} activities, *+${pts(earned)}*:\n${lines.map((l) => `• ${l}`).join('\n')}`;
  // No week when it could not be read after the commit: the entry is saved all the same.
  const totals = saved.weeks.length > 0 ? saved.weeks.map((w) => weekLine(w, week.currentWeek)).join('\n') : WEEK_UNREAD;
  const reached = saved.weeks.some((w) => {
    const earnedThere = saved.entries.reduce((sum, e) => (e.weekStart === w.weekStart ? sum + e.points : sum), 0);
    return w.goal !== null && w.total >= w.goal && w.total - earnedThere < w.goal;
  })
    ? '\n:tada: Goal reached!'
    : '';
  const plainTotals = saved.weeks.length > 0 ? saved.weeks.map((w) => weekLine(w, week.currentWeek, true)).join('; ') : WEEK_UNREAD;
  return {
    text: `Logged ${saved.entries.length === 1 ? '1 activity' : `${saved.entries.length} activities`} (+${pts(earned)}). ${plainTotals}.`,
    blocks: [
      // A long note and account name, escaped, can pass a section alone: cut to fit, the entry saved whole.
      section(clipToSection(`${head}${note}${account}`)),
      context(`${totals}${reached}${guess}`),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ids.undoButton,
            text: { type: 'plain_text', text: saved.entries.length === 1 ? 'Undo' : 'Undo all' },
            value: saved.batchId,
          },
        ],
      },
    ],
  };
}

/** "Did you mean Acme Corp?" under a new account whose name is within a typo of an existing one's: a hint, the entry is saved. */
function nearMatchHint(account: NamedAccount): string {
  if (!account.nearMatch) return '';
  const meant = literalMrkdwn(account.nearMatch);
  return ` (new)\n:thinking_face: Did you mean *${meant}*? If so, Undo and log it again with ${meant}.`;
}

/** The answer to `/log pipeline …` or `/log closed lost …`: what was recorded for which account, and Undo. */
export function buildDealConfirmation(saved: { event: DealEvent; account: NamedAccount }): SlackMessage {
  const name = literalMrkdwn(saved.account.name);
  const what = dealEventText(saved.event, name);
  return {
    text: `Recorded ${what.replace(/\*/g, '')}.`,
    blocks: [
      section(`:white_check_mark: Recorded ${what}.${nearMatchHint(saved.account)}`),
      context('No points: a deal event shows in `/points kpis`.'),
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: ids.undoButton, text: { type: 'plain_text', text: 'Undo' }, value: saved.event.batchId }],
      },
    ],
  };
}

/** "open pipeline of *$40,000* for Acme" or "*closed-lost* for Acme". */
function dealEventText(event: DealEvent, accountName: string): string {
  if (event.kind === 'lost') return `a *closed-lost* deal for ${accountName}`;
  return `open pipeline of *${moneyIn(event.amountCents ?? 0, event.currency ?? '')}* for ${accountName}`;
}

/**
 * The question a deal's bare number raises, with a button per answer; `valueFor` gives each
 * button the value that carries the answer back. Nothing is logged until the rep picks one.
 */
export function buildLogQuestion(question: Question, valueFor: (answer: string) => string): SlackMessage {
  let ask: string;
  let choices: Array<{ label: string; answer: string }>;
  if (question.kind === 'amount_or_count') {
    const n = thousands(question.value);
    const worth = { label: `1 deal worth ${moneyIn(question.cents, question.currency)}`, answer: ANSWERS.amount };
    if (question.countAllowed) {
      ask = `Is ${n} the amount of one deal, or ${n} deals?`;
      choices = [worth, { label: `${n} deals`, answer: ANSWERS.count }];
    } else {
      ask = `Is ${n} the amount of one deal? ${n} deals is more than the ${question.maxDealsPerLine} closed-won deals one line may log.`;
      choices = [worth];
    }
  } else {
    const amount = moneyIn(question.cents, question.currency);
    ask = `Is ${amount} the total of the ${question.count} deals, or what each one is worth?`;
    choices = [
      { label: `${amount} in total`, answer: ANSWERS.total },
      { label: `${amount} each`, answer: ANSWERS.each },
    ];
  }
  const text = `${ask} Nothing is logged until you pick one.`;
  const actionIds = [ids.answerFirstButton, ids.answerSecondButton];
  return {
    text,
    blocks: [
      section(`:question: ${text}`),
      {
        type: 'actions',
        elements: choices.map((c, i) => ({
          type: 'button' as const,
          action_id: actionIds[i]!,
          text: { type: 'plain_text' as const, text: c.label },
          value: valueFor(c.answer),
        })),
      },
    ],
  };
}

/** When the rep's zone is unknown at the turn of the week: nothing done, try again. */
export function buildWeekInDoubt(nothing: 'logged' | 'undone'): SlackMessage {
  const text = `Sorry, Slack didn't tell me your time zone just now, so I can't tell which week it is for you. Nothing was ${nothing}; please try again in a moment.`;
  return { text, blocks: [section(`:warning: ${text}`)] };
}

/**
 * The answer to an undo: exactly what was taken back and the new total of each week it
 * touched. `since` is set for `/log undo`, which looks back to that day; without it the
 * answer is about the entries a button named.
 */
export function buildUndoResult(
  result: {
    undone: Entry[];
    alreadyUndone: Entry[];
    weeks: JudgedWeek[];
    dealsUndone?: Array<DealEvent & { accountName: string }>;
    alreadyUndoneDeals?: Array<DealEvent & { accountName: string }>;
  },
  { catalogue, week }: RepContext,
  since?: LocalDay,
): SlackMessage {
  const byKey = catalogueByKey(catalogue);
  const deals = (list: Array<DealEvent & { accountName: string }>) =>
    list.map((e) => dealEventText(e, literalMrkdwn(e.accountName))).join(', ');
  if (result.dealsUndone?.length) {
    const text = `Undone: ${deals(result.dealsUndone)}`;
    return { text: `${text.replace(/\*/g, '')}.`, blocks: [section(`:leftwards_arrow_with_hook: ${text}`)] };
  }
  if (result.alreadyUndoneDeals?.length) {
    const text = `That was already undone: ${deals(result.alreadyUndoneDeals)}. Nothing changed.`;
    return { text, blocks: [section(`:information_source: ${text}`)] };
  }
  if (result.undone.length === 0) {
    const nothing = since
      ? `There's nothing of yours left to undo for ${shortDay(since)} or later. Nothing changed. \`/log history last week\` lists older entries.`
      : "There's nothing of yours to undo there. Nothing changed.";
    const text =
      result.alreadyUndone.length > 0
        ? `That was already undone: ${result.alreadyUndone.map((e) => describeEntry(e, byKey, week.today, -1)).join(', ')}. Nothing changed.`
        : nothing;
    return { text, blocks: [section(`:information_source: ${text}`)] };
  }
  const lines = result.undone.map((e) => describeEntry(e, byKey, week.today, -1));
  const totals = result.weeks.map((w) => weekLine(w, week.currentWeek)).join('\n');
  const text = `Undone: ${lines.join(', ')}`;
  return {
    text: `${text.replace(/\*/g, '')}.`,
    blocks: [section(`:leftwards_arrow_with_hook: Undone: ${lines.join(', ')}`), context(totals)],
  };
}

/** How many entries one `/log history` message lists: with its other blocks and an undo's answer, well under Slack's 50. */
export const HISTORY_PAGE = 40;

/**
 * `/log history`: a rep's entries of one week, newest first, each still standing with its own
 * Undo, undone ones struck through. A week with more than HISTORY_PAGE entries is shown a page
 * at a time, with buttons to the older and newer ones and a line saying which are shown.
 * `entries` are the page's (at most HISTORY_PAGE), `total` the week's, `page` counts from 0.
 */
export function buildHistory(
  args: { week: JudgedWeek; entries: Entry[]; total: number; page: number },
  { catalogue, week: now }: RepContext,
): SlackMessage {
  const byKey = catalogueByKey(catalogue);
  const label = weekLabel(args.week.weekStart);
  if (args.total === 0) {
    const text = `You logged nothing for ${label}.`;
    return { text, blocks: [section(`:information_source: ${text}`)] };
  }
  const pages = Math.ceil(args.total / HISTORY_PAGE);
  const page = Math.min(Math.max(0, args.page), pages - 1);
  const first = page * HISTORY_PAGE;
  const shown = args.entries.slice(0, HISTORY_PAGE);
  const blocks: KnownBlock[] = [
    section(`*Your entries for ${label}*${args.week.weekStart === now.currentWeek ? ' (this week)' : ''}`),
    context(weekLine(args.week, now.currentWeek)),
  ];
  for (const e of shown) {
    const line = describeEntry(e, byKey, now.today);
    if (e.undoneAt !== null) {
      blocks.push(section(`~${line}~ undone`));
      continue;
    }
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: line },
      accessory: { type: 'button', action_id: ids.historyUndoButton, text: { type: 'plain_text', text: 'Undo' }, value: String(e.id) },
    });
  }
  if (pages > 1) {
    const total = args.total;
    blocks.push(
      context(
        page === 0
          ? `Showing the newest ${shown.length} of ${total} entries.`
          : `Showing entries ${first + 1}–${first + shown.length} of ${total}.`,
      ),
    );
    const turn = (text: string, to: number) => ({
      type: 'button' as const,
      action_id: ids.historyPageButton,
      text: { type: 'plain_text' as const, text },
      value: `${args.week.weekStart}:${to}`,
    });
    const buttons = [
      ...(page > 0 ? [turn('Newer entries', page - 1)] : []),
      ...(page < pages - 1 ? [turn('Older entries', page + 1)] : []),
    ];
    blocks.push({ type: 'actions', elements: buttons });
  }
  return { text: `Your entries for ${label}: ${args.total}.`, blocks };
}

/** `/log history` with a week it cannot show: why, and how to name one. */
export function buildHistoryRefusal(problem: { future: true } | { unreadable: string }): SlackMessage {
  const why = 'future' in problem ? "That week hasn't started yet." : `I can't tell which week ${quote(problem.unreadable)} is.`;
  const text = `${why} Try \`/log history\`, \`/log history last week\` or \`/log history 2026-11-09\` (the week of that day).`;
  return { text, blocks: [section(`:warning: ${text}`)] };
}

/** Every activity with its points and how to type it. */
export function buildHelp(catalogue: CatalogueItem[], goal: number | null, intro?: string): SlackMessage {
  const list = catalogue.map((c) => `\`${c.shorthand}\` ${c.label} · *${pts(c.points)}*`);
  const usage = [
    '`/log demo self-led` · `/log 30 calls` · `/log 30 calls, 12 emails, meeting booked`',
    '`/log closed won $12,500` · `/log disco mentor yesterday` · `/log demo self-led "Acme kickoff"`',
    '`/log` opens a form · `/log undo` takes back your last line · `/log history` lists your week to undo any entry · `/log away friday` marks a day away (your goal counts the days present; `/log back friday` takes it back) · `/points` shows your week',
  ].join('\n');
  const blocks: KnownBlock[] = [];
  if (intro) blocks.push(section(intro));
  blocks.push(
    // As many sections as a catalogue of many long names needs.
    ...sectionsOf([`*What you can log*${goal ? ` (goal: ${pts(goal)} a week)` : ''}`, ...list]),
    context(`${usage}\nAdd a day: \`yesterday\`, a weekday (\`friday\`, \`last friday\`), \`19 nov\` or \`YYYY-MM-DD\`.`),
  );
  return { text: `${intro ? `${intro.replace(/[*`]/g, '')} ` : ''}Type /log help for the activities you can log.`, blocks };
}

/** The answer to a rep sending lines faster than the rate allows: nothing was read or saved. */
export function buildSlowDown(perMinute: number, retryInMs: number): SlackMessage {
  const text = `:hourglass: You're logging faster than ${perMinute} lines a minute. Slow down and try again in ${Math.ceil(retryInMs / 1000)} s. Nothing was logged.`;
  return { text, blocks: [section(text)] };
}

/** A refusal: the reason, and the help when the bot could not read the line at all. */
export function buildLogError(
  message: string,
  showHelp: boolean,
  catalogue: CatalogueItem[],
  goal: number | null,
  suggestion?: string,
): SlackMessage {
  const intro = `:warning: ${message} Nothing was logged.`;
  if (showHelp) return buildHelp(catalogue, goal, intro);
  if (suggestion === undefined) return { text: intro.replace(/:warning: /, ''), blocks: [section(intro)] };
  // A code span shows the line as typed, unless the line has a backtick that would end it; a
  // line whose escaping would pass a section's 3,000 characters is shown shortened.
  const full = suggestion.includes('`') ? `/log ${literalMrkdwn(suggestion)}` : `\`/log ${escapeMrkdwn(suggestion)}\``;
  const shown = full.length <= 2_900 ? full : `/log ${quote(suggestion)}`;
  return {
    text: `${intro.replace(/:warning: /, '')} Did you mean /log ${escapeMrkdwn(suggestion)}?`,
    blocks: [
      section(intro),
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Did you mean ${shown}?` },
        // The line itself, read again when clicked (log-suggestion-action.ts): at most
        // MAX_LINE_CHARS, within a button value's 2,000.
        accessory: { type: 'button', action_id: ids.suggestionButton, text: { type: 'plain_text', text: 'Log this' }, value: suggestion },
      },
    ],
  };
}
