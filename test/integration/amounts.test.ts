import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { AMOUNT_CEILING } from '../../src/scoring/amount.js';
import { allText } from '../support/blocks.js';
import { databaseMigratedBefore } from '../support/migrations.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REP1';
const MANAGER = 'U0MGR1';
const ADMIN = 'U0ADMIN';
const HUGE = '99999999999999999999999';

/** Every entry's amount as SQLite holds it, with its storage class. */
const storedAmounts = (t: TestBot) =>
  t.db.$client.prepare('SELECT amount_cents AS cents, typeof(amount_cents) AS type FROM entries ORDER BY id').all();
const storedTotals = (t: TestBot) =>
  t.db.$client
    .prepare('SELECT activity_key AS activity, amount_cents AS cents, typeof(amount_cents) AS type FROM weekly_activity_totals')
    .all();

describe('deal amounts', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026.
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [REP, MANAGER, ADMIN]) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  it('refuses an amount over the cap in the form, beside the field, naming the cap, and saves nothing', async () => {
    const res = await t.submitLogForm({ activity: 'closed_won', amount: HUGE });
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { log_amount_block: 'A deal amount can be at most 10,000,000.' },
    });
    expect(storedAmounts(t)).toEqual([]);
    expect(storedTotals(t)).toEqual([]);
  });

  it.each([HUGE, `$${HUGE}`, '$10,000,000.01', '10.5m'])(
    'refuses /log closed won %s, naming the cap, and saves nothing',
    async (amount) => {
      const res = await t.command('/log', `closed won ${amount}`);
      expect(res.json.response_type).toBe('ephemeral');
      expect(allText(res.json)).toContain(':warning: A deal amount can be at most 10,000,000.');
      expect(allText(res.json)).toContain('Nothing was logged.');
      expect(storedAmounts(t)).toEqual([]);
      expect(storedTotals(t)).toEqual([]);
    },
  );

  it('applies the configured cap to /log and the form alike', async () => {
    await t.close();
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { MAX_DEAL_AMOUNT: '50000' } });
    t.slack.users.set(REP, { tz: 'UTC' });
    expect(allText((await t.command('/log', 'closed won 60k')).json)).toContain('A deal amount can be at most 50,000.');
    const form = await t.submitLogForm({ activity: 'closed_won', amount: '50000.01' });
    expect(form.json.errors).toEqual({ log_amount_block: 'A deal amount can be at most 50,000.' });
    expect(storedAmounts(t)).toEqual([]);
    expect(allText((await t.command('/log', 'closed won $50,000')).json)).toContain('worth $50,000');
    expect(storedAmounts(t)).toEqual([{ cents: 5_000_000, type: 'integer' }]);
  });

  it('stores cents as an integer and shows every digit back, in the confirmation, /points and the team view', async () => {
    await t.command('/points-admin', `assign <@${REP}> to <@${MANAGER}>`, { user_id: ADMIN });
    const logged = await t.command('/log', 'closed won $12,500.10');
    expect(allText(logged.json)).toContain('Logged *1 closed-won deal* worth $12,500.10');
    const form = await t.submitLogForm({ activity: 'closed_won', amount: '10000000' });
    expect(allText(form.json.view)).toContain('Logged *1 closed-won deal* worth $10,000,000');
    await t.command('/log', 'closed won 9,999,999.99');
    expect(storedAmounts(t)).toEqual([
      { cents: 1_250_010, type: 'integer' },
      { cents: 1_000_000_000, type: 'integer' },
      { cents: 999_999_999, type: 'integer' },
    ]);
    expect(storedTotals(t)).toEqual([{ activity: 'closed_won', cents: 2_001_250_009, type: 'integer' }]);
    expect(allText((await t.command('/points', '')).json)).toContain('• 3 closed-won deals · *75 pts*, $20,012,500.09 closed');
    expect(allText((await t.command('/points', 'team', { user_id: MANAGER })).json)).toContain('3 closed-won deals worth $20,012,500.09');
  });

  it('has the database refuse an amount that is not whole cents in range, whoever writes it', () => {
    const insert = t.db.$client.prepare(
      `INSERT INTO entries (user_id, activity_key, count, unit_points, points, amount_cents, day, week_start, batch_id, source, logged_at)
       VALUES ('U0X', 'closed_won', 1, 25, 25, ?, '2026-11-18', '2026-11-16', 'b1', 'import', 0)`,
    );
    for (const bad of [1e25, 12.5, -1, AMOUNT_CEILING * 100 + 1, 'lots']) {
      expect(() => insert.run(bad), String(bad)).toThrow(/amount_cents must be whole cents from 0 to 100000000000/);
    }
    expect(storedAmounts(t)).toEqual([]);
    insert.run(AMOUNT_CEILING * 100);
    insert.run(null);
    expect(() => t.db.$client.prepare('UPDATE entries SET amount_cents = 1e25').run()).toThrow(/amount_cents must be whole cents/);
    // Other updates of an entry (an undo) are not held up by the check.
    t.db.$client.prepare('UPDATE entries SET undone_at = 1').run();
    expect(storedAmounts(t)).toEqual([
      { cents: 100_000_000_000, type: 'integer' },
      { cents: null, type: 'null' },
    ]);
    const total = t.db.$client.prepare(
      `INSERT INTO weekly_activity_totals (user_id, week_start, activity_key, count, points, amount_cents)
       VALUES ('U0X', '2026-11-16', 'closed_won', 1, 25, ?)
       ON CONFLICT DO UPDATE SET amount_cents = amount_cents + excluded.amount_cents`,
    );
    expect(() => total.run(1e25)).toThrow(/weekly_activity_totals.amount_cents must be whole cents/);
    total.run(Number.MAX_SAFE_INTEGER);
    // A sum past what JavaScript reads exactly is refused, not rounded.
    expect(() => total.run(1)).toThrow(/weekly_activity_totals.amount_cents must be whole cents/);
    expect(storedTotals(t)).toEqual([{ activity: 'closed_won', cents: Number.MAX_SAFE_INTEGER, type: 'integer' }]);
  });
});

describe('the migration that makes amounts exact', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-amounts-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps valid history, turns impossible amounts into none and recounts their weeks exactly', () => {
    const file = path.join(dir, 'points.db');
    const old = databaseMigratedBefore(dir, file, '_amounts_exact');
    const entry = old.prepare(
      `INSERT INTO entries (user_id, activity_key, count, unit_points, points, amount_cents, day, week_start, batch_id, source, logged_at, undone_at)
       VALUES (?, 'closed_won', 1, 25, 25, ?, ?, ?, 'b', 'modal', 0, ?)`,
    );
    const total = old.prepare(
      `INSERT INTO weekly_activity_totals (user_id, week_start, activity_key, count, points, amount_cents) VALUES (?, ?, 'closed_won', ?, ?, ?)`,
    );
    // A week where the form stored 1e25 beside an honest deal: the total lost the honest digits.
    entry.run('U0A', 1_250_000, '2026-11-17', '2026-11-16', null);
    entry.run('U0A', 1e25, '2026-11-18', '2026-11-16', null);
    total.run('U0A', '2026-11-16', 2, 50, 1_250_000 + 1e25);
    // A week where 1e25 was logged and undone: the total went back to an integer, but not the right one.
    entry.run('U0A', 700, '2026-11-10', '2026-11-09', null);
    entry.run('U0A', 1e25, '2026-11-11', '2026-11-09', 1);
    total.run('U0A', '2026-11-09', 1, 25, 700 + 1e25 - 1e25);
    // Another rep's week, valid and larger than today's cap: history, left alone.
    entry.run('U0B', 50_000_000_000, '2026-11-17', '2026-11-16', null);
    total.run('U0B', '2026-11-16', 1, 25, 50_000_000_000);
    // A fraction of a cent, in range: rounded to the cent, and its week recounted.
    entry.run('U0C', 1234.5, '2026-11-17', '2026-11-16', null);
    total.run('U0C', '2026-11-16', 1, 25, 1234.5);
    old.close();

    const db = openDatabase(file);
    try {
      const rows = db.$client
        .prepare('SELECT user_id AS user, day, amount_cents AS cents, typeof(amount_cents) AS type FROM entries ORDER BY id')
        .all();
      expect(rows).toEqual([
        { user: 'U0A', day: '2026-11-17', cents: 1_250_000, type: 'integer' },
        { user: 'U0A', day: '2026-11-18', cents: null, type: 'null' },
        { user: 'U0A', day: '2026-11-10', cents: 700, type: 'integer' },
        { user: 'U0A', day: '2026-11-11', cents: null, type: 'null' },
        { user: 'U0B', day: '2026-11-17', cents: 50_000_000_000, type: 'integer' },
        { user: 'U0C', day: '2026-11-17', cents: 1235, type: 'integer' },
      ]);
      const totals = db.$client
        .prepare(
          'SELECT user_id AS user, week_start AS week, count, points, amount_cents AS cents, typeof(amount_cents) AS type FROM weekly_activity_totals ORDER BY user_id, week_start',
        )
        .all();
      expect(totals).toEqual([
        { user: 'U0A', week: '2026-11-09', count: 1, points: 25, cents: 700, type: 'integer' },
        { user: 'U0A', week: '2026-11-16', count: 2, points: 50, cents: 1_250_000, type: 'integer' },
        { user: 'U0B', week: '2026-11-16', count: 1, points: 25, cents: 50_000_000_000, type: 'integer' },
        { user: 'U0C', week: '2026-11-16', count: 1, points: 25, cents: 1235, type: 'integer' },
      ]);
    } finally {
      db.$client.close();
    }
  });
});
