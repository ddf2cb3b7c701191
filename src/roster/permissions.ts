import type { Db } from '../db/index.js';
import { findUser, refreshProfile, withinBudget, type PeopleDeps } from './people.js';
import type { User } from '../db/schema.js';
import { directsAManager, isAboveUser } from './hierarchy.js';
import { isManager } from './roster.js';

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

/**
 * Whether a user may make a `/points-admin` request: an admin may make any; a rep's manager may
 * also mark that rep's days away or take them back (they know who is off), nothing else.
 */
export async function mayAdminister(
  deps: PeopleDeps & { adminUserIds: string[] },
  userId: string,
  req: { kind: string; repId?: string },
): Promise<boolean> {
  if (req.kind === 'away' && req.repId && findUser(deps.db, req.repId)?.managerId === userId) return true;
  return isAdmin(deps, userId);
}

/** Whose numbers a viewer asks for: their own, one rep's, or a team's (a manager's, or their own team). */
export type NumbersAsked = { kind: 'self' } | { kind: 'rep'; repId: string } | { kind: 'team'; managerId?: string | undefined };

/** Whose numbers a viewer may see for what they asked, or why not. */
export type NumbersShown =
  | { show: 'rep'; repId: string; own: boolean }
  | { show: 'team'; managerId: string }
  /** A director's teams, each a row (`/points team` of a director, theirs or as another may see it). */
  | { show: 'rollup'; directorId: string }
  | { show: 'everyone' }
  /** `team`: the manager asked about (or the viewer) has no team; `rep`: the viewer may not look. */
  | { show: 'nothing'; reason: 'rep' | 'team'; managerId?: string | undefined };

/** Whether `viewerId` may read a rep's numbers: the rep, their manager, anyone above the manager, or an admin. */
function canSeeRep(db: Db, viewerId: string, rep: Pick<User, 'id' | 'managerId'>, viewerIsAdmin: boolean): boolean {
  if (viewerIsAdmin || rep.id === viewerId || rep.managerId === viewerId) return true;
  return rep.managerId !== null && isAboveUser(db, viewerId, rep.id);
}

/**
 * Whose numbers `viewerId` may see: their own always; a rep's if they are that rep, the rep's
 * manager, above that manager, or an admin; their own team if they manage one (as a roll-up of
 * the teams below them if they are a director); a team below them, or any if they are an admin;
 * and everyone's if they are an admin who manages no one. `viewerIsAdmin` is asked only
 * when the answer depends on it (it may read Slack).
 */
export async function whoseNumbers(
  db: Db,
  viewerId: string,
  asked: NumbersAsked,
  viewerIsAdmin: () => Promise<boolean>,
): Promise<NumbersShown> {
  if (asked.kind === 'self') return { show: 'rep', repId: viewerId, own: true };
  const admin = await viewerIsAdmin();
  if (asked.kind === 'rep') {
    const target = findUser(db, asked.repId);
    if (!target || !canSeeRep(db, viewerId, target, admin)) return { show: 'nothing', reason: 'rep' };
    return { show: 'rep', repId: target.id, own: target.id === viewerId };
  }
  const managerId = asked.managerId ?? viewerId;
  // A director opens the teams below them; a peer manager's team stays closed to a manager.
  if (asked.managerId && asked.managerId !== viewerId && !admin && !isAboveUser(db, viewerId, asked.managerId))
    return { show: 'nothing', reason: 'rep' };
  if (directsAManager(db, managerId)) return { show: 'rollup', directorId: managerId };
  if (isManager(db, managerId)) return { show: 'team', managerId };
  // An admin who manages no one sees everyone; anyone else needs a team.
  if (admin && !asked.managerId) return { show: 'everyone' };
  return { show: 'nothing', reason: 'team', managerId: asked.managerId };
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
