import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { isAdmin } from '../roster/permissions.js';
import { applyCatalogueChange, type PendingCatalogueChange } from '../scoring/catalogue-change.js';
import { buildAdminRefusal } from '../views/admin.js';
import { buildCatalogueApplied } from '../views/catalogue.js';
import { ids } from '../views/ids.js';
import { peopleDeps, repNow, type Deps } from './deps.js';
import { ephemeral } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const aliases = z.array(z.string().max(40)).max(20);
/** The change an Apply button carries, checked: a button's value comes back from Slack as the client sent it. */
const pending = z.object({
  id: z.string().min(1).max(64),
  role: z.string().min(1).max(20),
  key: z.string().min(1).max(60),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  edit: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('points'), points: z.number().int().min(0).max(1000) }),
    z.object({ kind: z.literal('add'), name: z.string().min(1).max(60), points: z.number().int().min(0).max(1000), aliases }),
    z.object({ kind: z.literal('rename'), name: z.string().min(1).max(60) }),
    z.object({ kind: z.literal('aliases'), aliases }),
    z.object({ kind: z.literal('retire') }),
  ]),
});

/** Apply / Cancel on a catalogue change's preview: only an admin applies it, once; the answer replaces the preview. */
export const catalogueAction =
  (deps: Deps) =>
  async ({ body, action, ack, client, respond }: Args) => {
    await ack();
    const adminId = body.user.id;
    let message;
    try {
      const admin = await repNow(deps, client, adminId);
      const parsed = pending.safeParse(JSON.parse(action.value ?? 'null'));
      if (!(await isAdmin(peopleDeps(deps, client, admin.now), adminId))) message = buildAdminRefusal();
      else if (!parsed.success)
        message = buildCatalogueApplied({ kind: 'refused', message: 'That preview could not be read; ask for it again.' });
      else if (action.action_id === ids.catalogueCancelButton) message = buildCatalogueApplied({ kind: 'cancelled' });
      else {
        const change = parsed.data as PendingCatalogueChange;
        const args = { adminId, now: admin.now, currentWeek: admin.week.currentWeek };
        message = buildCatalogueApplied(await deps.writes.run(() => applyCatalogueChange(deps.db, change, args), admin.writeBy));
      }
    } catch (err) {
      deps.logger.error(`catalogue change by ${adminId} failed`, err);
      message = buildCatalogueApplied({ kind: 'refused', message: 'Sorry, something went wrong on our side.' });
    }
    await respond({ ...ephemeral(message), replace_original: true });
  };
