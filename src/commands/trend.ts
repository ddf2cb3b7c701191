import type { webApi } from '@slack/bolt';
import { repTrendChart } from '../charts/charts.js';
import { repTrend } from '../charts/data.js';
import { findUser } from '../roster/people.js';
import { isAdmin, whoseNumbers } from '../roster/permissions.js';
import { parsePointsQuery } from '../scoring/points-query.js';
import { repClock } from '../scoring/standing.js';
import { buildTrendSummary } from '../views/charts.js';
import { buildPointsHelp, buildPointsRefusal } from '../views/points.js';
import type { SlackMessage } from '../views/message.js';
import { sendChartToDm } from './chart-dm.js';
import { peopleDeps, type Deps, type RepNow } from './deps.js';

/** `/points trend …` when the text is one: what follows the word (empty for the viewer's own). */
export function trendAsked(text: string): string | undefined {
  const m = /^trend\b\s*(.*)$/i.exec(text.trim());
  return m ? m[1]! : undefined;
}

/**
 * `/points trend [@rep]`: the rep's last 8 weeks in words, answered at once; the chart of the
 * same numbers follows in the viewer's DM with the bot. Whose trend a viewer may see follows
 * `/points @rep` (the rep, their manager, an admin).
 */
export async function trendAnswer(deps: Deps, client: webApi.WebClient, viewer: string, rep: RepNow, rest: string): Promise<SlackMessage> {
  // A trend always ends at the rep's current week: a week named after it is not understood.
  const query = parsePointsQuery(rest, rep.week.currentWeek);
  if ((query.kind !== 'self' && query.kind !== 'rep') || query.weekStart !== rep.week.currentWeek || /\b(this )?week$/i.test(rest))
    return buildPointsHelp('', '`/points trend` shows your last 8 weeks against the goal; a manager can add a rep: `/points trend @rep`.');
  const shown = await whoseNumbers(deps.db, viewer, query, () => isAdmin(peopleDeps(deps, client, rep.now), viewer));
  if (shown.show !== 'rep') return buildPointsRefusal('rep');
  const currentWeek = shown.own
    ? rep.week.currentWeek
    : repClock(findUser(deps.db, shown.repId), rep.now, deps.config.defaultTimeZone).currentWeek;
  const data = repTrend(deps.db, shown.repId, currentWeek);
  const repId = shown.own ? undefined : shown.repId;
  // Not awaited: the words answer now, the picture follows.
  void sendChartToDm(deps, viewer, () => repTrendChart(data), {
    filename: `trend-${shown.repId}-${data.currentWeek}.png`,
    command: '/points trend',
    what: `the trend chart of ${shown.repId}`,
    named: repId,
  });
  return buildTrendSummary(data, repId);
}
