import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildResultModal } from '../views/log-modal.js';
import { textMessage, type SlackMessage } from '../views/message.js';
import { repNow, type Deps, type RepNow } from './deps.js';
import { ephemeral, replyOrDm } from './reply.js';

/** What a button's listener is given by Bolt. */
export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A button answered where it was clicked. `answer` works out the reply for the user who clicked
 * (as of their own "now"); a failure there is logged as `what` and answered with "Sorry, `sorry`"
 * instead of a silence. The click is acknowledged, then the reply replaces the message holding
 * the button (or comes beside it, `replace: false`) through the response_url (in a modal, the
 * modal is updated), or reaches the
 * user's DM if that fails: never dropped without a trace.
 */
export function buttonListener(
  deps: Deps,
  opts: { what: string; sorry: string; replace?: boolean },
  answer: (args: ButtonArgs, rep: RepNow) => Promise<SlackMessage>,
): (args: ButtonArgs) => Promise<void> {
  return async (args) => {
    const userId = args.body.user.id;
    let message: SlackMessage;
    try {
      message = await answer(args, await repNow(deps, args.client, userId));
    } catch (err) {
      deps.logger.error(`${opts.what} failed for ${userId}`, err);
      message = textMessage(`:x: Sorry, ${opts.sorry}: something went wrong on our side. Please try again.`);
    }
    await args.ack();
    // Not awaited: a slow response_url must not make the click look failed. replyOrDm never throws.
    const replace = opts.replace ?? true;
    // A button in a modal (the Home's history) has no response_url: the modal shows the reply instead.
    const view = args.body.view;
    void replyOrDm(deps, args.client, userId, message, () =>
      view?.type === 'modal'
        ? args.client.views.update({ view_id: view.id, view: buildResultModal(message, view.title?.text ?? 'Points', view.callback_id) })
        : args.respond({ ...ephemeral(message), replace_original: replace }),
    );
  };
}
