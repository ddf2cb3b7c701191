import type { types } from '@slack/bolt';

/** A block of a message, as Slack's types know it. */
export type KnownBlock = types.KnownBlock;

/** What the bot says in Slack: the notification text and the blocks a reader sees. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A section of mrkdwn text. */
export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** A context line of mrkdwn text, the small grey print under a section. */
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** A message of one section; its notification text drops the bold and code marks. */
export const textMessage = (text: string): SlackMessage => ({
  text: text.replace(/[*`]/g, ''),
  blocks: [section(text)],
});

/** A user as Slack shows them: their name, linked to their profile. */
export const mention = (id: string): string => `<@${id}>`;
