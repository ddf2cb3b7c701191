import type { Db } from '../db.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import type { Programme } from '../scoring/programme.js';
import { weekLabel, type LocalDay } from '../scoring/week.js';
import { buildDigestMessages } from '../views/digest.js';
import type { SlackMessage } from '../views/message.js';
import { loadTeams, mergeTeams } from './team.js';

/**
 * The digest's view of one manager's team (or, without a manager, of everyone on the roster),
 * for `/points team` at any time.
 */
export function teamView(
  db: Db,
  args: { weekStart: LocalDay; managerId?: string; programme: Programme; catalogue: CatalogueItem[] },
): SlackMessage[] {
  const teams = loadTeams(db, {
    weekStart: args.weekStart,
    programme: args.programme,
    catalogue: args.catalogue,
    managerIds: args.managerId ? [args.managerId] : undefined,
  });
  const team = args.managerId ? teams.get(args.managerId) : mergeTeams(teams.values(), args.weekStart);
  const title = `${args.managerId ? 'Team' : 'Everyone'} · ${weekLabel(args.weekStart)}`;
  return buildDigestMessages({ team: team ?? mergeTeams([], args.weekStart), catalogue: args.catalogue, title });
}
