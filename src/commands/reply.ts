import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../views/log.js';
import type { Deps } from './deps.js';

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
