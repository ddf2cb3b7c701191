import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from '@slack/bolt';
import type { Db } from '../db/index.js';
import { isAdmin } from '../roster/permissions.js';
import {
  checkActivityAdd,
  checkActivityEdit,
  checkGoalsForm,
  type ActivityField,
  type ActivityForm,
  type FormCheck,
  type GoalsField,
} from '../roster/programme-form.js';
import { knownRoles } from '../scoring/programme.js';
import type { LocalDay } from '../scoring/week.js';
import { buildAdminRefusal } from '../views/admin.js';
import { buildCataloguePreview } from '../views/catalogue.js';
import { ids } from '../views/ids.js';
import { buildResultModal } from '../views/log-modal.js';
import { textMessage, type SlackMessage } from '../views/message.js';
import { buildGoalPreview } from '../views/programme.js';
import { buildPreviewSent, roleOfModal } from '../views/programme-modals.js';
import { peopleDeps, repNow, type Deps } from './deps.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = ViewOutput['state']['values'];
type Checked = { ok: true; previews: SlackMessage[] } | { ok: false; errors: Record<string, string> };
type Check = (db: Db, values: Values, at: { role: string; currentWeek: LocalDay }) => Checked;

const answered = (message: SlackMessage) => ({
  response_action: 'update' as const,
  view: buildResultModal(message, 'Programme', ids.previewSentView),
});

/**
 * A programme form submitted: for an admin, field errors beside the fields, or the previews sent
 * to their DM (a modal has no response_url; the bot's replies go to the DM when one has none).
 * Nothing is saved: each preview's Apply button does that, as after a typed command.
 */
function programmeSubmit(deps: Deps, check: Check, firstBlock: string) {
  return async ({ body, view, ack, client }: Args) => {
    const userId = body.user.id;
    try {
      const rep = await repNow(deps, client, userId);
      if (!(await isAdmin(peopleDeps(deps, client, rep.now), userId))) return await ack(answered(buildAdminRefusal()));
      const role = roleOfModal(view.private_metadata);
      if (role === undefined || !knownRoles(deps.db).includes(role))
        return await ack(answered(textMessage(`:warning: There is no role ${role ?? ''} any more. Nothing changed.`)));
      const checked = check(deps.db, view.state.values, { role, currentWeek: rep.week.currentWeek });
      if (!checked.ok) return await ack({ response_action: 'errors', errors: checked.errors });
      for (const p of checked.previews) await client.chat.postMessage({ channel: userId, text: p.text, blocks: p.blocks });
      await ack(answered(buildPreviewSent(checked.previews.length)));
    } catch (err) {
      deps.logger.error(`programme form failed for ${userId}`, err);
      const sorry = 'Sorry, no preview was sent: something went wrong on our side. Nothing changed; please try again.';
      await ack({ response_action: 'errors', errors: { [firstBlock]: sorry } });
    }
  };
}

/** The form's field errors keyed by the block each field is in. */
function byBlock<F extends string, T>(
  checked: FormCheck<T, F>,
  blocks: Record<F, string>,
  previews: (value: T) => SlackMessage[],
): Checked {
  if (checked.ok) return { ok: true, previews: previews(checked.value) };
  return {
    ok: false,
    errors: Object.fromEntries(Object.entries(checked.errors).map(([field, msg]) => [blocks[field as F], msg as string])),
  };
}

const ACTIVITY_BLOCKS: Record<ActivityField, string> = {
  activity: ids.editActivityBlock,
  name: ids.activityNameBlock,
  points: ids.activityPointsBlock,
  aliases: ids.activityAliasesBlock,
  group: ids.activityGroupBlock,
  retire: ids.activityRetireBlock,
  from: ids.changeFromBlock,
};
const GOAL_BLOCKS: Record<GoalsField, string> = {
  rampFrom: ids.rampFromBlock,
  rampTo: ids.rampToBlock,
  rampGoal: ids.rampGoalBlock,
  established: ids.establishedBlock,
  from: ids.changeFromBlock,
};

const value = (v: Values, block: string, action: string) => v[block]?.[action];
const typed = (v: Values, block: string, action: string) => value(v, block, action)?.value ?? undefined;

function activityForm(v: Values): ActivityForm {
  return {
    activity: value(v, ids.editActivityBlock, ids.editActivitySelect)?.selected_option?.value,
    name: typed(v, ids.activityNameBlock, ids.activityNameInput),
    points: typed(v, ids.activityPointsBlock, ids.activityPointsInput),
    aliases: typed(v, ids.activityAliasesBlock, ids.activityAliasesInput),
    group: value(v, ids.activityGroupBlock, ids.activityGroupSelect)?.selected_option?.value,
    retire: (value(v, ids.activityRetireBlock, ids.activityRetireCheckbox)?.selected_options?.length ?? 0) > 0,
    from: value(v, ids.changeFromBlock, ids.changeFromPicker)?.selected_date ?? undefined,
  };
}

const previewAll = (previews: Parameters<typeof buildCataloguePreview>[0][]) => previews.map(buildCataloguePreview);

/** "Edit activity" submitted. */
export const editActivitySubmit = (deps: Deps) =>
  programmeSubmit(
    deps,
    (db, v, at) =>
      byBlock(
        checkActivityEdit(db, activityForm(v), { ...at, newId: randomUUID }),
        { ...ACTIVITY_BLOCKS, group: ids.editActivityBlock },
        previewAll,
      ),
    ids.editActivityBlock,
  );

/** "Add activity" submitted; it has no activity to pick, so nothing lands on that field. */
export const addActivitySubmit = (deps: Deps) =>
  programmeSubmit(
    deps,
    (db, v, at) =>
      byBlock(
        checkActivityAdd(db, activityForm(v), { ...at, newId: randomUUID }),
        { ...ACTIVITY_BLOCKS, activity: ids.activityNameBlock },
        previewAll,
      ),
    ids.activityNameBlock,
  );

/** "Edit goals" submitted. */
export const goalsSubmit = (deps: Deps) =>
  programmeSubmit(
    deps,
    (db, v, at) => {
      const form = {
        rampFrom: typed(v, ids.rampFromBlock, ids.rampFromInput),
        rampTo: typed(v, ids.rampToBlock, ids.rampToInput),
        rampGoal: typed(v, ids.rampGoalBlock, ids.rampGoalInput),
        established: typed(v, ids.establishedBlock, ids.establishedInput),
        from: value(v, ids.changeFromBlock, ids.changeFromPicker)?.selected_date ?? undefined,
      };
      return byBlock(checkGoalsForm(db, form, at), GOAL_BLOCKS, (p) => [buildGoalPreview(p, at.currentWeek)]);
    },
    ids.rampFromBlock,
  );
