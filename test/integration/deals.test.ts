import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryRows } from '../../src/roster/export.js';
import { entriesSheet } from '../../src/views/export.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';
const ANA = 'U0ANA';
const BEN = 'U0BEN';
const CAT = 'U0CAT'; // names no account

/**
 * The fixture, by hand (all in UTC; "now" is Thursday 19 Nov 2026, the week of 16–22 Nov):
 *
 * | day | rep | line | account |
 * | --- | --- | --- | --- |
 * | Mon 2 Nov | Ana | meeting booked Acme Corp | Acme Corp, first touch |
 * | Wed 4 Nov | Ana | discovery self-led @acme corp. | Acme Corp (same key) |
 * | Mon 9 Nov | Ana | demo self-led Acme Corp | Acme Corp |
 * | Tue 10 Nov | Ben | dm convo Acme Corp | Acme Corp (another rep's touch) |
 * | Tue 10 Nov | Ana | demo self-led Globex | Globex, first touch |
 * | Wed 11 Nov | Ana | discovery self-led Initech | Initech |
 * | Thu 12 Nov | Ana | pipeline $40k Acme Corp | open $40,000 |
 * | Mon 16 Nov | Ana | closed won $12,500 Acme Corp | won: 14 days, 4 touches before (contact 5) |
 * | Tue 17 Nov | Ana | closed won €9,000 Globex | won: 7 days, 1 touch before (contact 2) |
 * | Wed 18 Nov | Ana | closed lost Initech | lost |
 * | Wed 18 Nov | Ana | closed won $1,000 | no account |
 * | Wed 18 Nov | Ana | pipeline $60k Umbrella, then Thu 19 Nov $80,000 | open $80,000 |
 * | Thu 19 Nov | Ana | pipeline €20k Hooli | open €20,000 |
 * | Thu 19 Nov | Ben | calls 3 Acme Crop | new account, near Acme Corp |
 * | Thu 19 Nov | Cat | calls 10 | none |
 *
 * Ana's quota is $50k a month. Her week: closed-won $13,500 in 2 deals (average $6,750) and
 * €9,000 in 1; win rate 2 / (2 + 1) = 66.7 %; open pipeline $80,000 and €20,000 (Acme Corp's
 * closed), coverage 80,000 / 50,000 = 1.6×.
 */
describe('deals by account in /points kpis', () => {
  let t: TestBot;
  const log = async (iso: string, user: string, line: string) => {
    t.clock.set(iso);
    return allText((await t.command('/log', line, { user_id: user })).json);
  };
  const read = async (text: string, user: string) => allText(await t.answer('/points', text, user));

  beforeAll(async () => {
    t = await startTestBot({ now: '2026-11-02T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, BEN, CAT]) t.slack.users.set(id, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@${ANA}> <@${BEN}> <@${CAT}> to <@${MANAGER}>`, { user_id: ADMIN });
    const lines: Array<[string, string, string, string]> = [
      ['2026-11-02T09:00:00Z', ANA, 'meeting booked Acme Corp', 'Account: Acme Corp'],
      ['2026-11-04T09:00:00Z', ANA, 'discovery self-led @acme corp.', 'Account: Acme Corp'],
      ['2026-11-09T09:00:00Z', ANA, 'demo self-led Acme Corp', 'Logged'],
      ['2026-11-10T09:00:00Z', BEN, 'dm convo Acme Corp', 'Logged'],
      ['2026-11-10T10:00:00Z', ANA, 'demo self-led Globex', 'Account: Globex'],
      ['2026-11-11T09:00:00Z', ANA, 'discovery self-led Initech', 'Logged'],
      ['2026-11-12T09:00:00Z', ANA, 'pipeline $40k Acme Corp', 'Recorded open pipeline of *$40,000* for Acme Corp'],
      ['2026-11-16T09:00:00Z', ANA, 'closed won $12,500 Acme Corp', 'Logged'],
      ['2026-11-17T09:00:00Z', ANA, 'closed won €9,000 Globex', 'Logged'],
      ['2026-11-18T09:00:00Z', ANA, 'closed lost Initech', 'Recorded a *closed-lost* deal for Initech'],
      ['2026-11-18T10:00:00Z', ANA, 'closed won $1,000', 'Logged'],
      ['2026-11-18T11:00:00Z', ANA, 'pipeline $60k Umbrella', 'Recorded'],
      ['2026-11-19T09:00:00Z', ANA, 'pipeline $80,000 Umbrella', 'Recorded'],
      ['2026-11-19T09:10:00Z', ANA, 'pipeline €20k Hooli', 'Recorded'],
      ['2026-11-19T09:20:00Z', CAT, 'calls 10', 'Logged'],
    ];
    for (const [iso, user, line, seen] of lines) expect(await log(iso, user, line)).toContain(seen);
    await t.command('/points-admin', `quota <@${ANA}> $50k`, { user_id: ADMIN });
    t.clock.set('2026-11-19T12:00:00Z');
  });
  afterAll(async () => t.close());

  it('files entries naming the same account, whatever the case and punctuation, under one account', () => {
    const accounts = t.db.$client.prepare('SELECT name, norm FROM accounts ORDER BY id').all();
    expect(accounts).toEqual([
      { name: 'Acme Corp', norm: 'acmecorp' },
      { name: 'Globex', norm: 'globex' },
      { name: 'Initech', norm: 'initech' },
      { name: 'Umbrella', norm: 'umbrella' },
      { name: 'Hooli', norm: 'hooli' },
    ]);
  });

  it('shows the rep closed-won per currency, win rate, time and touches to close, and pipeline against the quota', async () => {
    const text = await read('kpis', ANA);
    expect(text).toContain('*Closed-won* · 16–22 Nov 2026\n3 deals: $13,500 in 2 deals, average $6,750 · €9,000 in 1 deal, average €9,000');
    expect(text).toContain('Win rate (won / (won + lost), named accounts): *66.7 %* · 2 won, 1 lost');
    expect(text).toContain('• Acme Corp: 14 days to close, 4 touches before it, closed on contact 5 (within the 5th–12th)');
    expect(text).toContain('• Globex: 7 days to close, 1 touch before it, closed on contact 2 (before the 5th)');
    expect(text).toContain('Most sales close on the 5th to 12th contact.');
    expect(text).toContain('Open pipeline: *$80,000 · €20,000* · *1.6×* the $50,000 monthly quota (goal 4×)');
  });

  it('shows the manager the team’s deals added up', async () => {
    const text = await read('team kpis', MANAGER);
    expect(text).toContain('Win rate (won / (won + lost), named accounts): *66.7 %* · 2 won, 1 lost');
    expect(text).toContain('• Acme Corp: 14 days to close, 4 touches before it');
    expect(text).toContain('Open pipeline: *$80,000 · €20,000* · *1.6×* the $50,000 monthly quota (goal 4×)');
  });

  it('tells a rep who names no account how to see the deal KPIs, with every activity KPI still there', async () => {
    const text = await read('kpis', CAT);
    expect(text).toContain('• Outbound call: Mon 0 · Tue 0 · Wed 0 · Thu 10 · Fri 0 — week *10*');
    expect(text).toContain('name accounts on your entries to see this');
  });

  it('hints at a near match without blocking the save', async () => {
    const text = await log('2026-11-19T12:00:00Z', BEN, 'calls 3 Acme Crop');
    expect(text).toContain('Logged *3 calls*');
    expect(text).toContain('Did you mean *Acme Corp*?');
    expect(
      t.db.$client
        .prepare("SELECT count(*) FROM entries e JOIN accounts a ON a.id = e.account_id WHERE a.name = 'Acme Crop'")
        .pluck()
        .get(),
    ).toBe(1);
  });

  it('reopens the opportunity when its closed-won entry is undone', async () => {
    expect(await log('2026-11-19T13:00:00Z', ANA, 'closed won $75k Umbrella')).toContain('Account: Umbrella');
    let text = await read('kpis', ANA);
    expect(text).toContain('Win rate (won / (won + lost), named accounts): *75 %* · 3 won, 1 lost');
    expect(text).toContain('Open pipeline: *€20,000* · *0×* the $50,000 monthly quota (goal 4×)');
    expect(await log('2026-11-19T13:05:00Z', ANA, 'undo')).toContain('Undone');
    text = await read('kpis', ANA);
    expect(text).toContain('Win rate (won / (won + lost), named accounts): *66.7 %* · 2 won, 1 lost');
    expect(text).toContain('Open pipeline: *$80,000 · €20,000* · *1.6×* the $50,000 monthly quota (goal 4×)');
  });

  it('undoes a pipeline amount with /log undo, back to the one before', async () => {
    expect(await log('2026-11-19T14:00:00Z', ANA, 'pipeline $100k Umbrella')).toContain('Recorded');
    expect(await log('2026-11-19T14:05:00Z', ANA, 'undo')).toContain('Undone: open pipeline of *$100,000* for Umbrella');
    expect(await read('kpis', ANA)).toContain('Open pipeline: *$80,000 · €20,000*');
  });

  it('files an entry from the /log form under the account in its Account field', async () => {
    t.clock.set('2026-11-19T16:00:00Z');
    const res = await t.submitLogForm({ userId: ANA, viewId: 'VDEALS1', activity: 'demo_self', account: 'acme corp' });
    expect(allText(res.json.view)).toContain('Account: Acme Corp');
    const named = t.db.$client
      .prepare("SELECT a.name FROM entries e JOIN accounts a ON a.id = e.account_id WHERE e.client_key = 'view:VDEALS1'")
      .pluck()
      .get();
    expect(named).toBe('Acme Corp');
  });

  it('fills the Account column of the exported Entries sheet', () => {
    const sheet = entriesSheet(entryRows(t.db, { userId: ANA }), (id) => id);
    const rows = [...sheet.rows];
    const at = sheet.columns.findIndex((c) => c.header === 'Account');
    expect(rows.filter((r) => r[5] === 'Closed-won deal').map((r) => r[at])).toEqual(['Acme Corp', 'Globex', null, 'Umbrella']);
  });

  it('refuses a deal line without an account, saving nothing', async () => {
    expect(await log('2026-11-19T15:00:00Z', ANA, 'pipeline $40k')).toContain('Name the account');
    expect(await log('2026-11-19T15:00:00Z', ANA, 'closed lost')).toContain('Name the account');
    expect(
      t.db.$client.prepare('SELECT count(*) FROM deal_events WHERE logged_at >= ?').pluck().get(Date.parse('2026-11-19T15:00:00Z')),
    ).toBe(0);
  });
});
