import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { recordEntries, undoEntries } from '../scoring/ledger.js';
import { parseLog } from '../scoring/parse/index.js';
import {
  buildHelp,
  buildLogConfirmation,
  buildLogError,
  buildLogQuestion,
  buildSlowDown,
  buildUndoResult,
  buildWeekInDoubt,
} from '../views/log.js';
import { buildLogModal } from '../views/log-modal.js';
import { answerValue } from './answer-action.js';
import { typedText } from './command-text.js';
import { NOT_SAVED, repNow, type Deps } from './deps.js';
import { ephemeral } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/log …`: records activities, undoes the last one, shows help, or opens the form. */
export const logCommand =
  (deps: Deps) =>
  async ({ command, ack, client }: Args) => {
    try {
      const rep = await repNow(deps, client, command.user_id);
      const line = typedText(command.text);
      const parsed = parseLog(line, rep.parse);
      if (parsed.kind === 'form') {
        const view = buildLogModal(rep.parse);
        await client.views.open({ trigger_id: command.trigger_id, view });
        return await ack();
      }
      if (parsed.kind === 'help') return await ack(ephemeral(buildHelp(rep.catalogue, rep.week.goal)));
      if (parsed.kind === 'undo') {
        if (rep.weekInDoubt) return await ack(ephemeral(buildWeekInDoubt('undone')));
        const result = await deps.writes.run(
          () => undoEntries(deps.db, command.user_id, { kind: 'latest', weekStart: rep.week.currentWeek }, rep.now),
          rep.writeBy,
        );
        return await ack(ephemeral(buildUndoResult(result, rep)));
      }
      // A line refused counts as one saved does, so a flood of bad or over-long lines is slowed too.
      const allowed = deps.logLimiter.take(command.user_id, rep.now.getTime());
      if (!allowed.ok) return await ack(ephemeral(buildSlowDown(deps.config.logRatePerMinute, allowed.retryInMs)));
      if (parsed.kind === 'error') {
        return await ack(ephemeral(buildLogError(parsed.message, parsed.showHelp, rep.catalogue, rep.week.goal)));
      }
      if (parsed.kind === 'ask') {
        const question = buildLogQuestion(parsed.question, (code) => answerValue(rep.week.today, parsed.answered + code, line.trim()));
        return await ack(ephemeral(question));
      }
      if (rep.weekInDoubt) return await ack(ephemeral(buildWeekInDoubt('logged')));
      const saved = await deps.writes.run(
        () =>
          recordEntries(deps.db, {
            userId: command.user_id,
            items: parsed.items,
            day: parsed.day,
            note: parsed.note,
            source: 'command',
            now: rep.now,
            catalogue: rep.catalogue,
          }),
        rep.writeBy,
      );
      await ack(ephemeral(buildLogConfirmation(saved, rep)));
    } catch (err) {
      deps.logger.error(`/log failed for ${command.user_id}`, err);
      const opening = command.text.trim() === '';
      await ack(
        opening ? { ...NOT_SAVED, text: ":x: Sorry, the form didn't open. Try again, or type it: `/log demo self-led`." } : NOT_SAVED,
      );
    }
  };
