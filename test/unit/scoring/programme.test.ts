import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.js';
import { changeWeekRules, DEFAULT_PROGRAMME, goalStanding, programmeForWeek, saveProgramme } from '../../../src/scoring/programme.js';

describe('goalStanding: onboarding weeks and the goal window', () => {
  // Started Wednesday 4 Nov 2026: the week of 2–8 Nov is week 1.
  it.each([
    ['2026-10-26', 0, null],
    ['2026-11-02', 1, null],
    ['2026-11-09', 2, null],
    ['2026-11-16', 3, 500],
    ['2027-01-25', 13, 500],
    ['2027-02-01', 14, null],
  ])('the week of %s is onboarding week %i, goal %s', (weekStart, week, goal) => {
    expect(goalStanding(DEFAULT_PROGRAMME, '2026-11-04', weekStart)).toEqual({ onboardingWeek: week, goal });
  });

  it('a start date on a Sunday still makes its own week week 1', () => {
    expect(goalStanding(DEFAULT_PROGRAMME, '2026-11-08', '2026-11-02').onboardingWeek).toBe(1);
    expect(goalStanding(DEFAULT_PROGRAMME, '2026-11-08', '2026-11-09').onboardingWeek).toBe(2);
  });

  it('holds a rep without a start date to the goal', () => {
    expect(goalStanding(DEFAULT_PROGRAMME, null, '2026-11-16')).toEqual({ onboardingWeek: null, goal: 500 });
  });

  it('follows a changed window and goal', () => {
    const p = { ...DEFAULT_PROGRAMME, weeklyGoal: 400, goalFirstWeek: 1, goalLastWeek: 2 };
    expect(goalStanding(p, '2026-11-04', '2026-11-02')).toEqual({ onboardingWeek: 1, goal: 400 });
    expect(goalStanding(p, '2026-11-04', '2026-11-16')).toEqual({ onboardingWeek: 3, goal: null });
  });
});

describe('programme settings', () => {
  it('start from the standard operating procedure and keep what an admin changes', () => {
    const db = openDatabase(':memory:');
    expect(programmeForWeek(db, '2026-11-16')).toEqual(DEFAULT_PROGRAMME);
    saveProgramme(db, { digestWeekday: 4, digestTime: '09:30', repNotes: false });
    changeWeekRules(db, '2026-11-16', { goalFirstWeek: 2 });
    expect(programmeForWeek(db, '2026-11-16')).toEqual({
      ...DEFAULT_PROGRAMME,
      digestWeekday: 4,
      digestTime: '09:30',
      repNotes: false,
      goalFirstWeek: 2,
    });
  });

  it('judge each week by the change in force then, and past weeks by what they had', () => {
    const db = openDatabase(':memory:');
    changeWeekRules(db, '2026-11-23', { weeklyGoal: 300 });
    changeWeekRules(db, '2026-12-07', { weeklyGoal: 400, goalLastWeek: 20 });
    const goal = (week: string) => programmeForWeek(db, week).weeklyGoal;
    expect([goal('2026-11-16'), goal('2026-11-23'), goal('2026-11-30'), goal('2026-12-07'), goal('2027-06-07')]).toEqual([
      500, 300, 300, 400, 400,
    ]);
    expect(programmeForWeek(db, '2026-11-30').goalLastWeek).toBe(13);
    expect(programmeForWeek(db, '2026-12-14').goalLastWeek).toBe(20);
    expect(() => changeWeekRules(db, '2026-12-09', { weeklyGoal: 1 })).toThrow(RangeError);
  });
});
