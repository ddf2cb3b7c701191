import { conversionChart } from '../charts/charts.js';
import { teamChain } from '../charts/data.js';
import { findUser } from '../roster/people.js';
import type { NumbersShown } from '../roster/permissions.js';
import { catalogueWithRetired } from '../scoring/catalogue.js';
import { kpiPeriods, repKpiReport, teamKpiReport } from '../scoring/kpis.js';
import type { KpiSpan } from '../scoring/points-query.js';
import { repClock } from '../scoring/standing.js';
import { addDays, weekLabel, type LocalDay } from '../scoring/week.js';
import { rollupKpiReport } from '../digest/rollup.js';
import { buildKpiView, buildRollupKpiView, buildTeamKpiView } from '../views/kpis.js';
import type { SlackMessage } from '../views/message.js';
import { sendChartToDm } from './chart-dm.js';
import type { Deps, RepNow } from './deps.js';

/** The KPI answer's messages, and for a team what to start once they are sent (its chart to the DM). */
export interface KpiAnswer {
  messages: SlackMessage[];
  /** Never rejects: a failure is logged and the viewer told in the DM. */
  followUp?: () => Promise<void>;
}

/**
 * `/points kpis`, `/points team kpis`, `/points @rep kpis`: the answer for what the viewer may
 * see, in one message or more (a large team's reps follow); for a team, the conversion chart of
 * its last weeks follows in the viewer's DM. Without an earlier week named, a rep's week is their own current week, in their zone.
 */
export async function kpiAnswer(
  deps: Deps,
  viewerId: string,
  viewer: RepNow,
  query: { weekStart: LocalDay; kpis: KpiSpan },
  shown: Exclude<NumbersShown, { show: 'nothing' }>,
): Promise<KpiAnswer> {
  // Retired activities too: a month or quarter may hold counts of one retired since.
  const catalogue = catalogueWithRetired(deps.db);
  const current = query.weekStart === viewer.week.currentWeek;
  const periodsFor = (clock: { today: LocalDay; currentWeek: LocalDay }) => {
    const weekStart = current ? clock.currentWeek : query.weekStart;
    // The month and quarter around today in the current week, else around the week's last day.
    const anchor = current ? clock.today : addDays(weekStart, 6);
    return kpiPeriods(query.kpis, weekStart, weekLabel(weekStart), anchor);
  };
  if (shown.show === 'rep') {
    const clock = shown.own ? viewer.week : repClock(findUser(deps.db, shown.repId), viewer.now, deps.config.defaultTimeZone);
    const periods = periodsFor(clock);
    const report = repKpiReport(deps.db, { repId: shown.repId, periods, catalogue });
    return { messages: [buildKpiView({ ...report, periods, catalogue, ...(shown.own ? {} : { repId: shown.repId }) })] };
  }
  const periods = periodsFor(viewer.week);
  if (shown.show === 'rollup') {
    const report = await rollupKpiReport(deps.db, { directorId: shown.directorId, periods, catalogue });
    return { messages: buildRollupKpiView({ ...report, periods, catalogue, directorId: shown.directorId, viewerId }) };
  }
  const managerId = shown.show === 'team' ? shown.managerId : undefined;
  const report = await teamKpiReport(deps.db, { ...(managerId ? { managerId } : {}), periods, catalogue });
  const named = managerId && managerId !== viewerId ? { managerId } : {};
  const repIds = report.reps.map((r) => r.repId);
  return {
    messages: buildTeamKpiView({ ...report, periods, catalogue, ...named, chartFollows: true, everyone: shown.show === 'everyone' }),
    // The read is in the follow-up, after the answer, so the answer never waits for the chart.
    followUp: () =>
      sendChartToDm(deps, viewerId, async () => conversionChart(teamChain(deps.db, repIds, periods.week.from, catalogue)), {
        filename: `chain-${managerId ?? 'everyone'}-${periods.week.from}.png`,
        command: '/points team kpis',
        what: `the conversion chart of ${managerId ?? 'everyone'}'s team`,
        named: named.managerId,
      }),
  };
}
