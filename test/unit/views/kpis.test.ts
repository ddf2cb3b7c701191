import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.js';
import { catalogueFor, catalogueWithRetired } from '../../../src/scoring/catalogue.js';
import { CHAIN_STEPS, kpiPeriods, teamKpis, type RepKpis } from '../../../src/scoring/kpis.js';
import { blockKitProblems } from '../../../src/views/block-kit.js';
import { buildTeamKpiView, DEALS_LISTED, percentText } from '../../../src/views/kpis.js';
import { allText } from '../../support/blocks.js';

const db = openDatabase(':memory:');
const catalogue = catalogueWithRetired(db);
const aeCatalogue = catalogueFor(db, 'AE', '2026-11-16');
const periods = kpiPeriods('quarter', '2026-11-16', '16–22 Nov 2026', '2026-11-19');

/** A rep who logged every activity every day, with deals in five currencies: the longest line a rep can have. */
function busyRep(i: number): RepKpis {
  const chain = Object.fromEntries(CHAIN_STEPS.map((s) => [s, 1234])) as RepKpis['chain'];
  return {
    repId: `W${String(i).padStart(10, '0')}`,
    activities: catalogue.map((c) => ({
      activityKey: c.key,
      days: [400, 400, 400, 400, 400, 400, 400],
      week: 2800,
      month: 12000,
      quarter: 36000,
    })),
    chain,
    deals: ['USD', 'EUR', 'GBP', 'CHF', 'JPY'].map((currency) => ({
      currency,
      deals: 99,
      cents: 123_456_789_00,
      averageCents: 1_247_038_27,
    })),
    dealsWithoutAmount: 3,
    logged: true,
  };
}

describe('the team KPI view', () => {
  /** An AE with a busy quarter's figures (every AE activity, every day) and deals in two currencies. */
  const quarterRep = (i: number): RepKpis => ({
    repId: `U${String(i).padStart(10, '0')}`,
    activities: aeCatalogue.map((c) => ({
      activityKey: c.key,
      days: [120, 120, 120, 120, 120, 60, 60],
      week: 720,
      month: 2_880,
      quarter: 8_640,
    })),
    chain: { call: 8_640, conversation: 1_440, meeting: 288, discovery: 144, demo: 72, closed_won: 36 },
    deals: [
      { currency: 'USD', deals: 30, cents: 375_000_00, averageCents: 12_500_00 },
      { currency: 'EUR', deals: 6, cents: 48_000_00, averageCents: 8_000_00 },
    ],
    dealsWithoutAmount: 0,
    logged: true,
  });

  it('fits a 60-rep team, every rep named, in one message within Block Kit’s limits', () => {
    const reps = Array.from({ length: 60 }, (_, i) => quarterRep(i));
    const messages = buildTeamKpiView({ reps, team: teamKpis(reps, catalogue), periods, catalogue });
    expect(messages).toHaveLength(1);
    expect(blockKitProblems(messages[0]!, 'message')).toEqual([]);
    const text = allText(messages[0]!);
    for (const r of reps)
      expect(text).toContain(
        `<@${r.repId}> · 8,640 calls › 1,440 conv › 288 mtg › 144 disc › 72 demo › 36 won · 33.3/1,000 calls · $375,000 · €48,000`,
      );
  });

  /** Reps of a quarter, each with these accounts' deals won; every message of their team view checked against the limits. */
  function teamTextWithDeals(count: number, won: (i: number) => Array<{ account: string; days: number; touches: number }>): string {
    const reps = Array.from({ length: count }, (_, i) => ({
      ...quarterRep(i),
      accounts: { named: true, won: won(i), lost: 0, pipeline: [], quota: null },
    }));
    const messages = buildTeamKpiView({ reps, team: teamKpis(reps, catalogue), periods, catalogue });
    for (const m of messages) expect(blockKitProblems(m, 'message')).toEqual([]);
    return messages.map(allText).join('\n');
  }

  it('lists a quarter’s first 20 won deals by account and counts the rest, within the limits', () => {
    const text = teamTextWithDeals(10, (i) =>
      Array.from({ length: 6 }, (_, j) => ({ account: `Account & Partners ${i}-${j} ${'x'.repeat(60)}`, days: 30, touches: 7 })),
    );
    expect(text.match(/days to close/g)).toHaveLength(DEALS_LISTED);
    expect(text).toContain(`…and ${60 - DEALS_LISTED} more won deals`);
  });

  it('lists won deals of accounts named with a hundred ampersands only as far as a message holds them', () => {
    const text = teamTextWithDeals(2, () => Array.from({ length: 20 }, () => ({ account: '&'.repeat(100), days: 30, touches: 7 })));
    const listed = text.match(/days to close/g)?.length ?? 0;
    expect(text).toContain(`…and ${40 - listed} more won deals`);
  });

  it('names the first 200 reps of a whole roster with the longest lines once each and counts the rest, in five messages at most, each within the limits', () => {
    const reps = Array.from({ length: 400 }, (_, i) => busyRep(i));
    const messages = buildTeamKpiView({ reps, team: teamKpis(reps, catalogue), periods, catalogue });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(5);
    for (const m of messages) expect(blockKitProblems(m, 'message')).toEqual([]);
    const text = messages.map(allText).join('\n');
    for (const r of reps.slice(0, 200)) expect(text.split(`<@${r.repId}>`)).toHaveLength(2);
    for (const r of reps.slice(200)) expect(text).not.toContain(`<@${r.repId}>`);
    expect(allText(messages.at(-1)!)).toContain('…and 200 more reps, with as many calls or fewer.');
    expect(text).not.toContain('/points-admin export');
    expect(text).toContain('$123,456,789 · €123,456,789 · £123,456,789 · 2 more currencies');
  });

  it.each([
    [0, '0 %'],
    [1 / 24, '4.2 %'],
    [1 / 6, '16.7 %'],
    [2, '200 %'],
  ])('writes a rate of %d as %j', (r, text) => {
    expect(percentText(r)).toBe(text);
  });
});
