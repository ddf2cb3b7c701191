import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recomputeWeeklyTotals, runningWeeklyTotals } from '../../src/scoring/ledger.js';
import { allText } from '../support/blocks.js';
import { exportedCsv } from '../support/export-fixture.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';
const REP = 'U0REP';

describe('admins correct a rep’s week: adjustments and taking back one entry', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026, 07:00 in Los Angeles.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.users.set(ADMIN, { tz: 'Europe/London' });
    t.slack.users.set(MANAGER, { tz: 'Europe/London' });
    t.slack.users.set(REP, { tz: 'America/Los_Angeles' });
    await t.command('/points-admin', `assign <@${REP}> to <@${MANAGER}>`, { user_id: ADMIN });
    await t.command('/log', '30 calls', { user_id: REP });
    await t.command('/log', '12 emails', { user_id: REP });
  });
  afterEach(async () => t.close());

  const admin = async (text: string, user = ADMIN) => {
    return t.answer('/points-admin', text, user);
  };
  const points = async (text: string, user: string) => allText((await t.command('/points', text, { user_id: user })).json);
  const adjustments = () => t.db.$client.prepare('SELECT user_id, week_start, kind, points, reason, admin_id FROM adjustments').all();
  const dmsTo = (user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === user);

  it('adjusts the current week with a reason; the total, /points, the team view, the export and the rep’s DM show it', async () => {
    const answer = allText(await admin(`adjust <@${REP}> -20 "duplicate calls"`));
    expect(answer).toContain(`Adjusted <@${REP}>’s week of 16–22 Nov 2026 by −20 pts: “duplicate calls”. Their week now: 22 pts.`);
    expect(adjustments()).toEqual([
      { user_id: REP, week_start: '2026-11-16', kind: 'adjust', points: -20, reason: 'duplicate calls', admin_id: ADMIN },
    ]);
    expect(runningWeeklyTotals(t.db)).toEqual(new Map([[`${REP}/2026-11-16`, 22]]));
    expect(recomputeWeeklyTotals(t.db)).toEqual(runningWeeklyTotals(t.db));

    const dm = await t.slack.waitFor(() => dmsTo(REP).length > 0);
    expect(allText(dmsTo(REP)[0]!.args)).toContain(
      `<@${ADMIN}> adjusted your week of 16–22 Nov 2026 by −20 pts: “duplicate calls”. Your week now: 22 pts.`,
    );
    expect(dm.length).toBeGreaterThan(0);

    const own = await points('', REP);
    expect(own).toContain('22 / 500 pts');
    expect(own).toContain(`Adjustment by <@${ADMIN}>: “duplicate calls” · *−20 pts*`);
    const team = await points('team', MANAGER);
    expect(team).toContain(`<@${REP}> · AE *22 / 500*`);
    expect(team).toContain('adjusted −20 pts: “duplicate calls”');
    expect(team).toContain('*Team:* 22 pts');

    const csv = await exportedCsv(t.db, { userId: REP });
    expect(csv).toContain(`2026-11-16,${REP},${REP},${MANAGER},AE,Adjustment,,-20,,,,,2026-11-18 15:00:00,,duplicate calls\r\n`);
  });

  it('adjusts a week the admin names, in the rep’s time zone', async () => {
    const answer = allText(await admin(`adjust <@${REP}> +15 “call logged late” 2026-11-10`));
    expect(answer).toContain('week of 9–15 Nov 2026 by +15 pts: “call logged late”. Their week now: 15 pts.');
    expect(await points('last week', REP)).toContain('15 pts');
  });

  it('takes the current week in the rep’s zone, not the admin’s', async () => {
    // Monday 05:00 in London is still Sunday night in Los Angeles.
    t.clock.set('2026-11-23T05:00:00Z');
    expect(allText(await admin(`adjust <@${REP}> 10 "demo logged as a call"`))).toContain('week of 16–22 Nov 2026 by +10 pts');
    expect(runningWeeklyTotals(t.db).get(`${REP}/2026-11-16`)).toBe(52);
  });

  it.each([
    [`adjust <@${REP}> -20`, 'Give a reason in quotes'],
    [`adjust <@${REP}> 0 "nothing"`, 'between −1,000 and +1,000 points, and not 0'],
    [`adjust <@${REP}> 5000 "bonus"`, 'between −1,000 and +1,000 points, and not 0'],
    [`adjust <@${REP}> lots "bonus"`, 'Write it as `/points-admin adjust @rep -50 "reason" [YYYY-MM-DD]`'],
    [`adjust -20 "duplicate calls"`, 'Say which rep'],
    [`adjust <@${REP}> -20 "dup" 2026-02-30`, "2026-02-30 isn't a real date."],
    [`adjust <@${REP}> -20 "dup" 2026-12-01`, 'hasn’t started yet'],
  ])('refuses %j with a clear answer and changes nothing', async (text, message) => {
    expect(allText(await admin(text))).toContain(message);
    expect(adjustments()).toEqual([]);
    expect(dmsTo(REP)).toEqual([]);
  });

  it('is for admins only', async () => {
    expect(allText(await admin(`adjust <@${REP}> -20 "duplicate calls"`, MANAGER))).toContain('is for the bot’s admins');
    expect(allText(await admin(`history <@${REP}>`, MANAGER))).toContain('is for the bot’s admins');
    expect(adjustments()).toEqual([]);
  });

  it('lists a week’s entries with a button each, and takes back the one an admin picks', async () => {
    const history = await admin(`history <@${REP}>`);
    const text = allText(history);
    expect(text).toContain(`<@${REP}>’s entries, week of 16–22 Nov`);
    expect(text).toContain('30 calls');
    const buttons = (history.blocks as any[]).filter((b) => b.accessory?.action_id === 'admin_take_back_button');
    expect(buttons).toHaveLength(2);
    const calls = buttons.find((b) => b.text.text.includes('30 calls'))!;

    // Only an admin may press it.
    await t.click({
      actionId: 'admin_take_back_button',
      value: calls.accessory.value,
      userId: MANAGER,
      responseUrl: t.slack.responseUrl('m1'),
    });
    const refused = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:m1'));
    expect(allText(refused.find((x) => x.method === 'response:m1')!.args)).toContain('is for the bot’s admins');
    expect(runningWeeklyTotals(t.db).get(`${REP}/2026-11-16`)).toBe(42);

    await t.click({
      actionId: 'admin_take_back_button',
      value: calls.accessory.value,
      userId: ADMIN,
      responseUrl: t.slack.responseUrl('a1'),
    });
    const done = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:a1'));
    expect(allText(done.find((x) => x.method === 'response:a1')!.args)).toContain(
      `Took back 30 calls (−30 pts) from <@${REP}>’s week of 16–22 Nov 2026. Their week now: 12 pts.`,
    );
    expect(t.db.$client.prepare('SELECT count(*) n FROM entries WHERE undone_at IS NOT NULL').get()).toEqual({ n: 1 });
    expect(adjustments()).toEqual([
      { user_id: REP, week_start: '2026-11-16', kind: 'take_back', points: -30, reason: 'taken back from the history', admin_id: ADMIN },
    ]);
    expect(runningWeeklyTotals(t.db)).toEqual(recomputeWeeklyTotals(t.db));
    expect(runningWeeklyTotals(t.db).get(`${REP}/2026-11-16`)).toBe(12);
    await t.slack.waitFor(() => dmsTo(REP).length > 0);
    expect(allText(dmsTo(REP)[0]!.args)).toContain(
      `<@${ADMIN}> took back 30 calls (−30 pts) from your week of 16–22 Nov 2026. Your week now: 12 pts.`,
    );

    // A second press changes nothing and says so.
    await t.click({
      actionId: 'admin_take_back_button',
      value: calls.accessory.value,
      userId: ADMIN,
      responseUrl: t.slack.responseUrl('a2'),
    });
    const again = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:a2'));
    expect(allText(again.find((x) => x.method === 'response:a2')!.args)).toContain('was already taken back');
    expect(adjustments()).toHaveLength(1);
  });

  it('keeps a long history within Block Kit’s 50 blocks', async () => {
    for (let i = 0; i < 60; i++) {
      // Three seconds apart, under the per-minute logging limit.
      t.clock.set(new Date(Date.parse('2026-11-18T15:00:00Z') + i * 3000).toISOString());
      await t.command('/log', `${i + 1} calls`, { user_id: REP });
    }
    const history = await admin(`history <@${REP}>`);
    expect(history.blocks.length).toBeLessThanOrEqual(50);
    expect(allText(history)).toMatch(/…and \d+ earlier entries/);
  });
});
