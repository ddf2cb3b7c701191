import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isAdmin } from '../roster/permissions.js';
import { eraseUser } from '../roster/privacy.js';
import { buildAdminRefusal, buildForgetDone } from '../views/admin.js';
import { ids } from '../views/ids.js';
import { peopleDeps, type Deps } from './deps.js';
import { replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The Erase / Cancel buttons of `/points-admin forget`: erases only for an admin, and says so in place. */
export const forgetAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    const target = action.value ?? '';
    const people = peopleDeps(deps, client, deps.now());
    let message;
    try {
      if (!(await isAdmin(people, body.user.id))) message = buildAdminRefusal();
      else if (action.action_id === ids.forgetConfirmButton) {
        message = buildForgetDone(target, eraseUser(deps.db, target));
        deps.logger.info({ event: 'erased', user: body.user.id, target }, 'user data erased on request');
      } else message = buildForgetDone(target, undefined);
    } catch (err) {
      deps.logger.error(`erasing ${target} failed`, err);
      const text = ':x: Sorry, nothing was erased: something went wrong on our side. Please try again.';
      message = { text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] };
    }
    await ack();
    const reply = message;
    // Not awaited, like the undo button's reply: the click is acknowledged at once.
    void replyOrDm(deps, client, body.user.id, reply, () => respond({ response_type: 'ephemeral', replace_original: true, ...reply }));
  };
