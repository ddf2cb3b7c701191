import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries, users, weeklyActivityTotals } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { slackEscaped } from '../support/payloads.js';
import { exportedCsv } from '../support/export-fixture.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REP1';
/** A zero-width space: beside a `*` or `_`, it keeps Slack from reading the character as formatting. */
const Z = '\u200B';

describe('/log over signed HTTP', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026, 10:00 in London.
    t = await startTestBot({ now: '2026-11-18T10:00:00Z' });
    t.slack.users.set(REP, { tz: 'Europe/London' });
  });
  afterEach(async () => t.close());

  const log = async (text: string, user = REP) => {
    const res = await t.command('/log', text, { user_id: user });
    expect(res.status).toBe(200);
    if (res.json) expect(blockKitProblems(res.json, 'message')).toEqual([]);
    return res.json;
  };
  const rows = () => t.db.select().from(entries).all();

  it('records one self-led demo and answers privately with its points and the week against the goal', async () => {
    const answer = await log('demo self-led');
    expect(answer.response_type).toBe('ephemeral');
    const text = allText(answer);
    expect(text).toContain('Logged *1 self-led demo* (+25 pts)');
    expect(text).toContain('This week: *25 / 500 pts* (5%)');
    expect(rows()).toMatchObject([
      { userId: REP, activityKey: 'demo_self', count: 1, points: 25, day: '2026-11-18', source: 'command', undoneAt: null },
    ]);
    expect(t.db.select().from(weeklyActivityTotals).all()).toMatchObject([
      { userId: REP, weekStart: '2026-11-16', activityKey: 'demo_self', count: 1, points: 25 },
    ]);
  });

  it('records several activities from one line', async () => {
    const answer = await log('30 calls, 12 emails, meeting booked');
    expect(allText(answer)).toContain('Logged 3 activities, *+52 pts*');
    expect(allText(answer)).toContain('This week: *52 / 500 pts* (10%)');
    expect(rows().map((r) => [r.activityKey, r.count, r.points])).toEqual([
      ['call', 30, 30],
      ['email', 12, 12],
      ['meeting_booked', 1, 10],
    ]);
  });

  it('records several activities written without commas', async () => {
    const answer = await log('30 calls 12 emails 1 meeting booked');
    expect(allText(answer)).toContain('Logged 3 activities, *+52 pts*');
    expect(rows().map((r) => [r.activityKey, r.count])).toEqual([
      ['call', 30],
      ['email', 12],
      ['meeting_booked', 1],
    ]);
  });

  it('keeps a closed-won amount and a past day', async () => {
    const answer = await log('closed won $12,500 monday');
    expect(allText(answer)).toContain('*1 closed-won deal* worth $12,500 on Mon 16 Nov (+25 pts)');
    expect(rows()).toMatchObject([{ activityKey: 'closed_won', amountCents: 1_250_000, day: '2026-11-16' }]);
  });

  it('reads "last friday" and "17 nov" as days, and asks about a day it cannot pin down', async () => {
    expect(allText(await log('30 calls last friday'))).toContain('*30 calls* on Fri 13 Nov (+30 pts)');
    expect(allText(await log('demo self-led 17 nov, 5 emails'))).toContain('• *1 self-led demo* on Tue 17 Nov (+25 pts)');
    const unsure = allText(await log('10 calls last monday'));
    expect(unsure).toContain('“last monday” could be Mon 16 Nov or Mon 9 Nov.');
    expect(unsure).toContain('Nothing was logged.');
    expect(rows().map((r) => [r.activityKey, r.count, r.day])).toEqual([
      ['call', 30, '2026-11-13'],
      ['demo_self', 1, '2026-11-17'],
      ['email', 5, '2026-11-17'],
    ]);
  });

  it('suggests a correction for a typo and records nothing', async () => {
    const answer = await log('dmeo self-led');
    expect(allText(answer)).toContain('Did you mean *demo self-led* (25 pts)?');
    expect(allText(answer)).toContain('Nothing was logged.');
    expect(rows()).toEqual([]);
  });

  it.each([
    ['0 calls', 'A count of zero logs nothing'],
    ['-3 calls', "A count can't be negative"],
    ['900 calls', 'more than the 500 allowed per line'],
    ['demo self-led 2026-11-25', "hasn't happened yet"],
  ])('refuses %j with the reason and records nothing', async (text, reason) => {
    const answer = await log(text);
    expect(allText(answer)).toContain(reason);
    expect(rows()).toEqual([]);
  });

  it('answers anything it cannot read with the help, and /log help with the same list', async () => {
    const unknown = allText(await log('pizza party'));
    expect(unknown).toContain("I don't know the activity “pizza party”");
    expect(unknown).toContain('`demo self-led` Demo, self-led · *25 pts*');
    expect(allText(await log('help'))).toContain('`closed won` Closed-won deal · *25 pts*');
    expect(rows()).toEqual([]);
  });

  it('refuses a line over the limit at once, saying how long it is and what the limit is', async () => {
    const answer = await log(`calls ${'bcd '.repeat(9_999)}bcd`);
    expect(allText(answer)).toContain(
      'That line is 40,005 characters long; /log takes up to 1,000. Split it into several /log lines. Nothing was logged.',
    );
    expect(rows()).toEqual([]);
  });

  it('reads a line of many words up to the limit', async () => {
    expect(allText(await log(`30 calls${' a'.repeat(496)}`))).toContain('Logged *30 calls* (+30 pts)');
    expect(rows()).toMatchObject([{ activityKey: 'call', count: 30 }]);
  });

  it('stores a note as the rep typed it, and shows it escaped once and unformatted', async () => {
    const typed = '<!channel> Tom & Jerry *bold* _it_';
    const answer = await log(slackEscaped(`calls note: ${typed}`));
    expect(rows()).toMatchObject([{ activityKey: 'call', note: typed }]);
    const text = allText(answer);
    expect(text).toContain(`Note: &lt;!channel&gt; Tom &amp; Jerry ${Z}*${Z}bold${Z}*${Z} ${Z}_${Z}it${Z}_${Z}`);
    expect(text).not.toMatch(/&amp;(?:amp|lt|gt);/);
    // The export holds the note as typed, too.
    expect(await exportedCsv(t.db)).toContain(`,${typed},2026-11-18 10:00:00,`);
  });

  it('reads an & as Slack sends it, escaped, as it reads a comma', async () => {
    const answer = await log(slackEscaped('30 calls & 12 emails'));
    expect(allText(answer)).toContain('Logged 2 activities, *+42 pts*');
    expect(rows().map((r) => [r.activityKey, r.count])).toEqual([
      ['call', 30],
      ['email', 12],
    ]);
  });

  it('honours a configured cap', async () => {
    await t.close();
    t = await startTestBot({ now: '2026-11-18T10:00:00Z', env: { MAX_COUNT: '50' } });
    expect(allText(await log('60 calls'))).toContain('more than the 50 allowed');
    expect(rows()).toEqual([]);
  });

  it('/log undo takes back the latest entry, keeps it marked, and says what it removed', async () => {
    await log('30 calls');
    await log('demo self-led');
    const answer = await log('undo');
    expect(allText(answer)).toContain('Undone: *1 self-led demo* (−25 pts)');
    expect(allText(answer)).toContain('This week: *30 / 500 pts* (6%)');
    const all = rows();
    expect(all).toHaveLength(2);
    expect(all.find((r) => r.activityKey === 'demo_self')!.undoneAt).toBe(new Date('2026-11-18T10:00:00Z').getTime());
    expect(all.find((r) => r.activityKey === 'call')!.undoneAt).toBeNull();
    expect(allText(await log('undo'))).toContain('Undone: *30 calls* (−30 pts)');
    expect(allText(await log('undo'))).toContain("There's nothing of yours left to undo for Mon 9 Nov or later.");
  });

  it('the Undo button takes back that whole log and replaces the confirmation', async () => {
    const confirmation = await log('30 calls, 12 emails');
    const batchId = confirmation.blocks.at(-1).elements[0].value as string;
    await log('demo self-led');
    const res = await t.click({ actionId: 'log_undo_button', value: batchId, responseUrl: t.slack.responseUrl('undo1') });
    expect(res.status).toBe(200);
    const [reply] = await t.slack
      .waitFor((calls) => calls.some((c) => c.method === 'response:undo1'))
      .then((calls) => calls.filter((c) => c.method === 'response:undo1'));
    expect(reply!.args.replace_original).toBe(true);
    expect(allText(reply!.args)).toContain('Undone: *30 calls* (−30 pts), *12 emails* (−12 pts)');
    expect(allText(reply!.args)).toContain('This week: *25 / 500 pts* (5%)');
    expect(
      rows()
        .filter((r) => r.undoneAt !== null)
        .map((r) => r.activityKey),
    ).toEqual(['call', 'email']);
  });

  it('the Undo button does nothing to another rep’s entries', async () => {
    const confirmation = await log('30 calls');
    const batchId = confirmation.blocks.at(-1).elements[0].value as string;
    t.slack.users.set('U0OTHER', { tz: 'UTC' });
    await t.click({ actionId: 'log_undo_button', value: batchId, userId: 'U0OTHER', responseUrl: t.slack.responseUrl('u2') });
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:u2'));
    expect(allText(calls.find((c) => c.method === 'response:u2')!.args)).toContain("There's nothing of yours to undo");
    expect(rows()[0]!.undoneAt).toBeNull();
  });

  it('counts the week in the rep’s own time zone', async () => {
    // Sunday 22 Nov 2026 20:00 UTC is already Monday 23 Nov in Tokyo.
    t.clock.set('2026-11-22T20:00:00Z');
    t.slack.users.set('U0TOKYO', { tz: 'Asia/Tokyo' });
    const answer = await log('demo self-led', 'U0TOKYO');
    expect(allText(answer)).toContain('This week: *25 / 500 pts*');
    expect(rows()).toMatchObject([{ userId: 'U0TOKYO', day: '2026-11-23', weekStart: '2026-11-23' }]);
    await log('demo self-led', REP);
    expect(rows()[1]).toMatchObject({ userId: REP, day: '2026-11-22', weekStart: '2026-11-16' });
  });

  it('falls back to the default time zone when Slack cannot tell it, and still saves', async () => {
    t.slack.reply('users.info', { body: { ok: false, error: 'ratelimited' } });
    t.slack.users.delete(REP);
    const answer = await log('demo self-led');
    expect(allText(answer)).toContain('Logged *1 self-led demo*');
    expect(rows()).toHaveLength(1);
  });

  it('answers in time with the default zone when users.info is slow, and caches the late answer', async () => {
    t.slack.users.set(REP, { tz: 'Pacific/Auckland' });
    t.slack.reply('users.info', { delayMs: 2500 });
    const answer = await log('demo self-led');
    expect(allText(answer)).toContain('Logged *1 self-led demo*');
    // The default zone (UTC) decided today's day: still Wednesday 18 Nov.
    expect(rows()).toMatchObject([{ day: '2026-11-18' }]);
    await t.slack.waitFor(
      () =>
        t.db
          .select()
          .from(users)
          .all()
          .some((u) => u.tz === 'Pacific/Auckland'),
      5000,
    );
  });

  it('asks Slack for a rep’s time zone once and then uses the cache', async () => {
    await log('30 calls');
    await log('10 emails');
    expect(t.slack.callsTo('users.info')).toHaveLength(1);
  });
});
