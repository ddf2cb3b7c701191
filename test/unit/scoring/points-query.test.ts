import { describe, expect, it } from 'vitest';
import { parsePointsQuery } from '../../../src/scoring/points-query.js';

// The week of Monday 16 November 2026.
const WEEK = '2026-11-16';

describe('parsePointsQuery', () => {
  it.each([
    ['', { kind: 'self', weekStart: WEEK }],
    ['this week', { kind: 'self', weekStart: WEEK }],
    ['last week', { kind: 'self', weekStart: '2026-11-09' }],
    ['2026-11-11', { kind: 'self', weekStart: '2026-11-09' }],
    ['team', { kind: 'team', weekStart: WEEK }],
    ['team last week', { kind: 'team', weekStart: '2026-11-09' }],
    ['team <@U0MGR|mgr>', { kind: 'team', weekStart: WEEK, managerId: 'U0MGR' }],
    ['<@U0REP1|rep> 2026-11-03', { kind: 'rep', weekStart: '2026-11-02', repId: 'U0REP1' }],
    ['help', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['2026-11-23', { kind: 'future', weekStart: '2026-11-23' }],
    ['team 2027-01-01', { kind: 'future', weekStart: '2026-12-28' }],
    ['3 weeks ago', { kind: 'self', weekStart: '2026-10-26' }],
    ['two weeks ago', { kind: 'self', weekStart: '2026-11-02' }],
    ['a week ago', { kind: 'self', weekStart: '2026-11-09' }],
    ['0 weeks ago', { kind: 'self', weekStart: WEEK }],
    ['nov 4', { kind: 'self', weekStart: '2026-11-02' }],
    ['Nov. 4th', { kind: 'self', weekStart: '2026-11-02' }],
    ['4 november', { kind: 'self', weekStart: '2026-11-02' }],
    ['november 20', { kind: 'self', weekStart: WEEK }],
    ['sep 30', { kind: 'self', weekStart: '2026-09-28' }],
    ['dec 25', { kind: 'self', weekStart: '2025-12-22' }],
    ['25 dec 2026', { kind: 'future', weekStart: '2026-12-21' }],
    ['march 3, 2025', { kind: 'self', weekStart: '2025-03-03' }],
    ['team 2 weeks ago', { kind: 'team', weekStart: '2026-11-02' }],
    ['team <@U0MGR> nov 4', { kind: 'team', weekStart: '2026-11-02', managerId: 'U0MGR' }],
    ['<@U0REP1> 9th nov', { kind: 'rep', weekStart: '2026-11-09', repId: 'U0REP1' }],
    ['feb 30', { kind: 'unknown', text: 'feb 30', badDate: 'feb 30' }],
    ['2026-02-30', { kind: 'unknown', text: '2026-02-30', badDate: '2026-02-30' }],
    ['team 31 june', { kind: 'unknown', text: 'team 31 june', badDate: '31 june' }],
    ['friday', { kind: 'unknown', text: 'friday' }],
    ['team 9', { kind: 'unknown', text: 'team 9' }],
    ['many weeks ago', { kind: 'unknown', text: 'many weeks ago' }],
    ['team bob', { kind: 'unknown', text: 'team bob' }],
    ['kpis', { kind: 'self', weekStart: WEEK, kpis: 'week' }],
    ['KPIs week', { kind: 'self', weekStart: WEEK, kpis: 'week' }],
    ['kpis month', { kind: 'self', weekStart: WEEK, kpis: 'month' }],
    ['kpi this quarter', { kind: 'self', weekStart: WEEK, kpis: 'quarter' }],
    ['kpis last week', { kind: 'self', weekStart: '2026-11-09', kpis: 'week' }],
    ['kpis nov 4', { kind: 'self', weekStart: '2026-11-02', kpis: 'week' }],
    ['team kpis', { kind: 'team', weekStart: WEEK, kpis: 'week' }],
    ['team kpis quarter', { kind: 'team', weekStart: WEEK, kpis: 'quarter' }],
    ['kpis team <@U0MGR> month', { kind: 'team', weekStart: WEEK, managerId: 'U0MGR', kpis: 'month' }],
    ['<@U0REP1> kpis month', { kind: 'rep', weekStart: WEEK, repId: 'U0REP1', kpis: 'month' }],
    ['month', { kind: 'unknown', text: 'month' }],
    ['kpis year', { kind: 'unknown', text: 'kpis year' }],
    ['kpis 2026-12-01', { kind: 'future', weekStart: '2026-11-30' }],
  ])('reads %j', (text, expected) => {
    expect(parsePointsQuery(text, WEEK)).toEqual(expected);
  });

  it('reads a day without a year as the latest one up to the end of this week, across new year', () => {
    // The week of Monday 28 December 2026 ends on Sunday 3 January 2027.
    expect(parsePointsQuery('jan 2', '2026-12-28')).toEqual({ kind: 'self', weekStart: '2026-12-28' });
    expect(parsePointsQuery('dec 30', '2026-12-28')).toEqual({ kind: 'self', weekStart: '2026-12-28' });
    expect(parsePointsQuery('jan 5', '2026-12-28')).toEqual({ kind: 'self', weekStart: '2026-01-05' });
  });
});
