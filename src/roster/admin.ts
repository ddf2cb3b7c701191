import type { Db } from '../db/index.js';
import type { AdminRequest } from './admin-parse.js';
import { rosterReps } from './roster.js';

/** The users a request would change, to be checked against Slack first. */
export function peopleToCheck(req: AdminRequest): string[] {
  switch (req.kind) {
    case 'assign':
      return [...req.repIds, req.managerId];
    case 'start':
    case 'role':
    case 'region':
      return req.repIds;
    case 'adjust':
    case 'history':
    case 'away':
    case 'quota':
      return [req.repId];
    case 'admins':
      return req.action === 'add' ? req.userIds : [];
    case 'digest_rollup':
      return req.on ? [req.directorId] : [];
    default:
      return [];
  }
}

/** Which of these users are not on the roster, in the order given. */
export function notOnRoster(db: Db, ids: string[]): string[] {
  const onRoster = new Set(rosterReps(db).map((r) => r.id));
  return ids.filter((id) => !onRoster.has(id));
}
