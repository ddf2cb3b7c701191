import type { ConversionChartData, RepTrendData, TeamChartData } from '../../src/charts/charts.js';

/** Eight weeks of a rep in their ramp: no goal in weeks 1–2, a step up in week 3, a day off in week 6, this week under way. */
export const trendSample: RepTrendData = {
  currentWeek: '2026-11-16',
  weeks: [
    { weekStart: '2026-09-28', total: 80, goal: null },
    { weekStart: '2026-10-05', total: 190, goal: null },
    { weekStart: '2026-10-12', total: 260, goal: 250 },
    { weekStart: '2026-10-19', total: 330, goal: 350 },
    { weekStart: '2026-10-26', total: 520, goal: 500 },
    { weekStart: '2026-11-02', total: 380, goal: 400, prorated: { fullGoal: 500, daysOff: 1 } },
    { weekStart: '2026-11-09', total: 420, goal: 500 },
    { weekStart: '2026-11-16', total: 310, goal: 500 },
  ],
};

/** A team of six in the digest's order: furthest behind first, then the reps not judged. */
export const teamSample: TeamChartData = {
  weekStart: '2026-11-16',
  reps: [
    { label: 'Ana Lima', total: 120, goal: 500 },
    { label: 'Bo Chen', total: 300, goal: 500 },
    { label: 'Cy Okafor', total: 240, goal: 350 },
    { label: 'Dee Novak', total: 510, goal: 500 },
    { label: 'Ed Park', total: 640, goal: 500 },
    { label: 'Flo Meyer (starts Monday)', total: 40, goal: null },
  ],
};

/** A team of `n` reps, furthest behind first, the last few without a goal. */
export function bigTeam(n: number): TeamChartData {
  const reps = Array.from({ length: n }, (_, i) => ({
    label: `Rep ${String(i + 1).padStart(2, '0')} Surname`,
    total: 100 + i * 12,
    goal: i >= n - 4 ? null : 500,
  }));
  return { weekStart: '2026-11-16', reps };
}

export const chainSample: ConversionChartData = {
  weeks: ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'],
  steps: [
    { label: 'Calls', counts: [420, 380, 460, 250] },
    { label: 'Conversations', counts: [64, 58, 71, 40] },
    { label: 'Meetings booked', counts: [18, 15, 21, 11] },
    { label: 'Discovery', counts: [12, 10, 14, 7] },
    { label: 'Demo', counts: [7, 6, 9, 4] },
    { label: 'Closed-won', counts: [2, 1, 3, 0] },
  ],
};
