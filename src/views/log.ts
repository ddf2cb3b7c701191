import { catalogueByKey, type CatalogueItem } from '../scoring/catalogue.js';
import type { Entry } from '../db/schema.js';
import { ANSWERS, type Question } from '../scoring/parse/index.js';
import { shortDay, weekLabel, type LocalDay } from '../scoring/week.js';
import { literalMrkdwn } from '../mrkdwn.js';
import { countOf, money, moneyIn, percent, progressBar, pts, thousands } from './format.js';
import { ids } from './ids.js';
import { context, section, type KnownBlock, type SlackMessage } from './message.js';

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
 * "This week: *125 / 500 pts* (25%) ▰▰▱▱…", or the same for the earlier week an entry went to;
 * `plain` leaves out the bold and the bar, for notification text.
 */
export function weekLine(weekStart: LocalDay, total: number, week: WeekContext, plain = false): string {
  const which = weekStart === week.currentWeek ? 'This week' : `Week of ${weekLabel(weekStart)}`;
  if (week.goal === null) return plain ? `${which}: ${pts(total)}` : `${which}: *${pts(total)}*`;
  const figures = `${thousands(total)} / ${pts(week.goal)}`;
  const pct = `(${percent(total, week.goal)}%)`;
  return plain ? `${which}: ${figures} ${pct}` : `${which}: *${figures}* ${pct}  ${progressBar(total, week.goal)}`;
}

/** What a rep's answer is worded against: the catalogue and their week. */
export interface RepContext {
  catalogue: CatalogueItem[];
  week: WeekContext;
  /** The configured default zone, when it stood in for the rep's own (Slack did not give it). */
  guessedZone?: string | undefined;
}

/** The answer to a successful `/log`: what was recorded, its points, the week against the goal, and Undo. */
export function buildLogConfirmation(
  saved: { entries: Entry[]; batchId: string; weekStart: LocalDay; weekTotal: number },
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
  const head =
    lines.length === 1
      ? `:white_check_mark: Logged ${lines[0]}`
      : `:white_check_mark: Logged ${lines.length} activities, *+${pts(earned)}*:\n${lines.map((l) => `• ${l}`).join('\n')}`;
  const totals = weekLine(saved.weekStart, saved.weekTotal, week);
  const goal = week.goal;
  const reached = goal !== null && saved.weekTotal >= goal && saved.weekTotal - earned < goal ? '\n:tada: Goal reached!' : '';
  return {
    text: `Logged ${saved.entries.length === 1 ? '1 activity' : `${saved.entries.length} activities`} (+${pts(earned)}). ${weekLine(saved.weekStart, saved.weekTotal, week, true)}.`,
    blocks: [
      section(`${head}${note}`),
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

/** The answer to an undo: exactly what was taken back and the week's new total. */
export function buildUndoResult(
  result: { undone: Entry[]; alreadyUndone: Entry[]; weekTotals: Map<LocalDay, number> },
  { catalogue, week }: RepContext,
): SlackMessage {
  const byKey = catalogueByKey(catalogue);
  if (result.undone.length === 0) {
    const text =
      result.alreadyUndone.length > 0
        ? `That was already undone: ${result.alreadyUndone.map((e) => describeEntry(e, byKey, week.today, -1)).join(', ')}. Nothing changed.`
        : "There's nothing of yours to undo this week. Nothing changed.";
    return { text, blocks: [section(`:information_source: ${text}`)] };
  }
  const lines = result.undone.map((e) => describeEntry(e, byKey, week.today, -1));
  const totals = [...result.weekTotals].map(([weekStart, total]) => weekLine(weekStart, total, week)).join('\n');
  const text = `Undone: ${lines.join(', ')}`;
  return {
    text: `${text.replace(/\*/g, '')}.`,
    blocks: [section(`:leftwards_arrow_with_hook: Undone: ${lines.join(', ')}`), context(totals)],
  };
}

/** Every activity with its points and how to type it. */
export function buildHelp(catalogue: CatalogueItem[], goal: number | null, intro?: string): SlackMessage {
  const list = catalogue.map((c) => `\`${c.shorthand}\` ${c.label} · *${pts(c.points)}*`).join('\n');
  const usage = [
    '`/log demo self-led` · `/log 30 calls` · `/log 30 calls, 12 emails, meeting booked`',
    '`/log closed won $12,500` · `/log disco mentor yesterday` · `/log demo self-led "Acme kickoff"`',
    '`/log` opens a form · `/log undo` takes back your last entry · `/points` shows your week',
  ].join('\n');
  const blocks: KnownBlock[] = [];
  if (intro) blocks.push(section(intro));
  blocks.push(
    section(`*What you can log*${goal ? ` (goal: ${pts(goal)} a week)` : ''}\n${list}`),
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
export function buildLogError(message: string, showHelp: boolean, catalogue: CatalogueItem[], goal: number | null): SlackMessage {
  const intro = `:warning: ${message} Nothing was logged.`;
  if (showHelp) return buildHelp(catalogue, goal, intro);
  return { text: intro.replace(/:warning: /, ''), blocks: [section(intro)] };
}
