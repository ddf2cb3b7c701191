import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { databaseMigratedBefore } from '../support/migrations.js';
import { exportedCsv } from '../support/export-fixture.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REP1';
const MANAGER = 'U0MGR1';
const ADMIN = 'U0ADMIN';

/** Each deal as the database holds it. */
const deals = (t: TestBot) =>
  t.db.$client
    .prepare(
      "SELECT count, points, amount_cents AS cents, currency, undone_at AS undone FROM entries WHERE activity_key = 'closed_won' ORDER BY id",
    )
    .all();
/** The week's deal amounts per currency, as the running totals hold them. */
const amountTotals = (t: TestBot) =>
  t.db.$client.prepare('SELECT currency, amount_cents AS cents FROM weekly_amount_totals WHERE amount_cents <> 0 ORDER BY currency').all();

/** The buttons of a message: their words and values. */
const buttons = (message: { blocks?: any[] }) =>
  (message.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.elements : [])).map((e: any) => ({ text: e.text.text, e }));

describe('deal amounts and their currency', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026.
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [REP, MANAGER, ADMIN]) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  const log = async (text: string) => {
    return t.answer('/log', text, REP);
  };
  /** Clicks the button whose words are `label` on `message`, and returns the reply that replaces it. */
  let clicks = 0;
  const choose = async (message: { blocks?: any[] }, label: string) => {
    const button = buttons(message).find((b) => b.text === label);
    expect(button, `a button "${label}" in ${JSON.stringify(buttons(message).map((b) => b.text))}`).toBeDefined();
    const id = `answer${++clicks}`;
    const res = await t.click({ actionId: button!.e.action_id, value: button!.e.value, responseUrl: t.slack.responseUrl(id) });
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
    const reply = calls.find((c) => c.method === `response:${id}`)!.args;
    expect(reply.replace_original).toBe(true);
    return reply;
  };

  it('asks whether a bare number beside closed-won is the amount or the count, and logs what the rep picks', async () => {
    const asked = await log('closed won 3');
    expect(allText(asked)).toContain('Is 3 the amount of one deal, or 3 deals?');
    expect(buttons(asked).map((b) => b.text)).toEqual(['1 deal worth $3', '3 deals']);
    expect(deals(t)).toEqual([]);
    const logged = await choose(asked, '3 deals');
    expect(allText(logged)).toContain('Logged *3 closed-won deals* (+75 pts)');
    expect(allText(logged)).toContain('This week: *75 / 500 pts*');
    expect(deals(t)).toEqual([{ count: 3, points: 75, cents: null, currency: null, undone: null }]);

    const again = await log('closed won 2');
    const worth = await choose(again, '1 deal worth $2');
    expect(allText(worth)).toContain('Logged *1 closed-won deal* worth $2 (+25 pts)');
    expect(deals(t)).toHaveLength(2);
    expect(deals(t)[1]).toEqual({ count: 1, points: 25, cents: 200, currency: 'USD', undone: null });
  });

  it('reads an answer given the next day as the line was meant, and refuses one given too late', async () => {
    const asked = await log('closed won 3 yesterday');
    // Thursday: "yesterday" still means Tuesday, the day before the question was asked.
    t.clock.set('2026-11-19T09:00:00Z');
    expect(allText(await choose(asked, '3 deals'))).toContain('Logged *3 closed-won deals* on Tue 17 Nov (+75 pts)');
    expect(t.db.$client.prepare('SELECT day FROM entries').all()).toEqual([{ day: '2026-11-17' }]);
    const stale = await log('closed won 2');
    // Two weeks on, Thursday 19 Nov is past the back-dating window.
    t.clock.set('2026-12-02T09:00:00Z');
    const refused = allText(await choose(stale, '2 deals'));
    expect(refused).toContain('Thu 19 Nov is too far back');
    expect(refused).toContain('Nothing was logged.');
    expect(deals(t)).toHaveLength(1);
  });

  it('asks about 99 without offering 99 deals, which is over the cap, and logs one deal worth $99', async () => {
    const asked = await log('closed won 99');
    expect(allText(asked)).toContain('99 deals is more than the 5 closed-won deals one line may log');
    expect(buttons(asked).map((b) => b.text)).toEqual(['1 deal worth $99']);
    expect(deals(t)).toEqual([]);
    const logged = await choose(asked, '1 deal worth $99');
    expect(allText(logged)).toContain('Logged *1 closed-won deal* worth $99 (+25 pts)');
    expect(deals(t)).toEqual([{ count: 1, points: 25, cents: 9900, currency: 'USD', undone: null }]);
    // A second click on the same question logs nothing more.
    await choose(asked, '1 deal worth $99');
    expect(deals(t)).toHaveLength(1);
  });

  it.each([
    ['closed won $12,500', 1_250_000, 'USD', '$12,500'],
    ['closed won 12,500', 1_250_000, 'USD', '$12,500'],
    ['closed won 12k', 1_200_000, 'USD', '$12,000'],
    ['closed won €10k', 1_000_000, 'EUR', '€10,000'],
    ['closed won 10000 EUR', 1_000_000, 'EUR', '€10,000'],
    ['closed won GBP 9,500.50', 950_050, 'GBP', '£9,500.50'],
    ['closed won 7.5k usd', 750_000, 'USD', '$7,500'],
  ])('logs %j at once: the amount is plain from its sign, code, suffix or separators', async (line, cents, currency, shown) => {
    expect(allText(await log(line))).toContain(`Logged *1 closed-won deal* worth ${shown} (+25 pts)`);
    expect(deals(t)).toEqual([{ count: 1, points: 25, cents, currency, undone: null }]);
  });

  it('a corrected line logged with "Log this" asks about its deal as /log would, and the answer confirms the same way', async () => {
    const refused = await log('closd won 99');
    const suggestion = (refused.blocks ?? [])
      .flatMap((b: any) => [b.accessory, ...(b.elements ?? [])])
      .find((e: any) => e?.action_id === 'log_suggestion_button');
    expect(suggestion?.value).toBe('closed won 99');
    const res = await t.click({ actionId: 'log_suggestion_button', value: suggestion.value, responseUrl: t.slack.responseUrl('s1') });
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:s1'));
    const asked = calls.find((c) => c.method === 'response:s1')!.args;
    expect(blockKitProblems(asked, 'message')).toEqual([]);
    expect(allText(asked)).toContain('Is 99 the amount of one deal?');
    expect(deals(t)).toEqual([]);
    const logged = await choose(asked, '1 deal worth $99');
    expect(allText(logged)).toContain('Logged *1 closed-won deal* worth $99 (+25 pts)');
    expect(allText(logged)).toContain('This week: *25 / 500 pts*');
    expect(deals(t)).toEqual([{ count: 1, points: 25, cents: 9900, currency: 'USD', undone: null }]);
  });

  it('an answer for a day of last week confirms that week against the goal it had', async () => {
    // The goal changes from this week on; last week keeps 500.
    await t.command('/points-admin', 'goal 300', { user_id: ADMIN });
    const asked = await log('closed won 3 2026-11-13');
    const logged = await choose(asked, '3 deals');
    expect(allText(logged)).toContain('Logged *3 closed-won deals* on Fri 13 Nov (+75 pts)');
    expect(allText(logged)).toContain('Week of 9–15 Nov 2026: *75 / 500 pts*');
    expect(allText(logged)).not.toContain('/ 300 pts');
  });

  it('erasing a rep takes their deal amounts per currency too', async () => {
    await log('closed won €10k');
    expect(amountTotals(t)).toEqual([{ currency: 'EUR', cents: 1_000_000 }]);
    await t.command('/points-admin', `forget <@${REP}>`, { user_id: ADMIN });
    await t.click({ actionId: 'admin_forget_confirm_button', value: REP, userId: ADMIN, responseUrl: t.slack.responseUrl('f') });
    await t.slack.waitFor((c) => c.some((x) => x.method === 'response:f'));
    expect(deals(t)).toEqual([]);
    expect(t.db.$client.prepare('SELECT * FROM weekly_amount_totals WHERE user_id = ?').all(REP)).toEqual([]);
  });

  it('refuses more closed-won deals in a line than the cap, saying why, and the cap is configurable', async () => {
    for (const line of ['6 closed won', 'closed won 6 $10k', '3 closed won, 3 closed won']) {
      const text = allText(await log(line));
      expect(text).toContain('6 closed-won deals in one line is more than the 5 allowed');
      expect(text).toContain('Nothing was logged.');
    }
    expect(deals(t)).toEqual([]);
    await t.close();
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { MAX_DEALS_PER_LINE: '10' } });
    t.slack.users.set(REP, { tz: 'UTC' });
    expect(allText(await log('6 closed won'))).toContain('Logged *6 closed-won deals* (+150 pts)');
    expect(allText(await log('11 closed won'))).toContain('11 closed-won deals in one line is more than the 10 allowed');
  });

  it('keeps each currency apart: totals per currency in /points, the team view and the export', async () => {
    await t.command('/points-admin', `assign <@${REP}> to <@${MANAGER}>`, { user_id: ADMIN });
    expect(allText(await log('closed won £10k'))).toContain('worth £10,000');
    expect(allText(await log('closed won $10k'))).toContain('worth $10,000');
    const last = await log('closed won $2,500');
    expect(deals(t)).toEqual([
      { count: 1, points: 25, cents: 1_000_000, currency: 'GBP', undone: null },
      { count: 1, points: 25, cents: 1_000_000, currency: 'USD', undone: null },
      { count: 1, points: 25, cents: 250_000, currency: 'USD', undone: null },
    ]);
    expect(amountTotals(t)).toEqual([
      { currency: 'GBP', cents: 1_000_000 },
      { currency: 'USD', cents: 1_250_000 },
    ]);
    const points = allText((await t.command('/points', '', { user_id: REP })).json);
    expect(points).toContain('• 3 closed-won deals · *75 pts*, $12,500 and £10,000 closed');
    expect(points).not.toContain('22,500');
    const team = allText((await t.command('/points', 'team', { user_id: MANAGER })).json);
    expect(team).toContain('3 closed-won deals worth $12,500 and £10,000');
    expect(team).not.toContain('22,500');
    const csv = (await exportedCsv(t.db)).split('\r\n');
    expect(csv[0]).toContain(',Amount,Currency,');
    expect(csv[1]).toContain(',10000.00,GBP,');
    expect(csv[2]).toContain(',10000.00,USD,');
    // An undone deal leaves its currency's total, and only that one.
    await choose(last, 'Undo');
    expect(amountTotals(t)).toEqual([
      { currency: 'GBP', cents: 1_000_000 },
      { currency: 'USD', cents: 1_000_000 },
    ]);
    expect(allText((await t.command('/points', '', { user_id: REP })).json)).toContain(
      '2 closed-won deals · *50 pts*, £10,000 and $10,000 closed',
    );
  });

  it('uses the organisation’s currency, set by an admin, for an amount written without one', async () => {
    const set = await t.command('/points-admin', 'currency eur', { user_id: ADMIN });
    expect(allText(set.json)).toContain('Deal amounts written without a currency are now in EUR (€)');
    expect(allText(await log('closed won 10k'))).toContain('worth €10,000');
    expect(allText(await log('closed won $5k'))).toContain('worth $5,000');
    expect(deals(t).map((d: any) => d.currency)).toEqual(['EUR', 'USD']);
    expect(allText((await t.command('/points-admin', 'currency', { user_id: ADMIN })).json)).toContain('EUR (€)');
    const bad = await t.command('/points-admin', 'currency bitcoin', { user_id: ADMIN });
    expect(allText(bad.json)).toContain('Give the currency as a three-letter code');
    const refused = await t.command('/points-admin', 'currency GBP', { user_id: REP });
    expect(allText(refused.json)).not.toContain('now in GBP');
    expect(allText(await log('closed won 1k'))).toContain('worth €1,000');
    // The form's amount is in the organisation's currency, and says so.
    await t.command('/log', '', { user_id: REP });
    const form = t.slack.callsTo('views.open').at(-1)!.args.view;
    expect(allText(form)).toContain('Deal amount (EUR)');
    const submitted = await t.submitLogForm({ activity: 'closed_won', amount: '2500' });
    expect(allText(submitted.json.view)).toContain('worth €2,500');
    expect(deals(t).map((d: any) => d.currency)).toEqual(['EUR', 'USD', 'EUR', 'EUR']);
  });

  it('refuses an amount over the cap whatever its currency', async () => {
    const text = allText(await log('closed won €10,000,001'));
    expect(text).toContain('A deal amount can be at most 10,000,000.');
    expect(text).toContain('Nothing was logged.');
    expect(deals(t)).toEqual([]);
  });

  it('asks whether one amount for several deals is their total or each one’s', async () => {
    const asked = await log('closed won 2 $40k');
    expect(allText(asked)).toContain('Is $40,000 the total of the 2 deals, or what each one is worth?');
    expect(buttons(asked).map((b) => b.text)).toEqual(['$40,000 in total', '$40,000 each']);
    expect(deals(t)).toEqual([]);
    // Each: a deal of its own per deal, so every deal keeps its size.
    const each = await choose(asked, '$40,000 each');
    expect(allText(each)).toContain('Logged 2 activities, *+50 pts*');
    expect(allText(each)).toContain('• *1 closed-won deal* worth $40,000 (+25 pts)\n• *1 closed-won deal* worth $40,000 (+25 pts)');
    expect(deals(t)).toEqual([
      { count: 1, points: 25, cents: 4_000_000, currency: 'USD', undone: null },
      { count: 1, points: 25, cents: 4_000_000, currency: 'USD', undone: null },
    ]);
    const total = await choose(await log('2 closed won $40k'), '$40,000 in total');
    expect(allText(total)).toContain('Logged *2 closed-won deals* worth $40,000 (+50 pts)');
    expect(deals(t)[2]).toEqual({ count: 2, points: 50, cents: 4_000_000, currency: 'USD', undone: null });
    expect(amountTotals(t)).toEqual([{ currency: 'USD', cents: 12_000_000 }]);
  });

  it('logs several deals in one line, each with its own amount', async () => {
    const text = allText(await log('closed won $25k, closed won $15k'));
    expect(text).toContain('Logged 2 activities, *+50 pts*');
    expect(text).toContain('*1 closed-won deal* worth $25,000 (+25 pts)');
    expect(text).toContain('*1 closed-won deal* worth $15,000 (+25 pts)');
    expect(deals(t)).toEqual([
      { count: 1, points: 25, cents: 2_500_000, currency: 'USD', undone: null },
      { count: 1, points: 25, cents: 1_500_000, currency: 'USD', undone: null },
    ]);
    expect(amountTotals(t)).toEqual([{ currency: 'USD', cents: 4_000_000 }]);
  });
});

describe('the migration that gives amounts their currency', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-currency-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('puts the amounts already logged in the organisation’s currency and totals them per currency', () => {
    const file = path.join(dir, 'points.db');
    const old = databaseMigratedBefore(dir, file, '_amount_currency');
    const entry = old.prepare(
      `INSERT INTO entries (user_id, activity_key, count, unit_points, points, amount_cents, day, week_start, batch_id, source, logged_at, undone_at)
       VALUES ('U0A', ?, 1, 25, 25, ?, '2026-11-17', '2026-11-16', 'b', 'command', 0, ?)`,
    );
    entry.run('closed_won', 1_250_000, null);
    entry.run('closed_won', 700, null);
    entry.run('closed_won', 99_900, 1);
    entry.run('call', null, null);
    old.close();

    const db = openDatabase(file);
    try {
      expect(db.$client.prepare('SELECT activity_key AS a, amount_cents AS cents, currency FROM entries ORDER BY id').all()).toEqual([
        { a: 'closed_won', cents: 1_250_000, currency: 'USD' },
        { a: 'closed_won', cents: 700, currency: 'USD' },
        { a: 'closed_won', cents: 99_900, currency: 'USD' },
        { a: 'call', cents: null, currency: null },
      ]);
      // The undone deal is not in the running total.
      expect(db.$client.prepare('SELECT * FROM weekly_amount_totals').all()).toEqual([
        { user_id: 'U0A', week_start: '2026-11-16', activity_key: 'closed_won', currency: 'USD', amount_cents: 1_250_700 },
      ]);
      expect(() => db.$client.prepare('UPDATE weekly_amount_totals SET amount_cents = 1e25').run()).toThrow(/whole cents/);
    } finally {
      db.$client.close();
    }
  });
});
