import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../views/message.js';
import { repNow, type Deps } from './deps.js';
import { answerLogLine, readLogLine } from './log-line.js';
import { ephemeral, replyOrDm } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The "Log this" button under a "Did you mean…?": logs the corrected line it carries and
 * confirms in place (or asks about a deal's number), as `/log` would. The line is read again as if typed (length limit, every
 * check), never taken on trust; anything but a line to log is refused.
 */
export const logSuggestionAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    const userId = body.user.id;
    let message: SlackMessage;
    try {
      const rep = await repNow(deps, client, userId);
      const line = action.value ?? '';
      const messageTs = body.container?.message_ts as string | undefined;
      const parsed = readLogLine(deps, rep, line);
      message = await answerLogLine(
        deps,
        userId,
        rep,
        parsed.kind === 'log' || parsed.kind === 'error' || parsed.kind === 'ask'
          ? parsed
          : { kind: 'error', message: 'That button holds no activity to log. Type it with `/log`.', showHelp: false },
        {
          line: line.trim(),
          today: rep.week.today,
          // A second click on the same button (before Slack replaces the message) logs nothing more.
          ...(messageTs ? { clientKey: `suggest:${messageTs}:${createHash('sha256').update(line).digest('hex').slice(0, 16)}` } : {}),
        },
      );
    } catch (err) {
      deps.logger.error(`logging a suggested line failed for ${userId}`, err);
      const text = ':x: Sorry, that was *not saved*: something went wrong on our side. Please try again in a moment.';
      message = { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    }
    await ack();
    // Not awaited, as for Undo: a slow response_url must not make the click look failed.
    void replyOrDm(deps, client, userId, message, () => respond({ ...ephemeral(message), replace_original: true }));
  };
