import { describe, expect, it } from 'vitest';
import { behindReason, CHAIN_STEPS, type ActivityCounts, type Kpis } from '../../../src/scoring/kpis.js';

const WEEK = '2026-11-16';

/** A rep's or a team's week: calls and meetings booked, and what was logged each day (Monday first). */
function week(calls: number, meetings: number, days: number[] = [calls + meetings, 0, 0, 0, 0, 0, 0]): Kpis {
  const chain = Object.fromEntries(CHAIN_STEPS.map((s) => [s, 0])) as Kpis['chain'];
  chain.call = calls;
  chain.meeting = meetings;
  const activities: ActivityCounts[] = [{ activityKey: 'call', days, week: days.reduce((a, b) => a + b, 0), month: 0 }];
  return { activities, chain, deals: [], dealsWithoutAmount: 0, logged: days.some((d) => d > 0) };
}

const reason = (rep: Kpis, team: Kpis, teamSize = 4, lastDay = '2026-11-20') =>
  behindReason({ rep, team, teamSize, weekStart: WEEK, lastDay });

describe('why a rep is behind, from the numbers', () => {
  it('says a rep logged nothing from Monday on, up to the day they started', () => {
    expect(reason(week(120, 1, [0, 0, 0, 60, 61, 0, 0]), week(600, 18))).toEqual({ kind: 'quiet_days', to: '2026-11-18' });
  });

  it('gives no quiet days for one day, or for a week with nothing logged at all (the digest says that already)', () => {
    expect(reason(week(120, 4, [0, 60, 64, 0, 0, 0, 0]), week(480, 16))).toBeUndefined();
    expect(reason(week(0, 0, [0, 0, 0, 0, 0, 0, 0]), week(600, 18))).toEqual({ kind: 'few_calls', calls: 0, teamAverageCalls: 150 });
  });

  it('counts only the days of the week gone by in a week still open', () => {
    // Wednesday: Monday and Tuesday were quiet, and something was logged today.
    expect(reason(week(80, 0, [0, 0, 80, 0, 0, 0, 0]), week(600, 18), 4, '2026-11-18')).toEqual({ kind: 'quiet_days', to: '2026-11-17' });
  });

  it('names calls without a meeting, with the team’s conversion', () => {
    expect(reason(week(180, 0), week(600, 18))).toEqual({ kind: 'no_meetings', calls: 180, teamAverageCalls: 150, teamRate: 0.03 });
  });

  it('needs enough calls before it speaks of conversion', () => {
    expect(reason(week(49, 0), week(200, 6))).toBeUndefined();
  });

  it('names conversion under half the team’s', () => {
    expect(reason(week(300, 2), week(1000, 30))).toEqual({
      kind: 'low_conversion',
      calls: 300,
      meetings: 2,
      rate: 2 / 300,
      teamRate: 0.03,
    });
    expect(reason(week(300, 5), week(1000, 30))).toBeUndefined();
  });

  it('names too few calls against the team’s average', () => {
    expect(reason(week(40, 3), week(600, 18))).toEqual({ kind: 'few_calls', calls: 40, teamAverageCalls: 150 });
    expect(reason(week(80, 3), week(600, 18))).toBeUndefined();
  });
});
