import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { slackEscaped } from '../support/payloads.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REP1';

describe('the /log form', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-18T10:00:00Z' });
    t.slack.users.set(REP, { tz: 'America/New_York' });
  });
  afterEach(async () => t.close());
  const rows = () => t.db.select().from(entries).all();

  it('opens with every activity, its points, and today in the rep’s zone', async () => {
    const res = await t.command('/log', '', { trigger_id: 'trig-42' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [open] = t.slack.callsTo('views.open');
    expect(open!.args.trigger_id).toBe('trig-42');
    expect(open!.authorization).toBe('Bearer xoxb-test-token');
    const view = open!.args.view;
    expect(view.callback_id).toBe('log_activity_modal');
    expect(blockKitProblems(view, 'view')).toEqual([]);
    const options = view.blocks[0].element.options.map((o: any) => o.text.text);
    expect(options).toHaveLength(12);
    expect(options).toContain('Demo, self-led · 25 pts');
    expect(options).toContain('Outbound call · 1 pt');
    // 10:00 UTC is 05:00 in New York: still the 18th.
    expect(view.blocks[2].element.initial_date).toBe('2026-11-18');
  });

  it('tells the rep when the form cannot open', async () => {
    t.slack.reply('views.open', { body: { ok: false, error: 'expired_trigger_id' } });
    const res = await t.command('/log', '');
    expect(res.json.text).toContain("the form didn't open");
    expect(rows()).toEqual([]);
  });

  it('saves a submission and turns the form into the confirmation', async () => {
    const res = await t.submitLogForm({ activity: 'closed_won', count: '1', day: '2026-11-17', amount: '12500', note: 'Acme renewal' });
    expect(res.status).toBe(200);
    expect(res.json.response_action).toBe('update');
    expect(blockKitProblems(res.json.view, 'view')).toEqual([]);
    const text = allText(res.json.view);
    expect(text).toContain('Logged *1 closed-won deal* worth $12,500 on Tue 17 Nov (+25 pts)');
    expect(text).toContain('Note: Acme renewal');
    expect(text).toContain('This week: *25 / 500 pts* (5%)');
    expect(rows()).toMatchObject([
      { userId: REP, activityKey: 'closed_won', amountCents: 1_250_000, day: '2026-11-17', note: 'Acme renewal', source: 'modal' },
    ]);
  });

  it('stores a note with the same text as the command would, and shows it escaped once and unformatted', async () => {
    const typed = '<!channel> Tom & Jerry *bold* _it_';
    const res = await t.submitLogForm({ activity: 'demo_self', note: typed });
    expect(rows()).toMatchObject([{ activityKey: 'demo_self', note: typed, source: 'modal' }]);
    const z = '\u200B';
    const text = allText(res.json.view);
    expect(text).toContain(`Note: &lt;!channel&gt; Tom &amp; Jerry ${z}*${z}bold${z}*${z} ${z}_${z}it${z}_${z}`);
    expect(text).not.toMatch(/&amp;(?:amp|lt|gt);/);
  });

  it('records a submission delivered twice only once', async () => {
    await t.submitLogForm({ viewId: 'VSAME', activity: 'demo_self' });
    const again = await t.submitLogForm({ viewId: 'VSAME', activity: 'demo_self' });
    expect(allText(again.json.view)).toContain('This week: *25 / 500 pts*');
    expect(rows()).toHaveLength(1);
  });

  it.each([
    [{ count: '0' }, 'log_count_block', 'A count of zero logs nothing.'],
    [{ amount: '300' }, 'log_amount_block', 'Only a closed-won deal takes an amount; leave this empty for demo self-led.'],
    [{ day: '2026-11-20' }, 'log_day_block', "Fri 20 Nov hasn't happened yet. Log activities once they're done."],
    [{ activity: null }, 'log_activity_block', 'Choose an activity from the list.'],
  ])('shows %j as an error beside the field and saves nothing', async (change, blockId, message) => {
    const res = await t.submitLogForm({ activity: 'demo_self', ...change });
    expect(res.json).toEqual({ response_action: 'errors', errors: { [blockId]: message } });
    expect(rows()).toEqual([]);
  });

  it('undoes from the confirmation in the form', async () => {
    const saved = await t.submitLogForm({ viewId: 'VF1', activity: 'demo_self' });
    const batchId = saved.json.view.blocks.at(-1).elements[0].value;
    await t.click({ actionId: 'log_undo_button', value: batchId, viewId: 'VF1' });
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'views.update'));
    const update = calls.find((c) => c.method === 'views.update')!;
    expect(update.args.view_id).toBe('VF1');
    expect(allText(update.args.view)).toContain('Undone: *1 self-led demo* (−25 pts)');
    expect(rows()[0]!.undoneAt).not.toBeNull();
  });
});

describe('/points', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Monday 16 Nov 2026, 12:00 in London.
    t = await startTestBot({ now: '2026-11-16T12:00:00Z' });
    t.slack.users.set(REP, { tz: 'Europe/London' });
  });
  afterEach(async () => t.close());

  const points = async (text = '') => {
    const res = await t.command('/points', text);
    expect(res.status).toBe(200);
    expect(res.json.response_type).toBe('ephemeral');
    expect(blockKitProblems(res.json, 'message')).toEqual([]);
    return allText(res.json);
  };

  it('shows the week against the goal, the breakdown and a plan from the rep’s own mix', async () => {
    // Last week (logged on Monday for the Friday before): 8 self-led demos and 100 calls.
    await t.command('/log', '8 demos self-led, 100 calls friday');
    // This week so far.
    await t.command('/log', '40 calls, 2 demo self-led');
    const text = await points();
    expect(text).toContain('Your week · 16–22 Nov 2026');
    expect(text).toContain('*90 / 500 pts* (18%)  ▰▰▱▱▱▱▱▱▱▱');
    expect(text).toContain('• 2 self-led demos · *50 pts*');
    expect(text).toContain('• 40 calls · *40 pts*');
    // 410 to go over 5 working days = 82 a day; of last week's mix only the calls are the rep's to plan (a led demo is an outcome).
    expect(text).toContain(
      "410 pts to go, 5 working days left. That's *82 pts a day*: about 80 calls a day (from your mix of the last 4 weeks).",
    );
  });

  it('/points last week shows the week before', async () => {
    await t.command('/log', '8 demos self-led, 100 calls friday');
    await t.command('/log', '40 calls');
    const text = await points('last week');
    expect(text).toContain('Your week of 9–15 Nov 2026');
    expect(text).toContain('*300 / 500 pts* (60%)');
    expect(text).toContain('• 8 self-led demos · *200 pts*');
    expect(text).toContain('Finished 200 pts short of the goal.');
    expect(text).not.toContain('40 calls');
  });

  it('leaves undone entries out', async () => {
    await t.command('/log', 'demo self-led');
    await t.command('/log', 'undo');
    expect(await points()).toContain('Nothing logged yet this week.');
  });

  it('says how to ask for anything it does not understand', async () => {
    const unknown = await points('yesterday-ish');
    expect(unknown).toContain("I can't show “yesterday-ish”.");
    // Slack sends `<`, `>` and `&` escaped; the answer escapes them once.
    expect(await points(slackEscaped('<b> & co'))).toContain("I can't show “&lt;b&gt; &amp; co”.");
    expect(unknown).toContain('`/points` shows this week, `/points last week` the week before');
  });

  it('answers /points help with the help, and a week still to come with why it cannot show it', async () => {
    const help = await points('help');
    expect(help).toMatch(/^`\/points` shows this week/);
    expect(help).not.toContain("can't show");
    const future = await points('2026-11-25');
    expect(future).toMatch(/^The week of 23–29 Nov 2026 hasn't started yet\. `\/points` shows this week/);
  });

  it('shows an earlier week named by its date or by how long ago it was, and refuses a date that does not exist', async () => {
    await t.command('/log', '8 demos self-led, 100 calls friday');
    for (const asked of ['nov 13', '13th November', '1 week ago', 'a week ago']) {
      const text = await points(asked);
      expect(text).toContain('Your week of 9–15 Nov 2026');
      expect(text).toContain('*300 / 500 pts* (60%)');
    }
    expect(await points('2 weeks ago')).toContain('Your week of 2–8 Nov 2026');
    const bad = await points('nov 31');
    expect(bad).toMatch(/^“nov 31” isn't a real date\. `\/points` shows this week/);
  });
});
