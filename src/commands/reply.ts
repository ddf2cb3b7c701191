import type { types, webApi } from '@slack/bolt';
import type { SlackMessage } from '../views/message.js';
import type { Deps } from './deps.js';

/**
 * An answer to a slash command that only the user who typed it sees. The fields are copied,
 * not spread: object spreads are slow in V8, and `/log` answers on every request.
 */
export function ephemeral(message: { text: string; blocks?: types.KnownBlock[] }) {
  return { response_type: 'ephemeral' as const, text: message.text, blocks: message.blocks };
}

/**
 * Sends a reply the usual way (a response_url or a view update); if Slack refuses or is down,
 * sends it to the user's direct message with the bot instead, and logs only if both fail, so a
 * reply is never dropped without a trace.
 */
export async function replyOrDm(
  deps: Deps,
  client: webApi.WebClient,
  userId: string,
  message: SlackMessage,
  primary: () => Promise<unknown>,
): Promise<void> {
  try {
    await primary();
    return;
  } catch (err) {
    deps.logger.warn(`reply to ${userId} failed; sending it as a direct message`, err);
  }
  try {
    await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
  } catch (err) {
    deps.logger.error(`could not reach ${userId} at all; the reply was: ${message.text}`, err);
  }
}
