import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.js';
import type { Entry } from '../../../src/db/schema.js';
import { catalogueFor } from '../../../src/scoring/catalogue.js';
import { pts } from '../../../src/views/format.js';
import { blockKitProblems } from '../../../src/views/block-kit.js';
import { buildHelp, buildLogConfirmation, buildLogError, buildUndoResult } from '../../../src/views/log.js';
import { buildLogModal } from '../../../src/views/log-modal.js';
import { buildPointsView } from '../../../src/views/points.js';
import { allText } from '../../support/blocks.js';

const catalogue = catalogueFor(openDatabase(':memory:'), 'AE', '2026-11-16');
const week = { currentWeek: '2026-11-16', today: '2026-11-18', goal: 500, onboardingWeek: null };

/** A week's total judged by the standard goal, without a start date. */
const judged = (weekStart: string, total: number) => ({ weekStart, total, goal: 500, onboardingWeek: null, ramp: null, notes: [] });

const entry = (over: Partial<Entry>): Entry => ({
  id: 1,
  userId: 'U1',
  activityKey: 'demo_self',
  count: 1,
  unitPoints: 25,
  points: 25,
  amountCents: null,
  currency: null,
  note: null,
  day: '2026-11-18',
  weekStart: '2026-11-16',
  batchId: 'b1',
  source: 'command',
  clientKey: null,
  loggedAt: 0,
  undoneAt: null,
  accountId: null,
  ...over,
});

describe('log confirmation', () => {
  it('says what was recorded, its points and the week against the goal, with Undo', () => {
    const msg = buildLogConfirmation({ entries: [entry({})], batchId: 'b1', weeks: [judged('2026-11-16', 125)] }, { catalogue, week });
    expect(allText(msg)).toContain('Logged *1 self-led demo* (+25 pts)');
    expect(allText(msg)).toContain('This week: *125 / 500 pts* (25%)');
    expect(msg.text).toBe('Logged 1 activity (+25 pts). This week: 125 / 500 pts (25%).');
    expect(msg.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ action_id: 'log_undo_button', value: 'b1', text: { text: 'Undo' } }],
    });
  });

  it('keeps the confirmation of the longest note and account name, all ampersands, within Slack’s limits', () => {
    const msg = buildLogConfirmation(
      {
        entries: [entry({ note: '&'.repeat(500) })],
        batchId: 'b1',
        weeks: [judged('2026-11-16', 125)],
        account: { id: 1, name: '&'.repeat(100), nearMatch: '&'.repeat(100) },
      },
      { catalogue, week },
    );
    expect(blockKitProblems(msg, 'message')).toEqual([]);
    expect(allText(msg)).toContain('Logged *1 self-led demo* (+25 pts)');
  });

  it('lists several activities, a past day, a deal amount and an escaped note', () => {
    const msg = buildLogConfirmation(
      {
        entries: [
          entry({
            activityKey: 'call',
            count: 30,
            unitPoints: 1,
            points: 30,
            day: '2026-11-13',
            weekStart: '2026-11-09',
            note: '<!channel> big day',
          }),
          entry({ activityKey: 'closed_won', points: 25, amountCents: 1_250_000, day: '2026-11-13', weekStart: '2026-11-09' }),
        ],
        batchId: 'b2',
        weeks: [judged('2026-11-09', 400)],
      },
      { catalogue, week },
    );
    const text = allText(msg);
    expect(text).toContain('Logged 2 activities, *+55 pts*');
    expect(text).toContain('• *30 calls* on Fri 13 Nov (+30 pts)');
    expect(text).toContain('• *1 closed-won deal* worth 12,500 on Fri 13 Nov (+25 pts)');
    expect(text).toContain('Week of 9–15 Nov 2026: *400 / 500 pts* (80%)');
    expect(text).toContain('&lt;!channel&gt; big day');
    expect(text).not.toContain('<!channel>');
    expect(msg.blocks.at(-1)).toMatchObject({ elements: [{ text: { text: 'Undo all' } }] });
  });

  it('celebrates the entry that reaches the goal', () => {
    const msg = buildLogConfirmation({ entries: [entry({})], batchId: 'b1', weeks: [judged('2026-11-16', 510)] }, { catalogue, week });
    expect(allText(msg)).toContain('Goal reached!');
  });
});

describe('undo result', () => {
  it('says exactly what was removed and the new total', () => {
    const msg = buildUndoResult({ undone: [entry({})], alreadyUndone: [], weeks: [judged('2026-11-16', 100)] }, { catalogue, week });
    expect(allText(msg)).toContain('Undone: *1 self-led demo* (−25 pts)');
    expect(allText(msg)).toContain('This week: *100 / 500 pts* (20%)');
  });

  it('says when there is nothing to undo', () => {
    const msg = buildUndoResult({ undone: [], alreadyUndone: [], weeks: [] }, { catalogue, week }, '2026-11-09');
    expect(msg.text).toBe(
      "There's nothing of yours left to undo for Mon 9 Nov or later. Nothing changed. `/log history last week` lists older entries.",
    );
    const there = buildUndoResult({ undone: [], alreadyUndone: [], weeks: [] }, { catalogue, week });
    expect(there.text).toBe("There's nothing of yours to undo there. Nothing changed.");
  });
});

describe('help and errors', () => {
  it('lists every activity with its points', () => {
    const text = allText(buildHelp(catalogue, 500));
    for (const item of catalogue) expect(text).toContain(`\`${item.shorthand}\` ${item.label} · *${pts(item.points)}*`);
    expect(text).toContain('`calls` Outbound call · *1 pt*');
    expect(text).toContain('`demo self-led` Demo, self-led · *25 pts*');
  });

  it('says nothing was logged', () => {
    expect(buildLogError('A count of zero logs nothing.', false, catalogue, 500).text).toBe(
      'A count of zero logs nothing. Nothing was logged.',
    );
  });
});

describe('points view', () => {
  it('shows the total, the bar, the breakdown and the pace', () => {
    const msg = buildPointsView({
      summary: {
        weekStart: '2026-11-16',
        total: 230,
        byActivity: [
          { activityKey: 'demo_self', count: 6, points: 150, amounts: [] },
          { activityKey: 'call', count: 80, points: 80, amounts: [] },
        ],
      },
      goal: 500,
      catalogue,
      pace: {
        needed: 270,
        daysLeft: 3,
        perDay: 90,
        plan: [
          { item: catalogue.find((c) => c.key === 'demo_self')!, count: 2 },
          { item: catalogue.find((c) => c.key === 'call')!, count: 40 },
        ],
        basis: 'recent',
      },
    });
    const text = allText(msg);
    expect(text).toContain('Your week · 16–22 Nov 2026');
    expect(text).toContain('*230 / 500 pts* (46%)  ▰▰▰▰▰▱▱▱▱▱');
    expect(text).toContain('• 6 self-led demos · *150 pts*');
    expect(text).toContain('• 80 calls · *80 pts*');
    expect(text).toContain(
      "270 pts to go, 3 working days left. That's *90 pts a day*: about 2 self-led demos and 40 calls a day (from your mix of the last 4 weeks).",
    );
  });
});

describe('points view on the last working day', () => {
  it('says what is left for today, not a daily rate', () => {
    const text = allText(
      buildPointsView({
        summary: { weekStart: '2026-11-16', total: 455, byActivity: [{ activityKey: 'call', count: 455, points: 455, amounts: [] }] },
        goal: 500,
        catalogue,
        pace: {
          needed: 45,
          daysLeft: 1,
          perDay: 45,
          plan: [{ item: catalogue.find((c) => c.key === 'call')!, count: 45 }],
          basis: 'this_week',
        },
      }),
    );
    expect(text).toContain('*45 pts to go, and today is the last working day*: about 45 calls (from your mix so far this week).');
    expect(text).not.toContain('a day');
  });
});

describe('log form', () => {
  it('offers every activity with its points, and a day picker on today', () => {
    const view = buildLogModal({ catalogue, today: '2026-11-18', maxCount: 500, maxDealAmount: 10_000_000 });
    const select = (view.blocks[0] as any).element;
    expect(select.options).toHaveLength(12);
    expect(select.options[9]).toEqual({ text: { type: 'plain_text', text: 'Demo, self-led · 25 pts' }, value: 'demo_self' });
    expect((view.blocks[2] as any).element.initial_date).toBe('2026-11-18');
    for (const o of select.options) expect(o.text.text.length).toBeLessThanOrEqual(75);
  });

  it('names the deal amount cap beside the field, and tells Slack the same cap', () => {
    const view = buildLogModal({ catalogue, today: '2026-11-18', maxCount: 500, maxDealAmount: 10_000_000 });
    const amount = view.blocks[3] as any;
    expect(amount.hint.text).toBe('Closed-won deals only, up to 10,000,000.');
    expect(amount.element).toMatchObject({ type: 'number_input', min_value: '0', max_value: '10000000' });
  });
});
