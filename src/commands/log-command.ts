import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { undoEntries } from '../scoring/ledger.js';
import { earliestDay } from '../scoring/parse/index.js';
import { weekStartOf } from '../scoring/week.js';
import { buildHelp, buildUndoResult, buildWeekInDoubt } from '../views/log.js';
import { buildLogModal } from '../views/log-modal.js';
import { typedText } from './command-text.js';
import { NOT_SAVED, repNow, type Deps } from './deps.js';
import { repAway } from './away.js';
import { historyOf, judgedUndo } from './history.js';
import { answerLogLine, readLogLine } from './log-line.js';
import { ephemeral } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/log …`: records activities, undoes the last line, lists a week to undo from, shows help, or opens the form. */
export const logCommand =
  (deps: Deps) =>
  async ({ command, ack, client }: Args) => {
    try {
      const rep = await repNow(deps, client, command.user_id);
      const line = typedText(command.text);
      const parsed = readLogLine(deps, rep, line);
      if (parsed.kind === 'form') {
        const view = buildLogModal(rep.parse);
        await client.views.open({ trigger_id: command.trigger_id, view });
        return await ack();
      }
      if (parsed.kind === 'help') return await ack(ephemeral(buildHelp(rep.catalogue, rep.week.goal)));
      if (parsed.kind === 'away') {
        if (rep.weekInDoubt) return await ack(ephemeral(buildWeekInDoubt('logged')));
        return await ack(ephemeral(await repAway(deps, rep, command.user_id, parsed)));
      }
      if (parsed.kind === 'history') return await ack(ephemeral(historyOf(deps, rep, command.user_id, parsed.week)));
      if (parsed.kind === 'undo') {
        if (rep.weekInDoubt) return await ack(ephemeral(buildWeekInDoubt('undone')));
        // The whole line logged last, whatever day it is for: back to the first week a rep may still log for.
        const fromWeek = weekStartOf(earliestDay(rep.parse));
        const target = { kind: 'lastLine' as const, fromWeek, toWeek: rep.week.currentWeek };
        const result = await deps.writes.run(() => undoEntries(deps.db, command.user_id, target, rep.now), rep.writeBy);
        return await ack(ephemeral(buildUndoResult(judgedUndo(deps, command.user_id, result), rep, fromWeek)));
      }
      await ack(ephemeral(await answerLogLine(deps, command.user_id, rep, parsed, { line: line.trim(), today: rep.week.today })));
    } catch (err) {
      deps.logger.error(`/log failed for ${command.user_id}`, err);
      const opening = command.text.trim() === '';
      await ack(
        opening ? { ...NOT_SAVED, text: ":x: Sorry, the form didn't open. Try again, or type it: `/log demo self-led`." } : NOT_SAVED,
      );
    }
  };
