import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isAdmin } from '../roster/permissions.js';
import { eraseUser, wipeDeleted } from '../roster/privacy.js';
import { buildAdminRefusal, buildForgetDone } from '../views/admin.js';
import { ids } from '../views/ids.js';
import { peopleDeps, type Deps } from './deps.js';
import { ephemeral, replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The Erase / Cancel buttons of `/points-admin forget`: erases only for an admin, and says so in
 * place. The click is acknowledged first: an erase reads every entry (entries are indexed by
 * week, not by rep), which takes over a second on 10 million of them, then rewrites the file.
 */
export const forgetAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    await ack();
    // After the acknowledgement has gone out, not inside this handler (which Slack's answer awaits).
    setImmediate(() => void eraseAndSay(deps, client, body.user.id, action, respond));
  };

async function eraseAndSay(
  deps: Deps,
  client: Args['client'],
  adminId: string,
  action: Args['action'],
  respond: Args['respond'],
): Promise<void> {
  const target = action.value ?? '';
  let message;
  try {
    if (!(await isAdmin(peopleDeps(deps, client, deps.now()), adminId))) message = buildAdminRefusal();
    else if (action.action_id === ids.forgetConfirmButton) {
      const erased = await deps.writes.run(() => eraseUser(deps.db, target));
      deps.logger.info({ event: 'erased', user: adminId, target }, 'user data erased on request');
      message = buildForgetDone(target, erased, await wiped(deps));
    } else message = buildForgetDone(target, undefined);
  } catch (err) {
    deps.logger.error(`erasing ${target} failed`, err);
    const text = ':x: Sorry, nothing was erased: something went wrong on our side. Please try again.';
    message = { text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] };
  }
  const reply = message;
  await replyOrDm(deps, client, adminId, reply, () => respond({ ...ephemeral(reply), replace_original: true }));
}

/** Rewrites the database file after an erase; false (and an error logged) when it could not be. */
async function wiped(deps: Deps): Promise<boolean> {
  try {
    await wipeDeleted(deps.db);
    return true;
  } catch (err) {
    deps.logger.error('the database file was not rewritten after an erase; old copies of the erased data may remain in it', err);
    return false;
  }
}
