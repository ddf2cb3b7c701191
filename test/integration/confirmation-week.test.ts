import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { allText } from '../support/blocks.js';
import { changeGoals } from '../support/programme.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const REP = 'U0REP1';

describe('a confirmation judges the week the entry is for', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Monday 30 Nov 2026, 10:00 in London.
    t = await startTestBot({ now: '2026-11-30T10:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.users.set(REP, { tz: 'Europe/London' });
    t.slack.users.set(ADMIN, { tz: 'Europe/London' });
  });
  afterEach(async () => t.close());

  const log = async (text: string) => {
    return allText(await t.answer('/log', text, REP));
  };
  const start = async (date: string) => {
    const res = await t.command('/points-admin', `start <@${REP}> ${date}`, { user_id: ADMIN });
    expect(res.status).toBe(200);
  };

  it('shows last week against last week’s goal and onboarding week, not this week’s', async () => {
    // Started Mon 31 Aug: last week was onboarding week 13 (the goal's last), this week is 14.
    await start('2026-08-31');
    const now = await log('10 calls');
    // Past the ramp: judged by the established goal, which follows the ramp's last.
    expect(now).toContain('This week (onboarding week 14): *10 / 500 pts*');
    const backdated = await log('email 2026-11-27');
    expect(backdated).toContain('Week of 23–29 Nov 2026 (onboarding week 13): *1 / 500 pts* (0%)');
    expect(backdated).not.toContain('*11');
    // Taking it back reads the same week the same way.
    expect(await log('undo')).toContain('Week of 23–29 Nov 2026 (onboarding week 13): *0 / 500 pts* (0%)');
    expect(t.db.select().from(entries).all()).toMatchObject([
      { activityKey: 'call', weekStart: '2026-11-30', undoneAt: null },
      { activityKey: 'email', weekStart: '2026-11-23', undoneAt: expect.any(Number) },
    ]);
  });

  it('judges a backdated week by the goal in force then, after the goal changed from this week', async () => {
    await start('2026-11-02');
    expect((await changeGoals(t, 'goal 300', ADMIN)).applied).toContain('AE goals from the week of 30 Nov');
    expect(await log('10 calls')).toContain('This week (onboarding week 5): *10 / 300 pts*');
    expect(await log('10 calls friday')).toContain('Week of 23–29 Nov 2026 (onboarding week 4): *10 / 500 pts*');
  });

  it('shows a week before the goal applied without a goal, though this week has one', async () => {
    // Started Mon 16 Nov: last week was onboarding week 2 (no goal yet), this week is 3.
    await start('2026-11-16');
    expect(await log('10 calls')).toContain('This week (onboarding week 3): *10 / 500 pts* (2%)');
    const backdated = await log('30 calls friday');
    expect(backdated).toContain('Week of 23–29 Nov 2026 (onboarding week 2): *30 pts*');
    expect(backdated).not.toContain('/ 500');
  });

  it('celebrates the goal in the week it was reached, by that week’s goal', async () => {
    await start('2026-08-31');
    await changeGoals(t, 'goal AE established none', ADMIN);
    // This week (past the ramp) has no goal; last week's is 500.
    expect(await log('500 calls friday')).toContain(':tada: Goal reached!');
    expect(await log('500 calls')).not.toContain('Goal reached');
  });
});

describe('the progress bar', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-18T10:00:00Z' });
    t.slack.users.set(REP, { tz: 'Europe/London' });
  });
  afterEach(async () => t.close());

  it('is full only once the goal is reached', async () => {
    const almost = allText((await t.command('/log', '480 calls', { user_id: REP })).json);
    expect(almost).toContain('This week: *480 / 500 pts* (96%)  ▰▰▰▰▰▰▰▰▰▱');
    const reached = allText((await t.command('/log', '20 calls', { user_id: REP })).json);
    expect(reached).toContain('This week: *500 / 500 pts* (100%)  ▰▰▰▰▰▰▰▰▰▰');
    const points = allText((await t.command('/points', '', { user_id: REP })).json);
    expect(points).toContain('*500 / 500 pts* (100%)  ▰▰▰▰▰▰▰▰▰▰');
  });

  it('is not full at 499 of 500 in /points either', async () => {
    await t.command('/log', '499 calls', { user_id: REP });
    const points = allText((await t.command('/points', '', { user_id: REP })).json);
    expect(points).toContain('*499 / 500 pts* (99%)  ▰▰▰▰▰▰▰▰▰▱');
  });
});
