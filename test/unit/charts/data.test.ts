import { beforeEach, describe, expect, it } from 'vitest';
import { ChartCache } from '../../../src/charts/cache.js';
import { conversionChart, repTrendChart, teamWeekChart } from '../../../src/charts/charts.js';
import { repTrend, teamChain, teamChartData } from '../../../src/charts/data.js';
import { openDatabase, type Db } from '../../../src/db/index.js';
import { loadTeams } from '../../../src/digest/team.js';
import { changeUsers } from '../../../src/roster/people.js';
import { markAway } from '../../../src/scoring/absence.js';
import { catalogueWithRetired, loadCatalogue } from '../../../src/scoring/catalogue.js';
import { recordEntries, undoEntries } from '../../../src/scoring/ledger.js';
import { changeRoleGoals } from '../../../src/scoring/programme.js';

const now = new Date('2026-11-18T15:00:00Z');
const admin = { by: 'U0ADMIN', at: now };

describe('the charts’ data from the database', () => {
  let db: Db;
  const log = (userId: string, calls: number, day: string) => logItems(userId, day, { call: calls });
  const logItems = (userId: string, day: string, counts: Record<string, number>, amount?: { cents: number; currency: string }) =>
    recordEntries(db, {
      userId,
      items: Object.entries(counts).map(([activityKey, count]) => ({
        activityKey,
        count,
        amountCents: amount ? amount.cents : null,
        currency: amount ? amount.currency : null,
      })),
      day,
      note: null,
      source: 'command',
      now,
      catalogue: loadCatalogue(db),
    });

  beforeEach(() => {
    db = openDatabase(':memory:');
    // Onboarding week 2 has a goal of 200, week 3 of 350, then 500; from 9 Nov the established goal is 600.
    changeRoleGoals(
      db,
      'AE',
      '2026-01-05',
      {
        ramp: [
          { from: 2, to: 2, goal: 200 },
          { from: 3, to: 3, goal: 350 },
        ],
        established: 500,
      },
      admin,
    );
    changeRoleGoals(
      db,
      'AE',
      '2026-11-09',
      {
        ramp: [
          { from: 2, to: 2, goal: 200 },
          { from: 3, to: 3, goal: 350 },
        ],
        established: 600,
      },
      admin,
    );
    changeUsers(
      db,
      [
        { id: 'U1', change: { onRoster: true, role: 'AE', startDate: '2026-10-05' } },
        { id: 'U2', change: { onRoster: true, role: 'AE', startDate: '2026-12-01' } },
      ],
      now,
    );
  });

  it('repTrend: eight weeks of totals, each against the goal of its own week, its ramp step and its days off', async () => {
    log('U1', 40, '2026-10-01');
    log('U1', 150, '2026-10-14');
    log('U1', 30, '2026-10-16');
    log('U1', 360, '2026-10-21');
    log('U1', 380, '2026-11-03');
    log('U1', 20, '2026-11-18');
    // Wednesday 4 Nov away: that week's goal of 500 is prorated to 400.
    markAway(db, { userId: 'U1', days: ['2026-11-04'], by: 'U1', now });

    const trend = repTrend(db, 'U1', '2026-11-16');
    expect(trend).toEqual({
      currentWeek: '2026-11-16',
      weeks: [
        { weekStart: '2026-09-28', total: 40, goal: null },
        { weekStart: '2026-10-05', total: 0, goal: null },
        { weekStart: '2026-10-12', total: 180, goal: 200 },
        { weekStart: '2026-10-19', total: 360, goal: 350 },
        { weekStart: '2026-10-26', total: 0, goal: 500 },
        { weekStart: '2026-11-02', total: 380, goal: 400, prorated: { fullGoal: 500, daysOff: 1 } },
        { weekStart: '2026-11-09', total: 0, goal: 600 },
        { weekStart: '2026-11-16', total: 20, goal: 600 },
      ],
    });
    expect((await repTrendChart(trend, new ChartCache())).altText).toBe(
      'Points per week against the goal: 28 Sep 40 (no goal), 5 Oct 0 (no goal), 12 Oct 180 of 200, 19 Oct 360 of 350, ' +
        '26 Oct 0 of 500, 2 Nov 380 of 400 (goal prorated for 1 day off), 9 Nov 0 of 600, 16 Nov 20 of 600 (this week).',
    );
  });

  it('teamChartData: the team in the digest’s order, named, the rep not yet started without a goal', async () => {
    log('U1', 120, '2026-11-17');
    log('U2', 30, '2026-11-17');
    const team = loadTeams(db, { weekStart: '2026-11-16' }).get(null)!;
    const data = teamChartData(team, new Map([['U1', 'Ana Lima']]));
    expect(data).toEqual({
      weekStart: '2026-11-16',
      reps: [
        { label: 'Ana Lima', total: 120, goal: 600 },
        { label: 'U2', total: 30, goal: null },
      ],
    });
    expect((await teamWeekChart(data, new ChartCache())).altText).toBe(
      "Each rep's points against their goal, week of 16–22 Nov 2026: 0 of 1 judged reps at goal. Behind: Ana Lima 120 of 600. No goal: U2 30.",
    );
  });

  it('teamChain: each step of the chain per week for the team’s reps, from the daily counts, undone entries out', async () => {
    // Week of 19 Oct: before the four weeks.
    log('U1', 99, '2026-10-20');
    // Week of 26 Oct: 150 calls, 5 conversations, 3 meetings (a demo booked is a meeting booked).
    logItems('U1', '2026-10-26', { call: 100, dm_conversation: 5, meeting_booked: 2 });
    logItems('U2', '2026-11-01', { call: 50, demo_booked: 1 });
    // Week of 2 Nov: 80 calls, 2 discoveries (self-led and mentor-led).
    logItems('U1', '2026-11-04', { call: 80, discovery_self: 1, discovery_mentor: 1 });
    // Week of 9 Nov: 2 demos (self-led and a shadow), emails in no step, one closed-won deal.
    logItems('U1', '2026-11-10', { demo_self: 1, demo_shadow: 1, email: 10 });
    logItems('U2', '2026-11-12', { closed_won: 1 }, { cents: 500_000, currency: 'USD' });
    // Week of 16 Nov: 40 calls and 2 conversations; 20 calls undone; a rep off the team's 300 calls.
    logItems('U1', '2026-11-17', { call: 40, dm_conversation: 2 });
    const undone = log('U1', 20, '2026-11-18');
    undoEntries(db, 'U1', { kind: 'entry', entryId: undone.entries[0]!.id }, now);
    log('U3', 300, '2026-11-17');

    const data = teamChain(db, ['U1', 'U2'], '2026-11-16', catalogueWithRetired(db));
    expect(data).toEqual({
      weeks: ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'],
      steps: [
        { label: 'Calls', counts: [150, 80, 0, 40] },
        { label: 'Conversations', counts: [5, 0, 0, 2] },
        { label: 'Meetings booked', counts: [3, 0, 0, 0] },
        { label: 'Discovery calls', counts: [0, 2, 0, 0] },
        { label: 'Demos', counts: [0, 0, 2, 0] },
        { label: 'Closed-won deals', counts: [0, 0, 1, 0] },
      ],
    });
    expect((await conversionChart(data, new ChartCache())).altText).toBe(
      'Conversion chain, last 4 weeks, counts per week (26 Oct, 2 Nov, 9 Nov, 16 Nov): Calls: 150, 80, 0, 40. ' +
        'Conversations: 5, 0, 0, 2. Meetings booked: 3, 0, 0, 0. Discovery calls: 0, 2, 0, 0. Demos: 0, 0, 2, 0. Closed-won deals: 0, 0, 1, 0.',
    );
    // A team without reps: four weeks of zeros, no read.
    expect(teamChain(db, [], '2026-11-16', catalogueWithRetired(db)).steps[0]).toEqual({ label: 'Calls', counts: [0, 0, 0, 0] });
  });
});
