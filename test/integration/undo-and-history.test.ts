import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries, weeklyActivityTotals } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REP1';
const OTHER = 'U0OTHER';

describe('/log undo, the Undo button and /log history agree', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026, 10:00 in London.
    t = await startTestBot({ now: '2026-11-18T10:00:00Z', env: { LOG_RATE_PER_MINUTE: '200' } });
    t.slack.users.set(REP, { tz: 'Europe/London' });
    t.slack.users.set(OTHER, { tz: 'Europe/London' });
  });
  afterEach(async () => t.close());

  const log = async (text: string, user = REP) => {
    return t.answer('/log', text, user);
  };
  const rows = () => t.db.select().from(entries).all();
  const standing = () =>
    rows()
      .filter((r) => r.undoneAt === null)
      .map((r) => [r.activityKey, r.count, r.day]);
  const weekTotal = (weekStart: string) =>
    t.db
      .select()
      .from(weeklyActivityTotals)
      .all()
      .filter((r) => r.userId === REP && r.weekStart === weekStart)
      .reduce((s, r) => s + r.points, 0);
  /** Clicks a button in an ephemeral message and returns what replaced it. */
  const click = async (actionId: string, value: string, userId = REP) => {
    const id = `r${Math.random().toString(36).slice(2)}`;
    const res = await t.click({ actionId, value, userId, responseUrl: t.slack.responseUrl(id) });
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
    const reply = calls.find((c) => c.method === `response:${id}`)!.args;
    expect(blockKitProblems(reply, 'message')).toEqual([]);
    return reply;
  };
  /** The Undo buttons of a history message, as [the entry's line, the button's value]. */
  const historyButtons = (message: any): Array<[string, string]> =>
    (message.blocks as any[])
      .filter((b) => b.type === 'section' && b.accessory?.action_id === 'log_history_undo_button')
      .map((b) => [b.text.text as string, b.accessory.value as string]);

  it('/log undo takes back the whole last line, like its Undo all button, and lists what it took back', async () => {
    const confirmation = await log('30 calls, 12 emails, meeting booked');
    expect(confirmation.blocks.at(-1).elements[0].text.text).toBe('Undo all');
    const text = allText(await log('undo'));
    expect(text).toContain('Undone: *30 calls* (−30 pts), *12 emails* (−12 pts), *1 meeting booked* (−10 pts)');
    expect(text).toContain('This week: *0 / 500 pts* (0%)');
    expect(rows().every((r) => r.undoneAt === new Date('2026-11-18T10:00:00Z').getTime())).toBe(true);
    expect(weekTotal('2026-11-16')).toBe(0);
  });

  it('/log undo takes back the line logged last, even when it is for an earlier week', async () => {
    await log('demo self-led');
    await log('30 calls, 2 emails last friday');
    const text = allText(await log('undo'));
    expect(text).toContain('Undone: *30 calls* on Fri 13 Nov (−30 pts), *2 emails* on Fri 13 Nov (−2 pts)');
    expect(text).toContain('Week of 9–15 Nov 2026: *0 / 500 pts* (0%)');
    expect(standing()).toEqual([['demo_self', 1, '2026-11-18']]);
    expect(weekTotal('2026-11-09')).toBe(0);
    expect(weekTotal('2026-11-16')).toBe(25);
  });

  it('/log undo again takes back the line before, and then says there is nothing left', async () => {
    await log('30 calls last friday');
    await log('demo self-led, 5 emails');
    expect(allText(await log('undo'))).toContain('Undone: *1 self-led demo* (−25 pts), *5 emails* (−5 pts)');
    expect(allText(await log('undo'))).toContain('Undone: *30 calls* on Fri 13 Nov (−30 pts)');
    const none = allText(await log('undo'));
    expect(none).toContain("There's nothing of yours left to undo");
    expect(none).toContain('Nothing changed.');
    expect(standing()).toEqual([]);
  });

  it('/log undo leaves another rep’s lines alone', async () => {
    await log('demo self-led');
    await log('30 calls', OTHER);
    expect(allText(await log('undo'))).toContain('Undone: *1 self-led demo* (−25 pts)');
    expect(rows().filter((r) => r.undoneAt === null)).toMatchObject([{ userId: OTHER, activityKey: 'call' }]);
  });

  it('/log history lists the week’s entries, newest first, each with its own Undo', async () => {
    await log('30 calls, 12 emails');
    await log('demo self-led monday');
    await log('10 calls last friday');
    const history = await log('history');
    const text = allText(history);
    expect(text).toContain('Your entries for 16–22 Nov 2026');
    expect(text).toContain('This week: *67 / 500 pts* (13%)');
    expect(text).not.toContain('10 calls');
    expect(historyButtons(history).map(([line]) => line)).toEqual([
      expect.stringContaining('*1 self-led demo* on Mon 16 Nov (+25 pts)'),
      expect.stringContaining('*30 calls* (+30 pts)'),
      expect.stringContaining('*12 emails* (+12 pts)'),
    ]);
  });

  it('an Undo in the history takes back exactly that entry, once, and says so the second time', async () => {
    await log('30 calls, 12 emails');
    await log('demo self-led');
    const history = await log('history');
    const emails = historyButtons(history).find(([line]) => line.includes('12 emails'))![1];
    const reply = await click('log_history_undo_button', emails);
    expect(reply.replace_original).toBe(true);
    const text = allText(reply);
    expect(text).toContain('Undone: *12 emails* (−12 pts)');
    expect(text).toContain('This week: *55 / 500 pts* (11%)');
    // The list is shown again, the entry marked undone and without its button.
    expect(historyButtons(reply).map(([line]) => line)).toEqual([
      expect.stringContaining('1 self-led demo'),
      expect.stringContaining('30 calls'),
    ]);
    expect(text).toMatch(/~.*12 emails.*~ undone/);
    expect(standing()).toEqual([
      ['call', 30, '2026-11-18'],
      ['demo_self', 1, '2026-11-18'],
    ]);
    const again = allText(await click('log_history_undo_button', emails));
    expect(again).toContain('That was already undone: *12 emails* (−12 pts). Nothing changed.');
    expect(weekTotal('2026-11-16')).toBe(55);
  });

  it('an Undo in the history does nothing to another rep’s entry', async () => {
    await log('30 calls');
    const [, value] = historyButtons(await log('history'))[0]!;
    const reply = allText(await click('log_history_undo_button', value, OTHER));
    expect(reply).toContain("There's nothing of yours to undo there. Nothing changed.");
    expect(standing()).toEqual([['call', 30, '2026-11-18']]);
  });

  it.each([
    ['history last week', 'Your entries for 9–15 Nov 2026'],
    ['history 2026-11-13', 'Your entries for 9–15 Nov 2026'],
    ['history nov 10', 'Your entries for 9–15 Nov 2026'],
  ])('/log %s lists the week it names', async (text, heading) => {
    await log('demo self-led');
    await log('10 calls last friday');
    const history = await log(text);
    expect(allText(history)).toContain(heading);
    expect(historyButtons(history).map(([line]) => line)).toEqual([expect.stringContaining('*10 calls* on Fri 13 Nov (+10 pts)')]);
  });

  it('answers a week it cannot read, a week to come and an empty week plainly', async () => {
    expect(allText(await log('history someday'))).toContain("I can't tell which week “someday” is.");
    expect(allText(await log('history 2026-12-01'))).toContain("That week hasn't started yet.");
    expect(allText(await log('history last week'))).toContain('You logged nothing for 9–15 Nov 2026.');
    expect(rows()).toEqual([]);
  });

  it('pages a week with more entries than one message holds, and says so', async () => {
    for (let i = 1; i <= 45; i++) await log(`${i} calls`);
    const first = await log('history');
    expect(first.blocks.length).toBeLessThanOrEqual(50);
    expect(allText(first)).toContain('Showing the newest 40 of 45 entries.');
    expect(historyButtons(first)).toHaveLength(40);
    expect(historyButtons(first)[0]![0]).toContain('*45 calls*');
    const older = (first.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'log_history_page_button');
    expect(older.text.text).toBe('Older entries');
    const second = await click('log_history_page_button', older.value);
    expect(allText(second)).toContain('Showing entries 41–45 of 45.');
    expect(historyButtons(second).map(([line]) => line.match(/\*(\d+) calls?\*/)![1])).toEqual(['5', '4', '3', '2', '1']);
    // Undoing an entry on the second page shows that page again.
    const afterUndo = await click('log_history_undo_button', historyButtons(second)[0]![1]);
    expect(allText(afterUndo)).toContain('Undone: *5 calls* (−5 pts)');
    expect(allText(afterUndo)).toContain('Showing entries 41–45 of 45.');
    expect(rows().filter((r) => r.undoneAt !== null)).toMatchObject([{ count: 5 }]);
  });
});
