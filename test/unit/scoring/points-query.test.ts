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
    ['friday', { kind: 'unknown', text: 'friday' }],
    ['team bob', { kind: 'unknown', text: 'team bob' }],
  ])('reads %j', (text, expected) => {
    expect(parsePointsQuery(text, WEEK)).toEqual(expected);
  });
});
