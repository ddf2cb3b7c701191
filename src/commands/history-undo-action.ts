import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { undoEntries } from '../scoring/ledger.js';
import { buildUndoResult } from '../views/log.js';
import type { SlackMessage } from '../views/message.js';
import { repNow, type Deps } from './deps.js';
import { historyPage, judgedUndo } from './history.js';
import { ephemeral, replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** An Undo beside one entry in `/log history`: takes back that entry only and shows the list again. */
export const historyUndoAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    const userId = body.user.id;
    let message: SlackMessage;
    try {
      const rep = await repNow(deps, client, userId);
      // A value that is no entry id finds nothing and is answered as such.
      const entryId = /^\d{1,15}$/.test(action.value ?? '') ? Number(action.value) : -1;
      const result = await deps.writes.run(() => undoEntries(deps.db, userId, { kind: 'entry', entryId }, rep.now), rep.writeBy);
      const answer = buildUndoResult(judgedUndo(deps, rep, userId, result), rep);
      const entry = result.undone[0] ?? result.alreadyUndone[0];
      // The list again, with the entry struck through, on the page that holds it.
      const list = entry ? historyPage(deps, rep, userId, entry.weekStart, { around: entry.id }) : undefined;
      message = list ? { text: answer.text, blocks: [answer.blocks[0]!, ...list.blocks] } : answer;
    } catch (err) {
      deps.logger.error(`history undo failed for ${userId}`, err);
      const text = ':x: Sorry, that was *not undone*: something went wrong on our side. Please try again.';
      message = { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    }
    await ack();
    // Not awaited, as the confirmation's Undo: a slow response_url must not make the click look failed.
    void replyOrDm(deps, client, userId, message, () => respond({ ...ephemeral(message), replace_original: true }));
  };
