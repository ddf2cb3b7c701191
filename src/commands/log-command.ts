import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { recordEntries, undoEntries } from '../scoring/ledger.js';
import { earliestDay, parseLog } from '../scoring/parse/index.js';
import { otherRoleActivities } from '../scoring/role-activities.js';
import { weekStartOf } from '../scoring/week.js';
import { otherRoleRefusal } from '../views/catalogue.js';
import { buildHelp, buildLogConfirmation, buildLogError, buildSlowDown, buildUndoResult, buildWeekInDoubt } from '../views/log.js';
import { buildLogModal } from '../views/log-modal.js';
import { typedText } from './command-text.js';
import { NOT_SAVED, parseContextFor, repNow, type Deps } from './deps.js';
import { historyOf, judged, judgedUndo } from './history.js';
import { ephemeral } from './reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/log …`: records activities, undoes the last line, lists a week to undo from, shows help, or opens the form. */
export const logCommand =
  (deps: Deps) =>
  async ({ command, ack, client }: Args) => {
    try {
      const rep = await repNow(deps, client, command.user_id);
      const text = typedText(command.text);
      let parsed = parseLog(text, rep.parse);
      // A line for an earlier week is read by that week's catalogue, and earns its points.
      if (parsed.kind === 'log' && weekStartOf(parsed.day) !== rep.week.currentWeek)
        parsed = parseLog(text, parseContextFor(deps, rep, weekStartOf(parsed.day)));
      if (parsed.kind === 'form') {
        const view = buildLogModal(rep.parse);
        await client.views.open({ trigger_id: command.trigger_id, view });
        return await ack();
      }
      if (parsed.kind === 'help') return await ack(ephemeral(buildHelp(rep.catalogue, rep.week.goal)));
      if (parsed.kind === 'history') return await ack(ephemeral(historyOf(deps, rep, command.user_id, parsed.week)));
      if (parsed.kind === 'undo') {
        if (rep.weekInDoubt) return await ack(ephemeral(buildWeekInDoubt('undone')));
        // The whole line logged last, whatever day it is for: back to the first week a rep may still log for.
        const fromWeek = weekStartOf(earliestDay(rep.parse));
        const target = { kind: 'lastLine' as const, fromWeek, toWeek: rep.week.currentWeek };
        const result = await deps.writes.run(() => undoEntries(deps.db, command.user_id, target, rep.now), rep.writeBy);
        return await ack(ephemeral(buildUndoResult(judgedUndo(deps, rep, command.user_id, result), rep, fromWeek)));
      }
      // A line refused counts as one saved does, so a flood of bad or over-long lines is slowed too.
      const allowed = deps.logLimiter.take(command.user_id, rep.now.getTime());
      if (!allowed.ok) return await ack(ephemeral(buildSlowDown(deps.config.logRatePerMinute, allowed.retryInMs)));
      if (parsed.kind === 'error') {
        const foreign = otherRoleActivities(deps.db, rep, text, rep.week.currentWeek);
        if (foreign) return await ack(ephemeral(buildLogError(otherRoleRefusal(foreign), false, rep.catalogue, rep.week.goal)));
        return await ack(ephemeral(buildLogError(parsed.message, parsed.showHelp, rep.catalogue, rep.week.goal)));
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
      const weeks = judged(deps, rep, command.user_id, new Map([[saved.weekStart, saved.weekTotal]]));
      await ack(ephemeral(buildLogConfirmation({ ...saved, weeks }, rep)));
    } catch (err) {
      deps.logger.error(`/log failed for ${command.user_id}`, err);
      const opening = command.text.trim() === '';
      await ack(
        opening ? { ...NOT_SAVED, text: ":x: Sorry, the form didn't open. Try again, or type it: `/log demo self-led`." } : NOT_SAVED,
      );
    }
  };
