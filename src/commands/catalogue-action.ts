import { z } from 'zod';
import { isAdmin } from '../roster/permissions.js';
import { applyCatalogueChange, type PendingCatalogueChange } from '../scoring/catalogue-change.js';
import { buildAdminRefusal } from '../views/admin.js';
import { buildCatalogueApplied } from '../views/catalogue.js';
import { ids } from '../views/ids.js';
import { buttonListener } from './button.js';
import { peopleDeps, type Deps } from './deps.js';

const aliases = z.array(z.string().max(40)).max(20);
/** The change an Apply button carries, checked: a button's value comes back from Slack as the client sent it. */
const pending = z.object({
  id: z.string().min(1).max(64),
  role: z.string().min(1).max(20),
  key: z.string().min(1).max(60),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  edit: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('points'), points: z.number().int().min(0).max(1000) }),
    z.object({
      kind: z.literal('add'),
      name: z.string().min(1).max(60),
      points: z.number().int().min(0).max(1000),
      aliases,
      group: z.string().min(1).max(40).optional(),
    }),
    z.object({ kind: z.literal('rename'), name: z.string().min(1).max(60) }),
    z.object({ kind: z.literal('aliases'), aliases }),
    z.object({ kind: z.literal('retire') }),
  ]),
});

/** Apply / Cancel on a catalogue change's preview: only an admin applies it, once; the answer replaces the preview. */
export const catalogueAction = (deps: Deps) =>
  buttonListener(deps, { what: 'catalogue change', sorry: 'the catalogue did *not* change' }, async ({ body, action, client }, admin) => {
    const adminId = body.user.id;
    const parsed = pending.safeParse(parseJson(action.value));
    if (!(await isAdmin(peopleDeps(deps, client, admin.now), adminId))) return buildAdminRefusal();
    if (!parsed.success) return buildCatalogueApplied({ kind: 'refused', message: 'That preview could not be read; ask for it again.' });
    if (action.action_id === ids.catalogueCancelButton) return buildCatalogueApplied({ kind: 'cancelled' });
    const change = parsed.data as PendingCatalogueChange;
    const args = { adminId, now: admin.now, currentWeek: admin.week.currentWeek };
    return buildCatalogueApplied(await deps.writes.run(() => applyCatalogueChange(deps.db, change, args), admin.writeBy));
  });

/** A button's JSON value, or null when it is not JSON (a forged click): refused by the schema, not thrown. */
function parseJson(value: string | undefined): unknown {
  try {
    return JSON.parse(value ?? 'null');
  } catch {
    return null;
  }
}
