import { findUser } from '../people.js';
import { goalStanding } from '../scoring/programme.js';
import { repStanding } from '../scoring/standing.js';
import type { LocalDay } from '../scoring/week.js';
import type { SlackMessage } from '../views/message.js';
import { buildPointsView } from '../views/points.js';
import type { Deps, RepNow } from './deps.js';

/**
 * One rep's week as `/points` and the Home tab show it: the goal that applied to them then, the
 * running totals, and for the current week the pace. `viewer` is who asked, in their "now".
 */
export function weekView(deps: Deps, viewer: RepNow, repId: string, weekStart: LocalDay, own: boolean): SlackMessage {
  const standing = goalStanding(viewer.programme, findUser(deps.db, repId)?.startDate, weekStart);
  const s = repStanding(deps.db, {
    userId: repId,
    weekStart,
    currentWeek: viewer.week.currentWeek,
    today: viewer.week.today,
    goal: standing.goal,
    catalogue: viewer.catalogue,
  });
  return buildPointsView({
    ...s,
    ...standing,
    catalogue: viewer.catalogue,
    programme: viewer.programme,
    current: weekStart === viewer.week.currentWeek,
    ...(own ? {} : { repId }),
  });
}
