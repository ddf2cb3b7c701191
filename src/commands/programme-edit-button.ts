import { isAdmin } from '../roster/permissions.js';
import { catalogueFor, summaryGroupsOf } from '../scoring/catalogue.js';
import { knownRoles, programmeForWeek } from '../scoring/programme.js';
import { buildAdminRefusal } from '../views/admin.js';
import { ids } from '../views/ids.js';
import { textMessage } from '../views/message.js';
import { buildAddActivityModal, buildEditActivityModal, buildGoalsModal } from '../views/programme-modals.js';
import type { ButtonArgs } from './button.js';
import { peopleDeps, repNow, type Deps } from './deps.js';
import { ephemeral, replyOrDm } from './reply.js';

/**
 * The programme view's "Edit activity", "Add activity" and "Edit goals" buttons (their value is
 * the role): open the form for an admin; anyone else, or a role gone since, is told why.
 */
export const programmeEditButton =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: ButtonArgs) => {
    await ack();
    const userId = body.user.id;
    try {
      const rep = await repNow(deps, client, userId);
      const role = action.value ?? '';
      const weekStart = rep.week.currentWeek;
      const catalogue = catalogueFor(deps.db, role, weekStart);
      const refusal = !(await isAdmin(peopleDeps(deps, client, rep.now), userId))
        ? buildAdminRefusal()
        : !knownRoles(deps.db).includes(role)
          ? textMessage(`:warning: There is no role ${role}. Nothing changed.`)
          : action.action_id === ids.editActivityButton && catalogue.length === 0
            ? textMessage(`The ${role} catalogue has no activity in force this week to edit; add one with *Add activity*.`)
            : undefined;
      if (refusal) return void replyOrDm(deps, client, userId, refusal, () => respond({ ...ephemeral(refusal), replace_original: false }));
      const view =
        action.action_id === ids.editActivityButton
          ? buildEditActivityModal({ role, catalogue, weekStart })
          : action.action_id === ids.addActivityButton
            ? buildAddActivityModal({ role, weekStart, groups: summaryGroupsOf(deps.db) })
            : buildGoalsModal({ role, goals: programmeForWeek(deps.db, weekStart).goals.get(role)!, weekStart });
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      deps.logger.error(`the programme form did not open for ${userId}`, err);
      const sorry = textMessage(":x: Sorry, the form didn't open. Nothing changed; try again, or type the change (`/points-admin help`).");
      await replyOrDm(deps, client, userId, sorry, () => respond({ ...ephemeral(sorry), replace_original: false }));
    }
  };
