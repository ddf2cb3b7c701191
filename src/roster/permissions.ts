import { findUser, refreshProfile, withinBudget, type PeopleDeps } from '../people.js';
import type { User } from '../schema.js';

/** Admin rights are re-read from Slack this often, so a demoted workspace admin loses them soon. */
const ADMIN_RECHECK_MS = 10 * 60 * 1000;

/**
 * An admin is listed in ADMIN_USER_IDS, was made one with `/points-admin admins add`, or is a
 * workspace admin or owner in Slack (users.info, re-read every few minutes).
 */
export async function isAdmin(deps: PeopleDeps & { adminUserIds: string[] }, userId: string): Promise<boolean> {
  if (deps.adminUserIds.includes(userId)) return true;
  let user = findUser(deps.db, userId);
  if (user?.grantedAdmin) return true;
  if (user?.tzCheckedAt == null || deps.now.getTime() - user.tzCheckedAt >= ADMIN_RECHECK_MS) {
    const profile = await withinBudget(
      refreshProfile(deps, userId).catch((err: unknown) => {
        deps.logger.warn(`could not re-read ${userId}'s admin flags; using the cached ones`, err);
        return undefined;
      }),
      1500,
    );
    if (profile?.found) user = profile.user;
  }
  return Boolean(user?.slackAdmin);
}

/** Whether `viewerId` may read a rep's numbers: the rep, their manager, or an admin. */
export function canSeeRep(viewerId: string, rep: Pick<User, 'id' | 'managerId'>, viewerIsAdmin: boolean): boolean {
  return viewerIsAdmin || rep.id === viewerId || rep.managerId === viewerId;
}

/** A user as the roster needs them: existing in the workspace and not deactivated. */
export async function checkPeople(deps: PeopleDeps, ids: string[]): Promise<string | undefined> {
  const problems: string[] = [];
  await Promise.all(
    ids.map(async (id) => {
      try {
        const profile = await refreshProfile(deps, id);
        if (!profile.found) problems.push(`<@${id}> isn't in this workspace.`);
        else if (profile.user.deactivated) problems.push(`<@${id}> is deactivated in Slack.`);
      } catch (err) {
        deps.logger.warn(`could not check ${id} with users.info`, err);
        problems.push(`I couldn't check <@${id}> with Slack just now; try again in a moment.`);
      }
    }),
  );
  return problems.length > 0 ? problems.sort().join(' ') : undefined;
}
