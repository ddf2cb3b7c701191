import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { undoEntries } from '../scoring/ledger.js';
import { ids } from '../views/ids.js';
import { buildUndoResult } from '../views/log.js';
import { buildResultModal } from '../views/log-modal.js';
import { repNow, type Deps } from './deps.js';
import { judgedUndo } from './history.js';
import { ephemeral, replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The Undo button on a confirmation: takes back that log's entries and says so in place. */
export const undoAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    const userId = body.user.id;
    let message;
    try {
      const rep = await repNow(deps, client, userId);
      const result = await deps.writes.run(
        () => undoEntries(deps.db, userId, { kind: 'batch', batchId: action.value ?? '' }, rep.now),
        rep.writeBy,
      );
      message = buildUndoResult(judgedUndo(deps, userId, result), rep);
    } catch (err) {
      deps.logger.error(`undo failed for ${userId}`, err);
      const text = ':x: Sorry, that was *not undone*: something went wrong on our side. Please try again.';
      message = { text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] };
    }
    await ack();
    // Not awaited: Slack holds our acknowledgement until the listener ends, and a slow
    // response_url must not make the click look failed. replyOrDm never throws.
    const view = body.view;
    void replyOrDm(deps, client, userId, message, () =>
      view
        ? client.views.update({ view_id: view.id, view: buildResultModal(message, 'Undo', ids.undoneView) })
        : respond({ ...ephemeral(message), replace_original: true }),
    );
  };
