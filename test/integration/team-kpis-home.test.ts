import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { homeTab } from '../support/home-tab.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';
const ANA = 'U0ANA';
const BO = 'U0BO';
const CY = 'U0CY';

/**
 * The fixture, by hand (all in UTC; "now" is Thursday 19 Nov 2026, every rep established: goal 500):
 *
 * | rep | when | logged |
 * | --- | --- | --- |
 * | Ana | Tue 3 Nov | 100 calls, 1 meeting booked |
 * | Bo | Tue 10 Nov | 50 calls, 2 DM convos |
 * | Ana | Mon 16 Nov, four lines an hour apart | 400 calls, 10 DM convos, 5 meetings booked, 1 self-led discovery, 1 self-led demo (550 pts) |
 * | Cy | Mon 16 Nov, one line | 200 calls (a burst) |
 * | Bo | Wed 18 Nov | 60 calls |
 *
 * This week the team: 660 calls → 10 conversations (1.5 %) → 5 meetings booked (50 %) → 1 discovery
 * (20 %) → 1 demo (100 %) → 0 closed-won (0 %); 5 meetings per 660 calls = 7.6 per 1,000.
 * Ana is at goal (no reason). Bo is behind: nothing Mon–Tue. Cy is behind: 200 calls, no meeting,
 * against the team's 5 / 660 = 0.8 %, and the 200 calls came in one minute (a flag).
 * The conversion chain's 4 weeks (26 Oct, 2 Nov, 9 Nov, 16 Nov): calls 0, 100, 50, 660;
 * conversations 0, 0, 2, 10; meetings 0, 1, 0, 5; discovery 0, 0, 0, 1; demos 0, 0, 0, 1; won 0, 0, 0, 0.
 */
describe('the team’s KPIs on the manager’s Home and the conversion chart after /points team kpis', () => {
  let t: TestBot;
  const at = async (iso: string, user: string, line: string) => {
    t.clock.set(iso);
    expect(allText((await t.command('/log', line, { user_id: user })).json)).toContain('Logged');
  };

  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-03T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const [id, name] of [
      [ADMIN, 'Ada Admin'],
      [MANAGER, 'Mia Manager'],
      [ANA, 'Ana Lima'],
      [BO, 'Bo Chen'],
      [CY, 'Cy Diaz'],
    ] as const)
      t.slack.users.set(id, { tz: 'UTC', name });
    await t.command('/points-admin', `assign <@${ANA}> <@${BO}> <@${CY}> to <@${MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', `start <@${ANA}> <@${BO}> <@${CY}> 2026-06-01`, { user_id: ADMIN });
    await at('2026-11-03T12:00:00Z', ANA, '100 calls, meeting booked');
    await at('2026-11-10T12:00:00Z', BO, '50 calls, 2 dm convo');
    await at('2026-11-16T09:00:00Z', ANA, '150 calls, 10 dm convo');
    await at('2026-11-16T10:00:00Z', ANA, '150 calls, 5 meetings booked');
    await at('2026-11-16T11:00:00Z', ANA, '100 calls, discovery self-led');
    await at('2026-11-16T12:00:00Z', ANA, 'demo self-led');
    await at('2026-11-16T13:00:00Z', CY, '200 calls');
    await at('2026-11-18T12:00:00Z', BO, '60 calls');
    t.clock.set('2026-11-19T15:00:00Z');
  });
  afterEach(async () => t.close());

  const CHAIN_ALT =
    'Conversion chain, last 4 weeks, counts per week (26 Oct, 2 Nov, 9 Nov, 16 Nov): Calls: 0, 100, 50, 660. ' +
    'Conversations: 0, 0, 2, 10. Meetings booked: 0, 1, 0, 5. Discovery calls: 0, 0, 0, 1. Demos: 0, 0, 0, 1. Closed-won deals: 0, 0, 0, 0.';

  const { open, published } = homeTab(() => t);
  /** A rep's row on the Home: the section whose button opens their week. */
  const row = (view: any, repId: string): string =>
    view.blocks.find((b: any) => b.accessory?.action_id === 'home_rep_button' && b.accessory.value === repId).text.text;
  const images = (view: any): any[] => view.blocks.filter((b: any) => b.type === 'image');
  const dmTo = (userId: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === userId);

  it('shows the manager the team’s KPI line, why each rep behind is behind, their flags, and the conversion chart', async () => {
    await open(MANAGER);
    const view = await published(MANAGER);
    const text = allText(view);
    expect(text).toContain(
      '*KPIs:* 660 calls → 10 conversations (1.5 %) → 5 meetings booked (50 %) → 1 discovery calls (20 %) → 1 demos (100 %) → 0 closed-won deals (0 %) · meetings booked per 1,000 calls: *7.6* (benchmark about 32)',
    );
    expect(row(view, BO)).toContain('↳ logged nothing Mon–Tue');
    expect(row(view, CY)).toContain('↳ no meetings booked from 200 calls: conversion 0 % vs team 0.8 %');
    expect(row(view, CY)).toContain(':triangular_flag_on_post: 200 activities logged within one minute');
    expect(row(view, ANA)).toContain(`<@${ANA}> · AE *550 / 500*`);
    expect(row(view, ANA)).not.toContain('↳');
    expect(row(view, ANA)).not.toContain(':triangular_flag_on_post:');
    // Below the team chart: the conversion chain of the last 4 weeks, its numbers in the alt text.
    const [team, chain] = images(view);
    expect(team.title.text).toContain('points against the goal');
    expect(chain.title.text).toBe('Conversion chain, last 4 weeks');
    expect(chain.alt_text).toBe(CHAIN_ALT);
    expect(t.slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename)).toContain(`chain-${MANAGER}-2026-11-16.png`);
    expect(t.slack.callsTo('files.completeUploadExternal')).toHaveLength(2);
  });

  it('republishes the manager’s Home without either chart when Slack refuses the images, the KPI line kept', async () => {
    t.slack.replyWhen('views.publish', (args) => args.view.blocks.some((b: any) => b.type === 'image'), {
      body: { ok: false, error: 'invalid_blocks' },
    });
    await open(MANAGER);
    const view = await published(MANAGER, 2);
    expect(images(view)).toEqual([]);
    expect(allText(view)).toContain('*KPIs:* 660 calls');
    expect(row(view, BO)).toContain('↳ logged nothing Mon–Tue');
  });

  it('/points team kpis answers in words at once, then the conversion chart follows in the viewer’s DM', async () => {
    const answer = allText(await t.answer('/points', 'team kpis', MANAGER));
    expect(answer).toContain('*Team KPIs · 16–22 Nov 2026 · 3 reps*');
    expect(answer).toContain('Calls *660*');
    expect(answer).toContain('The conversion chart of the last 4 weeks is on its way to your DM with me.');
    await t.slack.waitFor(() => dmTo(MANAGER).length >= 1, 15_000);
    expect(t.slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual([`chain-${MANAGER}-2026-11-16.png`]);
    expect(t.slack.callsTo('upload:F1')).toHaveLength(1);
    expect(t.slack.callsTo('files.completeUploadExternal')[0]!.args.files).toEqual([{ id: 'F1', title: 'Conversion chain, last 4 weeks' }]);
    const [dm] = dmTo(MANAGER);
    expect(blockKitProblems(dm!.args, 'message')).toEqual([]);
    const [image] = dm!.args.blocks;
    expect(image).toMatchObject({ type: 'image', slack_file: { id: 'F1' } });
    expect(image.alt_text).toBe(CHAIN_ALT);
  });

  it('/points team @manager kpis sends that team’s chart to the admin who asked', async () => {
    expect(allText(await t.answer('/points', `team <@${MANAGER}> kpis`, ADMIN))).toContain(`*<@${MANAGER}>'s team KPIs`);
    await t.slack.waitFor(() => dmTo(ADMIN).length >= 1, 15_000);
    const [dm] = dmTo(ADMIN);
    expect(dm!.args.text).toContain(MANAGER);
    expect(dm!.args.blocks[0].alt_text).toBe(CHAIN_ALT);
    expect(dmTo(MANAGER)).toEqual([]);
  });

  it('/points team kpis still answers when the upload fails, and the DM says the chart is missing', async () => {
    t.slack.reply('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
    expect(allText(await t.answer('/points', 'team kpis', MANAGER))).toContain('Calls *660*');
    await t.slack.waitFor(() => dmTo(MANAGER).length >= 1, 15_000);
    const [dm] = dmTo(MANAGER);
    expect(dm!.args.text).toContain('the chart could not be attached');
    expect(dm!.args.text).toContain('`/points team kpis`');
    expect(blockKitProblems(dm!.args, 'message')).toEqual([]);
    expect(t.logLines.some((l) => l.includes('missing_scope'))).toBe(true);
  });
});
