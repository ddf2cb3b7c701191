import type { types } from '@slack/bolt';
import { catalogueByKey, type CatalogueItem } from '../scoring/catalogue.js';
import type { Entry } from '../schema.js';
import { escapeMrkdwn } from '../scoring/parse.js';
import { shortDay, weekLabel, type LocalDay } from '../scoring/week.js';
import { countOf, money, percent, progressBar, pts } from './format.js';
import { ids } from './ids.js';

type KnownBlock = types.KnownBlock;

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface WeekContext {
  /** The rep's current week (Monday). */
  currentWeek: LocalDay;
  today: LocalDay;
  /** The goal that applies this week; null outside the onboarding window. */
  goal: number | null;
  /** The rep's onboarding week now, when their start date is known. */
  onboardingWeek: number | null;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** One entry as a rep reads it: "1 self-led demo (+25 pts)" with its amount and day. */
export function describeEntry(entry: Entry, byKey: ReadonlyMap<string, CatalogueItem>, today: LocalDay, sign: 1 | -1 = 1): string {
  const item = byKey.get(entry.activityKey) ?? { key: entry.activityKey, label: entry.activityKey };
  const amount = entry.amountCents !== null ? ` worth ${money(entry.amountCents)}` : '';
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
  const figures = `${total.toLocaleString('en-US')} / ${pts(week.goal)}`;
  const pct = `(${percent(total, week.goal)}%)`;
  return plain ? `${which}: ${figures} ${pct}` : `${which}: *${figures}* ${pct}  ${progressBar(total, week.goal)}`;
}

/** The answer to a successful `/log`: what was recorded, its points, the week against the goal, and Undo. */
export function buildLogConfirmation(args: {
  entries: Entry[];
  batchId: string;
  weekStart: LocalDay;
  weekTotal: number;
  catalogue: CatalogueItem[];
  week: WeekContext;
}): SlackMessage {
  const byKey = catalogueByKey(args.catalogue);
  const lines = args.entries.map((e) => describeEntry(e, byKey, args.week.today));
  const earned = args.entries.reduce((sum, e) => sum + e.points, 0);
  const note = args.entries[0]?.note ? `\n_Note: ${escapeMrkdwn(args.entries[0].note)}_` : '';
  const head =
    lines.length === 1
      ? `:white_check_mark: Logged ${lines[0]}`
      : `:white_check_mark: Logged ${lines.length} activities, *+${pts(earned)}*:\n${lines.map((l) => `• ${l}`).join('\n')}`;
  const totals = weekLine(args.weekStart, args.weekTotal, args.week);
  const goal = args.week.goal;
  const reached = goal !== null && args.weekTotal >= goal && args.weekTotal - earned < goal ? '\n:tada: Goal reached!' : '';
  return {
    text: `Logged ${args.entries.length === 1 ? '1 activity' : `${args.entries.length} activities`} (+${pts(earned)}). ${weekLine(args.weekStart, args.weekTotal, args.week, true)}.`,
    blocks: [
      section(`${head}${note}`),
      context(`${totals}${reached}`),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ids.undoButton,
            text: { type: 'plain_text', text: args.entries.length === 1 ? 'Undo' : 'Undo all' },
            value: args.batchId,
          },
        ],
      },
    ],
  };
}

/** The answer to an undo: exactly what was taken back and the week's new total. */
export function buildUndoResult(args: {
  undone: Entry[];
  alreadyUndone: Entry[];
  weekTotals: Map<LocalDay, number>;
  catalogue: CatalogueItem[];
  week: WeekContext;
}): SlackMessage {
  const byKey = catalogueByKey(args.catalogue);
  if (args.undone.length === 0) {
    const text =
      args.alreadyUndone.length > 0
        ? `That was already undone: ${args.alreadyUndone.map((e) => describeEntry(e, byKey, args.week.today, -1)).join(', ')}. Nothing changed.`
        : "There's nothing of yours to undo this week. Nothing changed.";
    return { text, blocks: [section(`:information_source: ${text}`)] };
  }
  const lines = args.undone.map((e) => describeEntry(e, byKey, args.week.today, -1));
  const totals = [...args.weekTotals].map(([week, total]) => weekLine(week, total, args.week)).join('\n');
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

/** A refusal: the reason, and the help when the bot could not read the line at all. */
export function buildLogError(message: string, showHelp: boolean, catalogue: CatalogueItem[], goal: number | null): SlackMessage {
  const intro = `:warning: ${message} Nothing was logged.`;
  if (showHelp) return buildHelp(catalogue, goal, intro);
  return { text: intro.replace(/:warning: /, ''), blocks: [section(intro)] };
}
