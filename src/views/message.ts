import type { types } from '@slack/bolt';
import { thousands } from './format.js';

/** A block of a message, as Slack's types know it. */
export type KnownBlock = types.KnownBlock;

/** What the bot says in Slack: the notification text and the blocks a reader sees. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A section of mrkdwn text. */
export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** Room for a section's text, under Slack's 3,000 characters. */
export const SECTION_ROOM = 2900;

/** A line cut to fit a section on its own, marked so. */
export const clipToSection = (line: string): string => (line.length > SECTION_ROOM ? `${line.slice(0, SECTION_ROOM - 1)}…` : line);

/** The first lines whose text, one newline each, fits within `room` characters. */
export function within(lines: readonly string[], room: number): string[] {
  const kept: string[] = [];
  let left = room;
  for (const line of lines) {
    left -= line.length + 1;
    if (left < 0) break;
    kept.push(line);
  }
  return kept;
}

/** Room for the rows of one message, under Slack's 12,000 characters with room for a header and summary. */
export const MESSAGE_ROOM = 10_000;

/** Rows split into messages' worth: at most `perMessage` a message and MESSAGE_ROOM characters of them. */
export function pagesOf(rows: readonly string[], perMessage: number): string[][] {
  const pages: string[][] = [];
  let length = 0;
  for (const row of rows) {
    const page = pages.at(-1);
    if (!page || page.length >= perMessage || length + row.length + 1 > MESSAGE_ROOM) {
      pages.push([row]);
      length = row.length;
    } else {
      page.push(row);
      length += row.length + 1;
    }
  }
  return pages;
}

/**
 * Lines in as few sections as Slack's limit on a section's text allows, and at most `perSection`
 * lines a section when given; a line longer than a section alone is cut.
 */
export function sectionsOf(lines: readonly string[], perSection = Infinity): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let text: string | undefined;
  let count = 0;
  for (const whole of lines) {
    const line = clipToSection(whole);
    // A blank spacer line would leave a section empty, which Slack refuses: none starts one.
    if (text === undefined && line === '') continue;
    if (text !== undefined && (count >= perSection || text.length + 1 + line.length > SECTION_ROOM)) {
      blocks.push(section(text));
      text = undefined;
    }
    count = text === undefined ? 1 : count + 1;
    text = text === undefined ? line : `${text}\n${line}`;
  }
  if (text !== undefined) blocks.push(section(text));
  return blocks;
}

/** A context line of mrkdwn text, the small grey print under a section. */
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** A message of one section; its notification text drops the bold and code marks. */
export const textMessage = (text: string): SlackMessage => ({
  text: text.replace(/[*`]/g, ''),
  blocks: [section(text)],
});

/** A user as Slack shows them: their name, linked to their profile. */
export const mention = (id: string): string => `<@${id}>`;

/**
 * Reps listed in an answer to `/points team` or `/points team kpis`, at most: five messages of
 * forty rows, within the five posts a response_url takes. A whole roster of thousands would
 * otherwise come as hundreds of messages; the rest are counted, and each team is a command away.
 */
export const TEAM_VIEW_LISTED = 200;

/**
 * The line under a team view that lists only its first TEAM_VIEW_LISTED reps. For an admin's
 * view of everyone, where to see the rest: `team`, the command showing one manager's team, and
 * the export.
 */
export function unlistedNote(unlisted: number, order: string, everyone?: { team: string }): string {
  const where = everyone ? ` Each manager's team: \`${everyone.team}\`; every rep: \`/points-admin export\`.` : '';
  return `…and ${thousands(unlisted)} more ${unlisted === 1 ? 'rep' : 'reps'}, ${order}.${where}`;
}
