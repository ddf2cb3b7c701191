import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.js';
import type { RepWeek, TeamKpiFigures, TeamWeek } from '../../../src/digest/team.js';
import { orderForReview } from '../../../src/digest/team.js';
import { loadCatalogue } from '../../../src/scoring/catalogue.js';
import { blockKitProblems } from '../../../src/views/block-kit.js';
import {
  buildDigestMessages,
  buildFinalNumbers,
  buildRepNote,
  FLAGS_LISTED,
  REPS_PER_MESSAGE,
  REPS_PER_MESSAGE_WITH_REASONS,
} from '../../../src/views/digest.js';
import type { AnomalyFlag } from '../../../src/digest/flags.js';
import { allText } from '../../support/blocks.js';

const catalogue = loadCatalogue(openDatabase(':memory:'));

const rep = (id: string, total: number, over: Partial<RepWeek> = {}): RepWeek => ({
  repId: id,
  weekStart: '2026-11-16',
  managerId: 'UM',
  role: 'AE',
  startDate: null,
  adjustments: [],
  total,
  lastWeekTotal: 0,
  goal: 500,
  onboardingWeek: null,
  notes: [],
  byActivity: [],
  ...over,
});

function team(reps: RepWeek[], counts: Record<string, number> = {}, closedWonCents = 0): TeamWeek {
  const judged = reps.filter((r) => r.goal !== null);
  return {
    managerId: 'UM',
    weekStart: '2026-11-16',
    reps: [...reps].sort(orderForReview),
    totals: {
      points: reps.reduce((s, r) => s + r.total, 0),
      judged: judged.length,
      atGoal: judged.filter((r) => r.total >= r.goal!).length,
      counts,
      closedWon: closedWonCents > 0 ? [{ currency: 'USD', cents: closedWonCents }] : [],
    },
  };
}

describe('digest builder', () => {
  const reps = [
    rep('UA', 520, {
      lastWeekTotal: 480,
      onboardingWeek: 5,
      byActivity: [
        { activityKey: 'demo_self', count: 12, points: 300, amounts: [] },
        { activityKey: 'call', count: 220, points: 220, amounts: [] },
      ],
    }),
    rep('UB', 140, { lastWeekTotal: 300, onboardingWeek: 4 }),
    rep('UC', 90, { goal: null, onboardingWeek: 20 }),
  ];
  const [message] = buildDigestMessages({ team: team(reps, { call: 220, demo: 12, closed_won: 2 }, 3_000_000), catalogue });
  const text = allText(message!);

  it('covers the week, with a notification fallback', () => {
    expect(message!.text).toBe('Weekly points · 16–22 Nov 2026: 1 of 2 reps at goal, 1 behind. 750 pts in all.');
  });

  it('shows each rep against the goal, furthest behind first, and who reached it', () => {
    expect(text).toContain(':red_circle: <@UB> · AE *140 / 500* (28%) ▰▰▰▱▱▱▱▱▱▱ · ▼ −160 vs last week · wk 4 · nothing logged');
    expect(text).toContain(
      ':white_check_mark: <@UA> · AE *520 / 500* (104%) ▰▰▰▰▰▰▰▰▰▰ · ▲ +40 vs last week · wk 5 · 12 self-led demos, 220 calls',
    );
    expect(text).toContain(':white_circle: <@UC> · AE *90 pts* (no goal this week) · wk 20');
    expect(text.indexOf('<@UB>')).toBeLessThan(text.indexOf('<@UA> · AE *520'));
    expect(text.indexOf('<@UA> · AE *520')).toBeLessThan(text.indexOf(':white_circle: <@UC>'));
    expect(text).toContain('At goal: <@UA>. 1 not judged: <@UC> (onboarding week 20). Furthest behind the goal first.');
  });

  it('sums the team up', () => {
    expect(text).toContain(
      '*Team:* 750 pts · *1 of 2* judged reps at goal\n220 calls, 0 emails, 0 DM conversations, 0 meetings booked, 12 demos and 2 closed-won deals worth $30,000',
    );
  });

  it('writes large team counts with separators, closed-won deals included', () => {
    const [busy] = buildDigestMessages({ team: team(reps, { call: 12_000, email: 1_500, closed_won: 1_250 }, 0), catalogue });
    expect(allText(busy!)).toContain(
      '12,000 calls, 1,500 emails, 0 DM conversations, 0 meetings booked, 0 demos and 1,250 closed-won deals',
    );
  });

  it('keeps a large team within the limits with a KPI line and a long reason under every rep', () => {
    const big = Array.from({ length: 130 }, (_, i) =>
      rep(`U${String(i).padStart(10, '0')}`, 480 - i, {
        lastWeekTotal: 9_999,
        lastWeekSoFar: 9_999,
        onboardingWeek: 12,
        notes: [{ kind: 'no_start_date' }],
        byActivity: [
          { activityKey: 'connection', count: 9_999, points: 49_995, amounts: [] },
          { activityKey: 'discovery_mentor', count: 9_999, points: 199_980, amounts: [] },
        ],
      }),
    );
    const chain = { call: 99_999, conversation: 9_999, meeting: 999, discovery: 99, demo: 9, closed_won: 1 };
    const kpis: TeamKpiFigures = {
      team: { activities: [], chain, deals: [], dealsWithoutAmount: 0, logged: true },
      reasons: new Map(
        big.map((r) => [r.repId, { kind: 'no_meetings', calls: 99_999, teamAverageCalls: 99_999, teamRate: 0.123 } as const]),
      ),
    };
    const messages = buildDigestMessages({ team: team(big), catalogue, kpis });
    expect(messages).toHaveLength(Math.ceil(130 / REPS_PER_MESSAGE_WITH_REASONS));
    for (const m of messages) expect(blockKitProblems(m, 'message')).toEqual([]);
    const all = messages.map((m) => allText(m)).join('\n');
    for (const r of big) expect(all.split(`<@${r.repId}>`).length - 1).toBe(1);
    expect(all).toContain('↳ calls on pace (team average 99,999), no meetings booked from 99,999 calls: conversion 0 % vs team 12.3 %');
  });

  it('splits a large team into messages within the limits, every rep listed once', () => {
    const big = Array.from({ length: 130 }, (_, i) =>
      rep(`U${String(i).padStart(4, '0')}`, i * 7, {
        byActivity: [
          { activityKey: 'discovery_mentor', count: 3, points: 60, amounts: [] },
          { activityKey: 'dm_connection', count: 9, points: 45, amounts: [] },
        ],
      }),
    );
    const messages = buildDigestMessages({ team: team(big), catalogue });
    expect(messages).toHaveLength(Math.ceil(130 / REPS_PER_MESSAGE));
    for (const m of messages) expect(blockKitProblems(m, 'message')).toEqual([]);
    const all = messages.map((m) => allText(m)).join('\n');
    for (const r of big) expect(all.split(`<@${r.repId}>`).length - 1).toBe(1);
    expect(messages[1]!.text).toContain('(part 2 of 4)');
  });

  it('lists three flags under a rep and counts the rest, and keeps every message within the limits however long the rows', () => {
    // Sixty reps, each with eight large deals flagged, a reason and five adjustments with long reasons.
    const largeDeal = (i: number): AnomalyFlag => ({
      kind: 'large_amount',
      activityKey: 'closed_won',
      cents: 90_000_000 + i,
      currency: 'USD',
      day: '2026-11-17',
      teamLargestCents: 1_000_000,
    });
    const adjustments = Array.from({ length: 5 }, (_, i) => ({
      id: i,
      userId: 'x',
      weekStart: '2026-11-16',
      kind: 'adjust',
      points: 10,
      reason: 'r'.repeat(190),
      adminId: 'UADMIN',
      entryId: null,
      createdAt: 0,
    }));
    const big = Array.from({ length: 60 }, (_, i) => rep(`U${String(i).padStart(4, '0')}`, i, { adjustments } as Partial<RepWeek>));
    const kpis: TeamKpiFigures = {
      team: {
        activities: [],
        chain: { call: 0, conversation: 0, meeting: 0, discovery: 0, demo: 0, closed_won: 0 },
        deals: [],
        dealsWithoutAmount: 0,
        logged: true,
      },
      reasons: new Map(big.map((r) => [r.repId, { kind: 'few_calls', calls: 1, teamAverageCalls: 150 } as const])),
      flags: new Map(big.map((r) => [r.repId, Array.from({ length: 8 }, (_, i) => largeDeal(i))])),
    };
    const messages = buildDigestMessages({ team: team(big), catalogue, kpis });
    for (const m of messages) expect(blockKitProblems(m, 'message')).toEqual([]);
    const all = messages.map((m) => allText(m)).join('\n');
    for (const r of big) expect(all.split(`<@${r.repId}>`).length - 1).toBeGreaterThanOrEqual(1);
    expect(all.match(/:triangular_flag_on_post: a closed-won deal of/g)).toHaveLength(60 * FLAGS_LISTED);
    expect(all).toContain(':triangular_flag_on_post: and 5 more flags · entries: `/points-admin history` <@U0000> `2026-11-16`');
    expect(messages.length).toBeGreaterThan(Math.ceil(60 / REPS_PER_MESSAGE_WITH_REASONS));
  });

  it('sends the final numbers of forty reps with ten long adjustments each within the limits, every rep named', () => {
    const changes = Array.from({ length: 40 }, (_, i) => ({
      repId: `U${String(i).padStart(4, '0')}`,
      was: 400,
      now: 450,
      entries: Array.from({ length: 12 }, () => ({
        activityKey: 'call',
        count: 1,
        points: 5,
        amountCents: null,
        currency: null,
        forDay: 'Thu 26 Nov',
        when: 'Mon 30 Nov 08:10',
        how: 'adjusted' as const,
        by: 'UADMIN',
        reason: '&'.repeat(200),
      })),
    }));
    const messages = buildFinalNumbers({ weekStart: '2026-11-23', digestAsOf: 'Fri 27 Nov 15:00', changes, catalogue });
    for (const m of messages) expect(blockKitProblems(m, 'message')).toEqual([]);
    const all = messages.map((m) => allText(m)).join('\n');
    for (const c of changes) expect(all).toContain(`<@${c.repId}> *450 pts*`);
  });

  it('says so when a team is empty', () => {
    expect(buildDigestMessages({ team: team([]), catalogue })[0]!.text).toBe('Weekly points · 16–22 Nov 2026: no reps on this team yet.');
  });
});

describe('rep note', () => {
  it('tells a rep their own week', () => {
    expect(buildRepNote(rep('UB', 140, { lastWeekTotal: 100 }), catalogue).text).toBe(
      'Your week: 140 / 500 pts (28%), 360 pts short of the goal.',
    );
    expect(buildRepNote(rep('UC', 90, { goal: null }), catalogue).text).toBe('Your week: 90 pts.');
  });
});
