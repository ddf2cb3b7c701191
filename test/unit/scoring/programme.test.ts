import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.js';
import {
  changeRoleGoals,
  DEFAULT_GOALS,
  DEFAULT_PROGRAMME,
  goalStanding,
  programmeForWeek,
  saveProgramme,
  withStep,
  type Programme,
  type RoleGoals,
} from '../../../src/scoring/programme.js';

const programme = (goals: Record<string, RoleGoals> = DEFAULT_GOALS): Programme => ({
  ...DEFAULT_PROGRAMME,
  goals: new Map(Object.entries(goals)),
});
const ae = (startDate: string | null) => ({ role: 'AE', startDate });
const who = { by: 'U0ADMIN', at: new Date(0) };

describe('goalStanding: onboarding weeks, the ramp and the established goal', () => {
  // Started Wednesday 4 Nov 2026: the week of 2–8 Nov is week 1.
  it.each([
    ['2026-10-26', 0, null],
    ['2026-11-02', 1, null],
    ['2026-11-09', 2, null],
    ['2026-11-16', 3, 500],
    ['2027-01-25', 13, 500],
    ['2027-02-01', 14, 500],
    ['2027-08-02', 40, 500],
  ])('the week of %s is onboarding week %i, goal %s', (weekStart, week, goal) => {
    expect(goalStanding(programme(), ae('2026-11-04'), weekStart)).toEqual({
      onboardingWeek: week,
      goal,
      ramp: { first: 3, last: 13 },
      notes: [],
    });
  });

  it('a start date on a Sunday still makes its own week week 1', () => {
    expect(goalStanding(programme(), ae('2026-11-08'), '2026-11-02').onboardingWeek).toBe(1);
    expect(goalStanding(programme(), ae('2026-11-08'), '2026-11-09').onboardingWeek).toBe(2);
  });

  it('judges a rep without a start date as established, and says so', () => {
    expect(goalStanding(programme(), ae(null), '2026-11-16')).toEqual({
      onboardingWeek: null,
      goal: 500,
      ramp: { first: 3, last: 13 },
      notes: [{ kind: 'no_start_date' }],
    });
  });

  it('judges a rep by their role’s goals, and does not judge one whose role has none', () => {
    expect(goalStanding(programme(), { role: 'SDR', startDate: '2026-11-04' }, '2026-11-16').goal).toBe(300);
    expect(goalStanding(programme(), { role: 'CSM', startDate: '2026-11-04' }, '2026-11-16')).toMatchObject({
      goal: null,
      notes: [{ kind: 'unknown_role', role: 'CSM' }],
    });
  });

  it('follows a ramp in steps, its gaps, and an established goal of its own or none', () => {
    const p = programme({
      AE: {
        ramp: [
          { from: 1, to: 2, goal: 100 },
          { from: 4, to: 6, goal: 300 },
        ],
        established: 450,
      },
      SDR: { ramp: [{ from: 3, to: 13, goal: 300 }], established: null },
    });
    const goal = (role: string, week: string) => goalStanding(p, { role, startDate: '2026-11-04' }, week).goal;
    expect(['2026-11-02', '2026-11-16', '2026-11-23', '2026-12-07', '2026-12-14'].map((w) => goal('AE', w))).toEqual([
      100,
      null,
      300,
      300,
      450,
    ]);
    expect(goal('SDR', '2027-01-25')).toBe(300);
    expect(goal('SDR', '2027-02-01')).toBe(null);
  });
});

describe('withStep: setting a ramp’s weeks', () => {
  const ramp = [{ from: 3, to: 13, goal: 500 }];
  it.each([
    [
      3,
      6,
      300,
      [
        { from: 3, to: 6, goal: 300 },
        { from: 7, to: 13, goal: 500 },
      ],
    ],
    [
      5,
      8,
      null,
      [
        { from: 3, to: 4, goal: 500 },
        { from: 9, to: 13, goal: 500 },
      ],
    ],
    [14, 20, 500, [{ from: 3, to: 20, goal: 500 }]],
    [1, 26, 400, [{ from: 1, to: 26, goal: 400 }]],
  ])('weeks %i–%i at %s', (from, to, goal, expected) => {
    expect(withStep(ramp, from, to, goal)).toEqual(expected);
  });
});

describe('programme settings', () => {
  it('start from the standard operating procedure and keep what an admin changes', () => {
    const db = openDatabase(':memory:');
    expect(programmeForWeek(db, '2026-11-16')).toEqual(programme());
    saveProgramme(db, { digestWeekday: 4, digestTime: '09:30', repNotes: false });
    expect(programmeForWeek(db, '2026-11-16')).toMatchObject({ digestWeekday: 4, digestTime: '09:30', repNotes: false });
  });

  it('judge each week by the change in force then, and past weeks by what they had', () => {
    const db = openDatabase(':memory:');
    changeRoleGoals(db, 'SDR', '2026-11-23', { ramp: [{ from: 3, to: 13, goal: 200 }], established: 'ramp' }, who);
    changeRoleGoals(db, 'SDR', '2026-12-07', { ramp: [{ from: 3, to: 20, goal: 400 }], established: null }, who);
    const sdr = (week: string) => programmeForWeek(db, week).goals.get('SDR');
    expect(['2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07', '2027-06-07'].map((w) => sdr(w)?.ramp[0]?.goal)).toEqual([
      300, 200, 200, 400, 400,
    ]);
    expect(sdr('2026-12-14')?.established).toBe(null);
    expect(programmeForWeek(db, '2026-12-14').goals.get('AE')).toEqual(DEFAULT_GOALS.AE);
    expect(() => changeRoleGoals(db, 'SDR', '2026-12-09', DEFAULT_GOALS.SDR!, who)).toThrow(RangeError);
  });
});
