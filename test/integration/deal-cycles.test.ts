import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';
const ANA = 'U0ANA';
const BEN = 'U0BEN';

/**
 * One account, three deals, by hand (UTC; "now" is Friday 20 Nov 2026):
 *
 * | day | rep | line | deal |
 * | --- | --- | --- | --- |
 * | Mon 2 Nov | Ana | meeting booked Acme | 1: first touch |
 * | Tue 3 Nov | Ana | closed won $1,000 Acme | 1 won: 1 day, 1 touch before (contact 2) |
 * | Wed 4 Nov | Ben | dm convo Acme | 2: first touch |
 * | Thu 5 Nov | Ben | closed lost Acme | 2 lost, by Ben |
 * | Mon 16 Nov | Ana | demo self-led Acme | 3: first touch |
 * | Tue 17 Nov | Ana | pipeline $5k Acme | closed after it: not open |
 * | Wed 18 Nov | Ana | discovery self-led Acme | 3 |
 * | Thu 19 Nov | Ana | closed won $2,000 Acme | 3 won: 3 days, 2 touches before (contact 3) |
 * | Thu 19 Nov | Ana | pipeline $7k Globex | open $7,000 |
 *
 * A deal's history starts after the account's previous close, whoever closed it: deal 3 counts
 * neither deal 1's touches nor Ben's.
 */
describe('deals on one account, one after another', () => {
  let t: TestBot;
  const read = async (text: string, user: string) => allText(await t.answer('/points', text, user));

  beforeAll(async () => {
    t = await startTestBot({ now: '2026-11-02T08:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, BEN]) t.slack.users.set(id, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@${ANA}> <@${BEN}> to <@${MANAGER}>`, { user_id: ADMIN });
    const lines: Array<[string, string, string]> = [
      ['2026-11-02T09:00:00Z', ANA, 'meeting booked Acme'],
      ['2026-11-03T09:00:00Z', ANA, 'closed won $1,000 Acme'],
      ['2026-11-04T09:00:00Z', BEN, 'dm convo Acme'],
      ['2026-11-05T09:00:00Z', BEN, 'closed lost Acme'],
      ['2026-11-16T09:00:00Z', ANA, 'demo self-led Acme'],
      ['2026-11-17T09:00:00Z', ANA, 'pipeline $5k Acme'],
      ['2026-11-18T09:00:00Z', ANA, 'discovery self-led Acme'],
      ['2026-11-19T09:00:00Z', ANA, 'closed won $2,000 Acme'],
      ['2026-11-19T10:00:00Z', ANA, 'pipeline $7k Globex'],
    ];
    for (const [iso, user, line] of lines) {
      t.clock.set(iso);
      expect(allText((await t.command('/log', line, { user_id: user })).json)).toMatch(/Logged|Recorded/);
    }
    t.clock.set('2026-11-20T12:00:00Z');
  });
  afterAll(async () => t.close());

  it('counts a deal’s touches and days from the account’s previous close, whoever closed it', async () => {
    const week = await read('kpis', ANA);
    expect(week).toContain('Win rate (won / (won + lost), named accounts): *100 %* · 1 won, 0 lost');
    expect(week).toContain('• Acme: 3 days to close, 2 touches before it, closed on contact 3 (before the 5th)');
    expect(week).not.toContain('1 day to close');
  });

  it('reads each deal of the month on its own, and the lost one as the rep’s who lost it', async () => {
    const ana = await read('kpis month', ANA);
    expect(ana).toContain('Win rate (won / (won + lost), named accounts): *100 %* · 2 won, 0 lost');
    expect(ana).toContain('• Acme: 1 day to close, 1 touch before it, closed on contact 2 (before the 5th)');
    expect(ana).toContain('• Acme: 3 days to close, 2 touches before it, closed on contact 3 (before the 5th)');
    expect(await read('kpis month', BEN)).toContain('Win rate (won / (won + lost), named accounts): *0 %* · 0 won, 1 lost');
  });

  it('counts a pipeline amount open only while no close came after it', async () => {
    expect(await read('kpis', ANA)).toContain('Open pipeline: *$7,000*');
  });
});
