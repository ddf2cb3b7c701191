import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, entries } from '../../src/db/schema.js';
import { runDigests } from '../../src/digest/job.js';
import { changeRoleGoals } from '../../src/scoring/programme.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText, isChartPost } from '../support/blocks.js';
import { homeTab } from '../support/home-tab.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';
const ANA = 'U0REP1';
const BO = 'U0REP2';
/** Long enough that two commands sent one after the other fall within it, short enough for a test. */
const DEBOUNCE_MS = 1500;

describe('the App Home dashboard, /points trend and the digest’s chart', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN, HOME_REFRESH_MS: String(DEBOUNCE_MS) } });
    t.slack.users.set(ADMIN, { tz: 'UTC', name: 'Ada Admin' });
    t.slack.users.set(MANAGER, { tz: 'UTC', name: 'Mia Manager' });
    t.slack.users.set(ANA, { tz: 'UTC', name: 'Ana Lima' });
    t.slack.users.set(BO, { tz: 'UTC', name: 'Bo Chen' });
    await t.command('/points-admin', `assign <@${ANA}> <@${BO}> to <@${MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', `start <@${ANA}> <@${BO}> 2026-09-28`, { user_id: ADMIN });
    await t.command('/log', '30 calls, demo self-led', { user_id: ANA });
    await t.command('/log', '200 calls', { user_id: BO });
  });
  afterEach(async () => t.close());

  const { open, publishes, published } = homeTab(() => t);
  const blocksOf = (view: any, type: string): any[] => view.blocks.filter((b: any) => b.type === type);
  const buttons = (view: any): any[] =>
    view.blocks.flatMap((b: any) => [
      ...(b.accessory?.type === 'button' ? [b.accessory] : []),
      ...(b.type === 'actions' ? b.elements : []),
    ]);

  it('shows a rep their week, pace, trend chart, latest entries with Undo, and the log and history buttons', async () => {
    await open(ANA);
    const view = await published(ANA);
    const text = allText(view);
    expect(text).toContain('*55 / 500 pts* (11%)');
    expect(text).toContain('445 pts to go');
    expect(text).toContain('*Latest entries*');
    expect(text).toContain('*1 self-led demo* (+25 pts)');
    expect(text).not.toContain('Your team');
    expect(text).not.toContain('Programme in force');
    const [image] = blocksOf(view, 'image');
    expect(image.slack_file).toEqual({ id: 'F1' });
    expect(image.alt_text).toContain('16 Nov 55 of 500 (this week)');
    expect(image.title.text).toBe('Points per week against the goal');
    const ids = t.db
      .select()
      .from(entries)
      .where(eq(entries.userId, ANA))
      .all()
      .map((e) => String(e.id));
    const undo = buttons(view).filter((b) => b.action_id === 'home_undo_button');
    expect(undo.map((b) => b.value).sort()).toEqual(ids.sort());
    expect(buttons(view).map((b) => b.text.text)).toEqual(expect.arrayContaining(['Log activity', 'See history']));
    // The chart went through Slack's upload flow, private to the bot.
    expect(t.slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(t.slack.callsTo('upload:F1')).toHaveLength(1);
    const [done] = t.slack.callsTo('files.completeUploadExternal');
    expect(done!.args.channel_id).toBeUndefined();
  });

  it('shows a manager the team’s week live, the team chart by name, and opens a rep’s week from their row', async () => {
    await open(MANAGER);
    const view = await published(MANAGER);
    const text = allText(view);
    expect(text).toContain('Your team · ');
    expect(text).toContain('*Team:* 255 pts');
    expect(text).not.toContain('Latest entries');
    const [image] = blocksOf(view, 'image');
    expect(image.alt_text).toContain('Behind: Ana Lima 55 of 500, Bo Chen 200 of 500.');
    const rows = buttons(view).filter((b) => b.action_id === 'home_rep_button');
    expect(rows.map((b) => b.value)).toEqual([ANA, BO]);
    expect(text).toContain(`<@${ANA}> · AE *55 / 500*`);

    await t.click({ actionId: 'home_rep_button', value: ANA, userId: MANAGER, viewId: 'VHOME', viewType: 'home' });
    const [modal] = await t.slack.waitFor((c) => c.some((x) => x.method === 'views.open')).then(() => t.slack.callsTo('views.open'));
    expect(blockKitProblems(modal!.args.view, 'view')).toEqual([]);
    expect(allText(modal!.args.view)).toContain(`<@${ANA}>'s week`);
    expect(allText(modal!.args.view)).toContain('*55 / 500 pts* (11%)');
    // A rep cannot open someone else's week that way.
    await t.click({ actionId: 'home_rep_button', value: BO, userId: ANA, viewId: 'VHOME', viewType: 'home' });
    await t.slack.waitFor(() => t.slack.callsTo('views.open').length >= 2);
    expect(allText(t.slack.callsTo('views.open')[1]!.args.view)).toContain('you can only see your own points');
  });

  it('shows an admin the programme and its next change, the roster’s problems and this week’s digests', async () => {
    t.slack.users.set('U0NEW', { tz: 'UTC' });
    await t.command('/points-admin', 'role <@U0NEW> AE', { user_id: ADMIN });
    changeRoleGoals(
      t.db,
      'AE',
      '2026-12-07',
      { ramp: [{ from: 3, to: 13, goal: 400 }], established: 'ramp' },
      { by: ADMIN, at: t.clock.now() },
    );
    await open(ADMIN);
    const text = allText(await published(ADMIN));
    expect(text).toContain('*Programme in force · week of 16 Nov*');
    expect(text).toContain('*AE* · weeks 1–2 no goal · weeks 3–13 *500 pts*');
    expect(text).toContain('next: goals change from the week of 7 Dec');
    expect(text).toContain('• No start date (judged as established): <@U0NEW>');
    expect(text).toContain('• No manager (in no digest): <@U0NEW>');
    expect(text).toContain('*Digests this week:* 0 of 1 sent · 1 not sent yet');
    expect(text).not.toContain('Latest entries');
  });

  it('publishes the Home without its chart when Slack refuses the image', async () => {
    const withImage = (args: Record<string, any>) => args.view.blocks.some((b: any) => b.type === 'image');
    t.slack.replyWhen('views.publish', withImage, { body: { ok: false, error: 'invalid_blocks' } });
    await open(ANA);
    const view = await published(ANA, 2);
    expect(blocksOf(view, 'image')).toEqual([]);
    expect(allText(view)).toContain('*55 / 500 pts* (11%)');
  });

  it('Undo beside an entry takes it back and shows the Home again at once', async () => {
    await open(ANA);
    const view = await published(ANA);
    const calls = t.db.select().from(entries).where(eq(entries.activityKey, 'call')).get()!;
    expect(buttons(view).some((b) => b.action_id === 'home_undo_button' && b.value === String(calls.id))).toBe(true);
    expect((await t.click({ actionId: 'home_undo_button', value: String(calls.id), viewId: 'VHOME', viewType: 'home' })).status).toBe(200);
    const after = allText(await published(ANA, 2));
    expect(after).toContain('Undone: *30 calls* (−30 pts)');
    expect(after).toContain('*25 / 500 pts* (5%)');
    expect(t.db.select().from(entries).where(eq(entries.id, calls.id)).get()!.undoneAt).not.toBeNull();
  });

  it('See history opens the week’s entries in a modal, whose Undo answers in the modal', async () => {
    await t.click({ actionId: 'home_history_button', value: 'this_week', viewId: 'VHOME', viewType: 'home' });
    await t.slack.waitFor((c) => c.some((x) => x.method === 'views.open'));
    const modal = t.slack.callsTo('views.open')[0]!.args.view;
    expect(blockKitProblems(modal, 'view')).toEqual([]);
    expect(allText(modal)).toContain('*Your entries for 16–22 Nov 2026* (this week)');
    const demo = t.db.select().from(entries).where(eq(entries.activityKey, 'demo_self')).get()!;
    await t.click({ actionId: 'log_history_undo_button', value: String(demo.id), viewId: 'VHIST' });
    await t.slack.waitFor((c) => c.some((x) => x.method === 'views.update' && x.args.view_id === 'VHIST'));
    const updated = t.slack.callsTo('views.update').find((x) => x.args.view_id === 'VHIST')!.args.view;
    expect(allText(updated)).toContain('Undone: *1 self-led demo* (−25 pts)');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('republishes the rep’s and their manager’s Homes once after two quick logs, not before the debounce', async () => {
    await open(ANA);
    await open(MANAGER);
    await published(ANA);
    await published(MANAGER);
    const loggedAt = Date.now();
    await t.command('/log', '10 emails', { user_id: ANA });
    await t.command('/log', 'meeting booked', { user_id: ANA });
    await t.slack.waitFor(() => publishes(ANA).length >= 2 && publishes(MANAGER).length >= 2, 15_000);
    await t.bot.home.idle();
    expect(publishes(ANA)).toHaveLength(2);
    expect(publishes(MANAGER)).toHaveLength(2);
    // Not a timing assertion on speed: the debounce held the publish back at least this long.
    expect(Date.now() - loggedAt).toBeGreaterThanOrEqual(DEBOUNCE_MS - 50);
    expect(allText(publishes(ANA)[1]!.args.view)).toContain('*75 / 500 pts* (15%)');
    expect(allText(publishes(MANAGER)[1]!.args.view)).toContain('*Team:* 275 pts');
    // Bo never opened his Home: nothing is published for him.
    await t.command('/log', '5 calls', { user_id: BO });
    await t.bot.home.idle();
    expect(publishes(BO)).toHaveLength(0);
  });

  it('republishes every open Home after an admin’s change, and none after an admin command that changed nothing', async () => {
    await open(ANA);
    await open(MANAGER);
    await published(ANA);
    await published(MANAGER);
    // A rep's admin command is refused, an admin's listing reads: nothing written, nothing republished.
    expect(allText((await t.command('/points-admin', 'team', { user_id: ANA })).json)).toContain('admin');
    expect((await t.command('/points-admin', 'team', { user_id: ADMIN })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 200));
    await t.bot.home.idle();
    expect(publishes(ANA)).toHaveLength(1);
    expect(publishes(MANAGER)).toHaveLength(1);
    // A change shows on every open Home.
    await t.command('/points-admin', `start <@${BO}> 2026-11-02`, { user_id: ADMIN });
    await t.slack.waitFor(() => publishes(ANA).length >= 2 && publishes(MANAGER).length >= 2, 15_000);
    await t.bot.home.idle();
    expect(publishes(ANA)).toHaveLength(2);
    expect(publishes(MANAGER)).toHaveLength(2);
  });

  it('fits a manager of 60 reps within a Home tab’s limits, a page of reps at a time', async () => {
    const reps = Array.from({ length: 58 }, (_, i) => `U0X${String(i).padStart(3, '0')}`);
    for (const r of reps) t.slack.users.set(r, { tz: 'UTC', name: `Rep ${r.slice(3)}` });
    await t.command('/points-admin', `assign ${reps.map((r) => `<@${r}>`).join(' ')} to <@${MANAGER}>`, { user_id: ADMIN });
    await open(MANAGER);
    const view = await published(MANAGER);
    expect(allText(view)).toContain('Reps 1–25 of 60, furthest behind first.');
    expect(buttons(view).filter((b) => b.action_id === 'home_rep_button')).toHaveLength(25);
    expect(blocksOf(view, 'image')[0].alt_text).toContain('Rep 057');
    await t.click({ actionId: 'home_reps_page_button', value: '2', userId: MANAGER, viewId: 'VHOME', viewType: 'home' });
    const last = await published(MANAGER, 2);
    expect(allText(last)).toContain('Reps 51–60 of 60');
    expect(buttons(last).filter((b) => b.action_id === 'home_rep_button')).toHaveLength(10);
  });

  it('/points trend answers at once in words and sends the chart, with the same numbers as alt text, to the DM', async () => {
    const answer = await t.answer('/points', 'trend', ANA);
    const text = allText(answer);
    expect(text).toContain('*Your last 8 weeks against the goal* · goal reached 0 of 6 judged weeks');
    expect(text).toContain('• *This week*: 55 / 500 pts');
    expect(text).toContain('• 9 Nov: 0 / 500 pts');
    await t.slack.waitFor((c) => c.some((x) => x.method === 'chat.postMessage' && x.args.channel === ANA), 15_000);
    expect(t.slack.callsTo('files.getUploadURLExternal')[0]!.args.filename).toBe(`trend-${ANA}-2026-11-16.png`);
    expect(t.slack.callsTo('upload:F1')).toHaveLength(1);
    expect(t.slack.callsTo('files.completeUploadExternal')[0]!.args.files).toEqual([
      { id: 'F1', title: 'Points per week against the goal' },
    ]);
    const dm = t.slack.callsTo('chat.postMessage').find((x) => x.args.channel === ANA)!;
    expect(blockKitProblems(dm.args, 'message')).toEqual([]);
    const [image] = dm.args.blocks;
    expect(image).toMatchObject({ type: 'image', slack_file: { id: 'F1' } });
    expect(image.alt_text).toContain('9 Nov 0 of 500');
    expect(image.alt_text).toContain('16 Nov 55 of 500 (this week)');
  });

  it('/points trend @rep follows /points’s permissions', async () => {
    expect(allText(await t.answer('/points', `trend <@${ANA}|ana>`, MANAGER))).toContain(`*<@${ANA}>'s last 8 weeks against the goal*`);
    expect(allText(await t.answer('/points', `trend <@${ANA}|ana>`, BO))).toContain('you can only see your own points');
    expect(allText(await t.answer('/points', 'trend last week', ANA))).toContain('`/points trend` shows your last 8 weeks');
    expect(allText(await t.answer('/points', 'help', ANA))).toContain('`/points trend` shows your last 8 weeks as a chart');
  });

  it('/points trend still answers when the upload fails, and says the picture could not be attached', async () => {
    t.slack.reply('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
    expect(allText(await t.answer('/points', 'trend', ANA))).toContain('• *This week*: 55 / 500 pts');
    await t.slack.waitFor((c) => c.some((x) => x.method === 'chat.postMessage' && x.args.channel === ANA), 15_000);
    const dm = t.slack.callsTo('chat.postMessage').find((x) => x.args.channel === ANA)!;
    expect(dm.args.text).toContain('the chart could not be attached');
    expect(t.logLines.some((l) => l.includes('missing_scope'))).toBe(true);
  });

  it('attaches the team chart after the digest, with the reps’ names in its alt text', async () => {
    const report = await runDigests(t.bot.digestDeps, { mode: 'now', repNotes: false });
    expect(report.sent.map((s) => s.recipientId)).toEqual([MANAGER]);
    const posts = t.slack.callsTo('chat.postMessage');
    const digest = posts.findIndex((c) => c.args.channel === MANAGER && !isChartPost(c));
    const chart = posts.findIndex((c) => c.args.channel === MANAGER && isChartPost(c));
    expect(digest).toBeGreaterThanOrEqual(0);
    expect(chart).toBeGreaterThan(digest);
    const [image] = posts[chart]!.args.blocks;
    expect(image.slack_file).toEqual({ id: 'F1' });
    expect(image.alt_text).toContain('0 of 2 judged reps at goal. Behind: Ana Lima 55 of 500, Bo Chen 200 of 500.');
    expect(t.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(t.db.select().from(deliveries).get()!.lastError).toBeNull();
  });

  it('delivers the digest when the chart’s upload fails, and shows the failure in digest status', async () => {
    t.slack.reply('files.completeUploadExternal', { body: { ok: false, error: 'file_not_found' } });
    const report = await runDigests(t.bot.digestDeps, { mode: 'now', repNotes: false });
    expect(report.sent.map((s) => s.recipientId)).toEqual([MANAGER]);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === MANAGER)).toHaveLength(1);
    const row = t.db.select().from(deliveries).get()!;
    expect(row.status).toBe('sent');
    expect(row.lastError).toBe('chart not attached: complete: file_not_found');
    expect(t.logLines.some((l) => l.includes('the team chart was not attached'))).toBe(true);
    const status = allText(await t.answer('/points-admin', 'digest status', ADMIN));
    expect(status).toContain(`<@${MANAGER}> · :white_check_mark: sent`);
    expect(status).toContain(':warning: chart not attached: complete: file_not_found');
  });
});
