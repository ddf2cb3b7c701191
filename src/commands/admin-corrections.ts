import type { webApi } from '@slack/bolt';
import type { AdminRequest } from '../roster/admin-parse.js';
import { userTimeZone } from '../roster/people.js';
import { isAdmin } from '../roster/permissions.js';
import { adjustWeek, newestEntries, takeBackEntry, weekAdjustments } from '../scoring/adjustments.js';
import { addDays, localDay, weekLabel, weekStartOf, type LocalDay } from '../scoring/week.js';
import {
  buildAdjustDone,
  buildAdjustNotice,
  buildAdminError,
  buildAdminHistory,
  buildAdminRefusal,
  buildTakeBackNotice,
  buildTakeBackResult,
  HISTORY_ENTRIES,
} from '../views/admin.js';
import { mention, type SlackMessage } from '../views/message.js';
import { buttonListener } from './button.js';
import { peopleDeps, type Deps, type RepNow } from './deps.js';

type Correction = Extract<AdminRequest, { kind: 'adjust' | 'history' }>;

/** Tells a rep what an admin changed, after the change is committed; a failure is logged, the change stands. */
function tellRep(deps: Deps, client: webApi.WebClient, repId: string, message: SlackMessage): void {
  client.chat
    .postMessage({ channel: repId, text: message.text, blocks: message.blocks })
    .catch((err: unknown) => deps.logger.warn(`could not tell ${repId} about a correction of their week: ${message.text}`, err));
}

/** The rep's week the admin means: the one named, or the rep's current week in the rep's own zone. */
async function repWeek(deps: Deps, client: webApi.WebClient, admin: RepNow, req: Correction): Promise<LocalDay | SlackMessage> {
  const { zone } = await userTimeZone(peopleDeps(deps, client, admin.now), req.repId);
  const current = weekStartOf(localDay(admin.now, zone));
  const week = !req.week ? current : 'last' in req.week ? addDays(current, -7) : weekStartOf(req.week.day);
  if (week > current) return buildAdminError(`The week of ${weekLabel(week)} hasn’t started yet for ${mention(req.repId)}.`);
  return week;
}

/** `/points-admin adjust` and `history`: an admin's corrections of one rep's week. */
export async function performCorrection(
  deps: Deps,
  client: webApi.WebClient,
  admin: RepNow,
  adminId: string,
  req: Correction,
): Promise<SlackMessage> {
  const weekStart = await repWeek(deps, client, admin, req);
  if (typeof weekStart !== 'string') return weekStart;
  if (req.kind === 'history') {
    return buildAdminHistory({
      repId: req.repId,
      weekStart,
      ...newestEntries(deps.db, req.repId, weekStart, HISTORY_ENTRIES),
      adjustments: weekAdjustments(deps.db, [req.repId], weekStart).get(req.repId) ?? [],
      catalogue: admin.catalogue,
    });
  }
  const change = { userId: req.repId, weekStart, points: req.points, reason: req.reason, adminId, now: admin.now };
  const { weekTotal } = await deps.writes.run(() => adjustWeek(deps.db, change), admin.writeBy);
  tellRep(deps, client, req.repId, buildAdjustNotice({ ...change, weekTotal }));
  return buildAdjustDone({ ...change, repId: req.repId, weekTotal });
}

/** The Take back button of `/points-admin history`: undoes one entry, for admins only, and tells the rep. */
export const takeBackAction = (deps: Deps) =>
  buttonListener(
    deps,
    { what: 'take back', sorry: 'that was *not* taken back', replace: false },
    async ({ body, action, client }, admin) => {
      const adminId = body.user.id;
      if (!(await isAdmin(peopleDeps(deps, client, admin.now), adminId))) return buildAdminRefusal();
      const args = { entryId: Number(action.value), adminId, reason: 'taken back from the history', now: admin.now };
      const result = await deps.writes.run(() => takeBackEntry(deps.db, args), admin.writeBy);
      if (result.kind === 'taken_back')
        tellRep(deps, client, result.entry.userId, buildTakeBackNotice(adminId, result.entry, result.weekTotal, admin.catalogue));
      return buildTakeBackResult(result, admin.catalogue);
    },
  );
