import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isValidDay, weekStartOf } from '../scoring/week.js';
import { textMessage, type SlackMessage } from '../views/message.js';
import { repNow, type Deps } from './deps.js';
import { historyPage } from './history.js';
import { ephemeral, replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Older entries" / "Newer entries" under a long `/log history`: shows that page in place. */
export const historyPageAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    const userId = body.user.id;
    let message: SlackMessage;
    try {
      const m = /^(\d{4}-\d{2}-\d{2}):(\d{1,4})$/.exec(action.value ?? '');
      if (!m || !isValidDay(m[1]!) || weekStartOf(m[1]!) !== m[1]) {
        message = textMessage(':warning: That button no longer works. Type `/log history` to see your entries again.');
      } else {
        const rep = await repNow(deps, client, userId);
        message = historyPage(deps, rep, userId, m[1]!, Number(m[2]));
      }
    } catch (err) {
      deps.logger.error(`history page failed for ${userId}`, err);
      message = textMessage(':x: Sorry, something went wrong on our side. Type `/log history` to try again.');
    }
    await ack();
    void replyOrDm(deps, client, userId, message, () => respond({ ...ephemeral(message), replace_original: true }));
  };
