import { describe, expect, it } from 'vitest';
import { applyAbsence, proratedGoal } from '../../../src/scoring/absence.js';
import { parseAwayDays } from '../../../src/scoring/parse/index.js';

describe('the goal prorated by the working days present', () => {
  it.each([
    [500, 0, 500],
    [500, 1, 400],
    [500, 2, 300],
    [450, 1, 360],
    [333, 2, 200],
    [500, 5, null],
  ])('%i with %i days off is %s', (goal, off, expected) => {
    expect(proratedGoal(goal, off)).toBe(expected);
  });

  it('leaves a week without a goal alone, and says why a goal is lower', () => {
    expect(applyAbsence({ onboardingWeek: 1, goal: null }, [{ day: '2026-11-27' }])).toEqual({ onboardingWeek: 1, goal: null });
    expect(applyAbsence({ onboardingWeek: 5, goal: 500 }, [{ day: '2026-11-26', holiday: 'Thanksgiving' }])).toEqual({
      onboardingWeek: 5,
      goal: 400,
      absence: { off: [{ day: '2026-11-26', holiday: 'Thanksgiving' }], fullGoal: 500, allWeek: false },
    });
  });
});

describe('the days of `/log away …`', () => {
  // Wednesday 25 Nov 2026; a rep may go back to Monday 16 Nov.
  const ctx = { today: '2026-11-25', earliest: '2026-11-16' };
  it.each([
    ['friday', ['2026-11-27']],
    ['wednesday', ['2026-11-25']],
    ['monday', ['2026-11-30']],
    ['last monday', ['2026-11-23']],
    ['next friday', ['2026-12-04']],
    ['tomorrow', ['2026-11-26']],
    ['yesterday', ['2026-11-24']],
    ['next week', ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']],
    ['fri to mon', ['2026-11-27', '2026-11-30']],
    ['dec 24 to dec 28', ['2026-12-24', '2026-12-25', '2026-12-28']],
    ['2026-12-31 - 2027-01-01', ['2026-12-31', '2027-01-01']],
  ])('%j is %j', (text, days) => {
    expect(parseAwayDays(text, ctx)).toMatchObject({ ok: true, days });
  });

  it.each([
    ['', 'Say which days'],
    ['sunday', 'no working day'],
    ['2026-12-01 to 2026-11-30', 'ends before it starts'],
    ['2026-12-01 to 2027-03-31', 'at most 90 days'],
    ['2026-11-13', 'too far back'],
    ['2027-12-01', 'too far ahead'],
    ['2026-02-29', "isn't a real date"],
    ['soon', "couldn't read"],
    ['mon to tue to wed', 'one range at a time'],
  ])('%j is refused: %s', (text, message) => {
    const read = parseAwayDays(text, ctx);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.message).toContain(message);
  });
});
