import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.js';
import { loadCatalogue } from '../../../src/scoring/catalogue.js';
import { paceFor, plannedCount } from '../../../src/scoring/pace.js';

const catalogue = loadCatalogue(openDatabase(':memory:'));
const none = new Map<string, number>();

describe('paceFor', () => {
  it('spreads what is left over the working days left, today included', () => {
    const pace = paceFor({ total: 200, goal: 500, today: '2026-11-18', recentMix: none, thisWeekMix: none, catalogue });
    expect(pace).toMatchObject({ needed: 300, daysLeft: 3, perDay: 100, basis: 'typical' });
  });

  it('turns the pace into a day plan from the rep’s own recent mix', () => {
    // Recent weeks: 300 pts from self-led demos and closed deals (outcomes, never planned), 300 from meetings booked, 100 from calls.
    const recentMix = new Map([
      ['demo_self', 200],
      ['closed_won', 100],
      ['meeting_booked', 300],
      ['call', 100],
    ]);
    const pace = paceFor({ total: 100, goal: 500, today: '2026-11-16', recentMix, thisWeekMix: none, catalogue });
    expect(pace.perDay).toBe(80);
    expect(pace.basis).toBe('recent');
    expect(pace.plan.map((s) => [s.item.key, s.count])).toEqual([
      ['meeting_booked', 6],
      ['call', 20],
    ]);
  });

  it.each([
    [2.2, 2],
    [2.6, 3],
    [0.3, 1],
    [32, 30],
    [82, 80],
    [449, 450],
  ])('plans %s as about %s, the way a person would', (exact, planned) => {
    expect(plannedCount(exact)).toBe(planned);
  });

  it('uses this week’s mix when there is no history', () => {
    const pace = paceFor({ total: 50, goal: 500, today: '2026-11-20', recentMix: none, thisWeekMix: new Map([['email', 50]]), catalogue });
    expect(pace).toMatchObject({ perDay: 450, basis: 'this_week', plan: [{ item: { key: 'email' }, count: 450 }] });
  });

  it('needs nothing once the goal is met or the working week is over', () => {
    expect(paceFor({ total: 520, goal: 500, today: '2026-11-18', recentMix: none, thisWeekMix: none, catalogue })).toMatchObject({
      needed: 0,
      perDay: 0,
      plan: [],
    });
    expect(paceFor({ total: 100, goal: 500, today: '2026-11-21', recentMix: none, thisWeekMix: none, catalogue })).toMatchObject({
      needed: 400,
      daysLeft: 0,
      perDay: 0,
      plan: [],
    });
  });
});
