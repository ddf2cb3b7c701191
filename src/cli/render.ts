import { replaceMentions } from '../slack-ids.js';
import type { SlackMessage } from '../views/message.js';

/** Slack mrkdwn turned into what a person reads: mentions as @ids, no markup characters. */
export function plainText(mrkdwn: string): string {
  return replaceMentions(mrkdwn, (id) => `@${id}`)
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/(^|[\s(])[*_~]([^*_~\n]+)[*_~](?=[\s).,:;!?]|$)/gm, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A message's blocks as a terminal shows them, one block per paragraph. */
export function renderMessage(message: SlackMessage): string {
  const parts: string[] = [];
  for (const block of message.blocks as Array<Record<string, any>>) {
    if (block.type === 'header') parts.push(`${block.text.text}\n${'='.repeat(Math.min(60, block.text.text.length))}`);
    else if (block.type === 'section') parts.push(plainText(block.text?.text ?? ''));
    else if (block.type === 'context') parts.push(block.elements.map((e: { text?: string }) => plainText(e.text ?? '')).join(' '));
    else if (block.type === 'divider') parts.push('-'.repeat(40));
  }
  return parts.join('\n\n');
}
