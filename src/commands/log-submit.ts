import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { recordEntries } from '../scoring/ledger.js';
import { namedAccount } from '../scoring/accounts.js';
import { parseLogForm, type LogFormInput } from '../scoring/parse/index.js';
import { weekStartOf } from '../scoring/week.js';
import { ids } from '../views/ids.js';
import { buildLogConfirmation, buildWeekInDoubt } from '../views/log.js';
import { buildResultModal } from '../views/log-modal.js';
import { catalogueOfWeek, parseContextFor, repNow, type Deps } from './deps.js';
import { judgeWeeks } from '../scoring/standing.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const BLOCK_OF: Record<keyof LogFormInput, string> = {
  activityKey: ids.activityBlock,
  count: ids.countBlock,
  day: ids.dayBlock,
  amount: ids.amountBlock,
  note: ids.noteBlock,
  account: ids.accountBlock,
};

/** The `/log` form submitted: field errors beside the fields, or the entry saved and the form turned into its confirmation. */
export const logSubmit =
  (deps: Deps) =>
  async ({ body, view, ack, client }: Args) => {
    const v = view.state.values;
    const input: LogFormInput = {
      activityKey: v[ids.activityBlock]?.[ids.activitySelect]?.selected_option?.value,
      count: v[ids.countBlock]?.[ids.countInput]?.value,
      day: v[ids.dayBlock]?.[ids.dayPicker]?.selected_date,
      amount: v[ids.amountBlock]?.[ids.amountInput]?.value,
      note: v[ids.noteBlock]?.[ids.noteInput]?.value,
      account: v[ids.accountBlock]?.[ids.accountInput]?.value,
    };
    try {
      const rep = await repNow(deps, client, body.user.id);
      let form = parseLogForm(input, rep.parse);
      // A day in an earlier week is logged by that week's catalogue, and earns its points.
      if (form.ok && weekStartOf(form.day) !== rep.week.currentWeek)
        form = parseLogForm(input, parseContextFor(deps, rep, weekStartOf(form.day)));
      if (!form.ok) {
        const errors = Object.fromEntries(Object.entries(form.errors).map(([field, msg]) => [BLOCK_OF[field as keyof LogFormInput], msg]));
        return await ack({ response_action: 'errors', errors });
      }
      if (rep.weekInDoubt) {
        return await ack({ response_action: 'errors', errors: { [ids.activityBlock]: buildWeekInDoubt('logged').text } });
      }
      const saved = await deps.writes.run(() => {
        // In the same transaction as the entry, and only when the Account field was filled.
        const account = form.account === undefined ? null : namedAccount(deps.db, form.account, body.user.id, rep.now);
        const result = recordEntries(deps.db, {
          userId: body.user.id,
          items: [form.item],
          day: form.day,
          note: form.note,
          source: 'modal',
          // Slack may deliver the same submission twice; the view id makes the second one a no-op.
          clientKey: `view:${view.id}`,
          now: rep.now,
          // The points of the catalogue in force in the entry's week, as the form was read by.
          catalogue: catalogueOfWeek(deps, rep, weekStartOf(form.day)),
          accountId: account?.id ?? null,
        });
        return { ...result, account };
      }, rep.writeBy);
      const weeks = judgeWeeks(deps.db, { userId: body.user.id, weekTotals: new Map([[saved.weekStart, saved.weekTotal]]) });
      const message = buildLogConfirmation({ ...saved, weeks }, rep);
      await ack({ response_action: 'update', view: buildResultModal(message, 'Logged', ids.savedView) });
    } catch (err) {
      deps.logger.error(`log form failed for ${body.user.id}`, err);
      await ack({
        response_action: 'errors',
        errors: { [ids.activityBlock]: 'Sorry, that was not saved: something went wrong on our side. Please try again.' },
      });
    }
  };
