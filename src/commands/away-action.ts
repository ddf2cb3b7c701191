import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { mayAdminister } from '../roster/permissions.js';
import { takeBackClicked } from './away.js';
import { peopleDeps, repNow, type Deps } from './deps.js';
import { ephemeral, replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The Take back button on a days-away confirmation: takes back the days it marked and says so in place. */
export const awayTakeBackAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    const userId = body.user.id;
    let message;
    try {
      const rep = await repNow(deps, client, userId);
      const may = async (repId: string) =>
        repId === userId || mayAdminister(peopleDeps(deps, client, rep.now), userId, { kind: 'away', repId });
      message = await takeBackClicked(deps, rep, userId, action.value ?? '', may);
    } catch (err) {
      deps.logger.error(`taking back days away failed for ${userId}`, err);
      const text = ':x: Sorry, those days were *not taken back*: something went wrong on our side. Please try again.';
      message = { text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] };
    }
    await ack();
    // Not awaited, as the Undo button: a slow response_url must not make the click look failed.
    void replyOrDm(deps, client, userId, message, () => respond({ ...ephemeral(message), replace_original: true }));
  };
