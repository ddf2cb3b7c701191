import type { Holiday } from '../db/schema.js';
import type { JudgedWeek } from '../scoring/standing.js';
import { shortDay, type LocalDay } from '../scoring/week.js';
import { literalMrkdwn } from '../mrkdwn.js';
import { joinAnd } from './format.js';
import { ids } from './ids.js';
import { weekLine } from './log.js';
import { listing } from './admin.js';
import { context, mention, section, textMessage, type KnownBlock, type SlackMessage } from './message.js';

/** Days as a list a rep can check, or as a range when there are many. */
function daysText(days: readonly LocalDay[]): string {
  if (days.length > 6) return `${shortDay(days[0]!)} to ${shortDay(days.at(-1)!)}`;
  return joinAnd(days.map(shortDay));
}

const workingDays = (n: number) => `${n} working ${n === 1 ? 'day' : 'days'}`;

/** The weeks a change of days away touched, each against its goal now (at most four, then a count). */
function weekLines(weeks: readonly JudgedWeek[], currentWeek: LocalDay): string {
  const shown = weeks.slice(0, 4).map((w) => weekLine(w, currentWeek));
  if (weeks.length > 4) shown.push(`…and ${weeks.length - 4} more weeks.`);
  return shown.join('\n');
}

/**
 * The answer to marking days away or taking them back: which days, each week's goal now, and how
 * to undo it. `repId` names the rep when a manager or an admin did it.
 */
export function buildAwayChange(args: {
  back: boolean;
  /** The days changed. */
  changed: LocalDay[];
  /** The days asked for that were already so. */
  unchanged: LocalDay[];
  weeks: JudgedWeek[];
  currentWeek: LocalDay;
  repId?: string;
  /** The Take back button's value, on a confirmation of days marked. */
  takeBack?: string;
}): SlackMessage {
  const who = args.repId ? mention(args.repId) : 'you';
  const whose = args.repId ? `${mention(args.repId)}’s` : 'your';
  if (args.changed.length === 0) {
    const forWho = args.repId ? ` for ${mention(args.repId)}` : '';
    const verb = args.unchanged.length === 1 ? 'was' : 'were';
    return textMessage(
      `:warning: ${daysText(args.unchanged)} ${verb} ${args.back ? 'not marked away' : 'already marked away'}${forWho}. Nothing changed.`,
    );
  }
  const head = args.back
    ? `:leftwards_arrow_with_hook: Took back ${workingDays(args.changed.length)} away${args.repId ? ` for ${who}` : ''}: ${daysText(args.changed)}.`
    : `:palm_tree: Marked ${who} away ${workingDays(args.changed.length)}: ${daysText(args.changed)}.`;
  const also = args.unchanged.length > 0 ? ` (${daysText(args.unchanged)} ${args.back ? 'was not marked away' : 'already was'}.)` : '';
  const undo = args.repId
    ? `\`/points-admin ${args.back ? 'away' : 'back'} ${mention(args.repId)} …\` ${args.back ? 'marks them away again' : 'takes days back'}.`
    : `\`/log ${args.back ? 'away' : 'back'} …\` with the same days ${args.back ? 'marks them again' : 'takes them back'}.`;
  const button: KnownBlock[] = args.takeBack
    ? [
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: ids.awayTakeBackButton, text: { type: 'plain_text', text: 'Take back' }, value: args.takeBack },
          ],
        },
      ]
    : [];
  const blocks: KnownBlock[] = [
    section(`${head}${also}\n${weekLines(args.weeks, args.currentWeek)}`),
    context(`The goal counts ${whose} working days present. ${undo}`),
  ];
  return { text: head.replace(/^:[a-z_]+: /, '').replace(/[*`]/g, ''), blocks: [...blocks, ...button] };
}

/** `/log away` with no days: the rep's days away from this week on, and how to mark or take back. */
export function buildAwayList(days: readonly LocalDay[]): SlackMessage {
  const how =
    'Mark days with `/log away friday`, `/log away next week` or `/log away 2026-12-24 to 2026-12-31`; `/log back friday` takes one back.';
  if (days.length === 0) return textMessage(`You have no days marked away from this week on. ${how}`);
  return textMessage(`Your days away from this week on: ${joinAnd(days.map(shortDay))}.\n${how}`);
}

/** Bad days away, with what to write instead. */
export const buildAwayRefusal = (message: string): SlackMessage => textMessage(`:warning: ${message} Nothing changed.`);

const regionText = (region: string) => (region ? region : 'everyone');

/** A holiday set or renamed. */
export const buildHolidaySet = (h: Pick<Holiday, 'day' | 'name' | 'region'>): SlackMessage =>
  textMessage(
    `:calendar: Holiday set: ${shortDay(h.day)}: ${literalMrkdwn(h.name)} (${regionText(h.region)}). ${
      h.region ? `Reps in ${h.region}` : 'Everyone'
    } ${h.region ? 'have' : 'has'} that week's goal prorated to the working days left.`,
  );

/** A holiday taken off. */
export const buildHolidayRemoved = (day: LocalDay, region: string): SlackMessage =>
  textMessage(`Holiday removed: ${shortDay(day)} (${regionText(region)}). That week's goal is the full one again, less any days away.`);

/** `/points-admin holidays`: the holidays from this week on. */
export function buildHolidayList(holidays: readonly Holiday[]): SlackMessage {
  if (holidays.length === 0)
    return textMessage('No holidays set from this week on. Add one with `/points-admin holiday 2026-11-26 "Thanksgiving" US`.');
  const lines = holidays.map((h) => `• ${shortDay(h.day)}: ${literalMrkdwn(h.name)} (${regionText(h.region)})`);
  // As many sections and lines as a message holds (60 long names, escaped, would pass it), the rest counted.
  const { blocks } = listing('*Holidays from this week on:*', lines, 'Each is removed with `/points-admin holiday remove YYYY-MM-DD`.');
  return { text: `Holidays from this week on:\n${lines.slice(0, 60).join('\n')}`.replace(/[*`]/g, '').slice(0, 3000), blocks };
}
