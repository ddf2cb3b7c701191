import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roleActivities, settingsByWeek } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { ids } from '../../src/views/ids.js';
import { allText } from '../support/blocks.js';
import type { ViewInputState } from '../support/payloads.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR1';
const ANA = 'U0ANA';
const SAM = 'U0SAM';
const OTHER = 'U0OTHER';

type Message = { text?: string; blocks?: Array<Record<string, any>> };
type Fields = Partial<
  Record<'activity' | 'name' | 'points' | 'aliases' | 'group' | 'from' | 'rampFrom' | 'rampTo' | 'rampGoal' | 'established', string>
> & {
  retire?: boolean;
};

const plain = (value: string | undefined): ViewInputState => ({ type: 'plain_text_input', value: value ?? null });
const number = (value: string | undefined): ViewInputState => ({ type: 'number_input', value: value ?? null });
const option = (value: string) => ({ value, text: { type: 'plain_text' as const, text: value } });

/** The state Slack sends for each modal, from the fields an admin filled in (the rest left empty). */
const VALUES: Record<string, (f: Fields) => Record<string, Record<string, ViewInputState>>> = {
  [ids.editActivityModal]: (f) => ({
    [ids.editActivityBlock]: {
      [ids.editActivitySelect]: { type: 'static_select', selected_option: f.activity ? option(f.activity) : null },
    },
    [ids.activityNameBlock]: { [ids.activityNameInput]: plain(f.name) },
    [ids.activityPointsBlock]: { [ids.activityPointsInput]: number(f.points) },
    [ids.activityAliasesBlock]: { [ids.activityAliasesInput]: plain(f.aliases) },
    [ids.activityRetireBlock]: {
      [ids.activityRetireCheckbox]: { type: 'checkboxes', selected_options: f.retire ? [option('retire')] : [] },
    },
    [ids.changeFromBlock]: { [ids.changeFromPicker]: { type: 'datepicker', selected_date: f.from ?? '2026-11-16' } },
  }),
  [ids.addActivityModal]: (f) => ({
    [ids.activityNameBlock]: { [ids.activityNameInput]: plain(f.name) },
    [ids.activityPointsBlock]: { [ids.activityPointsInput]: number(f.points) },
    [ids.activityAliasesBlock]: { [ids.activityAliasesInput]: plain(f.aliases) },
    [ids.activityGroupBlock]: { [ids.activityGroupSelect]: { type: 'static_select', selected_option: f.group ? option(f.group) : null } },
    [ids.changeFromBlock]: { [ids.changeFromPicker]: { type: 'datepicker', selected_date: f.from ?? '2026-11-16' } },
  }),
  [ids.goalsModal]: (f) => ({
    [ids.rampFromBlock]: { [ids.rampFromInput]: number(f.rampFrom) },
    [ids.rampToBlock]: { [ids.rampToInput]: number(f.rampTo) },
    [ids.rampGoalBlock]: { [ids.rampGoalInput]: plain(f.rampGoal) },
    [ids.establishedBlock]: { [ids.establishedInput]: plain(f.established) },
    [ids.changeFromBlock]: { [ids.changeFromPicker]: { type: 'datepicker', selected_date: f.from ?? '2026-11-16' } },
  }),
};

/** The programme view's editing modals: opened from its buttons, checked like the typed commands, previewed before Apply. */
describe('editing a role’s programme in a modal', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026, the week of 16 Nov.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, SAM, OTHER]) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  const answer = async (command: string, text: string, user: string): Promise<Message> => {
    const res = await t.command(command, text, { user_id: user });
    expect(res.status).toBe(200);
    expect(blockKitProblems(res.json, 'message')).toEqual([]);
    return res.json as Message;
  };
  const say = async (command: string, text: string, user: string) => allText(await answer(command, text, user));
  const admin = (text: string) => say('/points-admin', text, ADMIN);

  const buttonValue = (message: Message, actionId: string): string => {
    for (const block of message.blocks ?? []) {
      for (const element of block.elements ?? []) if (element.action_id === actionId) return element.value as string;
    }
    throw new Error(`no ${actionId} button in ${JSON.stringify(message)}`);
  };

  let seq = 0;
  /** Clicks an editing button of `/points-admin programme ROLE` and returns the modal opened, if any. */
  async function open(role: string, actionId: string, user = ADMIN) {
    const programme = await answer('/points-admin', `programme ${role}`, ADMIN);
    const trigger = `trigger.open.${++seq}`;
    const res = await t.click({
      actionId,
      value: buttonValue(programme, actionId),
      userId: user,
      triggerId: trigger,
      responseUrl: t.slack.responseUrl(`open${seq}`),
    });
    expect(res.status).toBe(200);
    if (user !== ADMIN) {
      await t.slack.waitFor((c) => c.some((x) => x.method === `response:open${seq}`));
      return { refusal: allText(t.slack.callsTo(`response:open${seq}`)[0]!.args) };
    }
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'views.open' && x.args.trigger_id === trigger));
    const view = calls.find((x) => x.method === 'views.open' && x.args.trigger_id === trigger)!.args.view as Record<string, any>;
    expect(blockKitProblems(view, 'view')).toEqual([]);
    return { view };
  }

  /** Submits a modal as `user`: the HTTP answer, and the previews it sent to the user's DM. */
  async function submit(callbackId: string, role: string, fields: Fields, user = ADMIN) {
    const sent = t.slack.callsTo('chat.postMessage').length;
    const res = await t.submitView({
      callbackId,
      userId: user,
      privateMetadata: JSON.stringify({ role }),
      values: VALUES[callbackId]!(fields),
    });
    expect(res.status).toBe(200);
    const previews = t.slack
      .callsTo('chat.postMessage')
      .slice(sent)
      .map((c) => c.args as Message & { channel: string });
    for (const p of previews) expect(blockKitProblems(p, 'message')).toEqual([]);
    return { json: res.json as { response_action?: string; errors?: Record<string, string>; view?: Record<string, any> }, previews };
  }

  let clicks = 0;
  async function apply(preview: Message, actionId: string) {
    const id = `apply${++clicks}`;
    await t.click({ actionId, value: buttonValue(preview, actionId), userId: ADMIN, responseUrl: t.slack.responseUrl(id) });
    await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
    return allText(t.slack.callsTo(`response:${id}`)[0]!.args);
  }

  /** What a change could write: catalogue rows and dated settings. */
  const saved = () => ({
    catalogue: t.db.select().from(roleActivities).all().length,
    settings: t.db.select().from(settingsByWeek).all().length,
  });

  async function team() {
    await admin(`assign <@${ANA}> <@${SAM}> to <@${MANAGER}>`);
    await admin(`start <@${ANA}> <@${SAM}> 2026-10-26`);
    await admin(`role <@${SAM}> SDR`);
  }

  it('the programme view of one role has the editing buttons; each opens its modal with the role’s activities or goals', async () => {
    const programme = allText(await answer('/points-admin', 'programme SDR', ADMIN));
    expect(programme).toContain('Qualified meeting handed to an AE · 15 pts');
    expect(programme).not.toContain('Demo, self-led');

    const edit = (await open('SDR', ids.editActivityButton)).view!;
    expect(edit.callback_id).toBe(ids.editActivityModal);
    expect(JSON.parse(edit.private_metadata as string)).toEqual({ role: 'SDR' });
    const options = JSON.stringify(edit.blocks);
    expect(options).toContain('"value":"qualified_meeting"');
    expect(options).toContain('Qualified meeting handed to an AE · 15 pts');
    expect(options).not.toContain('demo_self');
    expect(options).toContain('"initial_date":"2026-11-16"');

    const add = (await open('SDR', ids.addActivityButton)).view!;
    expect(add.callback_id).toBe(ids.addActivityModal);
    expect(allText(add)).toContain('SDR catalogue');
    expect(JSON.stringify(add.blocks)).toContain('{"text":{"type":"plain_text","text":"meetings booked"},"value":"meeting"}');

    const goals = (await open('SDR', ids.editGoalsButton)).view!;
    expect(goals.callback_id).toBe(ids.goalsModal);
    expect(allText(goals)).toContain('weeks 1–2 no goal · weeks 3–13 *300 pts* · after week 13 *300 pts*');
  });

  it('an edit from a later week is previewed in a DM, applied by Apply, and changes only that week on', async () => {
    await team();
    await say('/log', '2 demo self-led', ANA);
    const before = saved();
    const { json, previews } = await submit(ids.editActivityModal, 'AE', { activity: 'demo_self', points: '30', from: '2026-11-25' });
    expect(json.response_action).toBe('update');
    expect(allText(json.view!)).toContain('preview is in your direct messages');
    expect(previews).toHaveLength(1);
    expect(previews[0]!.channel).toBe(ADMIN);
    const preview = allText(previews[0]!);
    expect(preview).toContain('*demo self-led* 25 pts → 30 pts in the AE catalogue, from the week of 23 Nov.');
    expect(preview).toContain('This week 1 entry would have scored 60 pts instead of 50 pts');
    expect(saved()).toEqual(before);

    expect(await apply(previews[0]!, ids.catalogueApplyButton)).toContain('Applied');
    expect(await say('/log', 'demo self-led', ANA)).toContain('25 pts');
    t.clock.set('2026-11-25T15:00:00Z');
    expect(await say('/log', 'demo self-led', ANA)).toContain('30 pts');
    expect(await say('/points', 'last week', ANA)).toContain('*75 /');
  });

  it('a rename and new aliases in one submit are two previews, each applied on its own', async () => {
    await team();
    const { previews } = await submit(ids.editActivityModal, 'SDR', {
      activity: 'qualified_meeting',
      name: 'qualified lead',
      aliases: 'ql, q lead',
    });
    expect(previews.map((p) => allText(p))).toEqual([
      expect.stringContaining('Rename *qualified meeting* to *qualified lead* in the SDR catalogue'),
      expect.stringContaining('*qualified meeting* in the SDR catalogue also read as ql, q lead'),
    ]);
    for (const p of previews) expect(await apply(p, ids.catalogueApplyButton)).toContain('Applied');
    expect(await say('/log', 'ql', SAM)).toContain('15');
    expect(await admin('programme SDR')).toContain('Qualified lead · 15 pts');
  });

  it('retiring an activity and adding one are previewed and applied like the typed commands', async () => {
    await team();
    const retired = await submit(ids.editActivityModal, 'SDR', { activity: 'meeting_booked', retire: true });
    expect(allText(retired.previews[0]!)).toContain('Retire *meeting booked* from the SDR catalogue');
    await apply(retired.previews[0]!, ids.catalogueApplyButton);
    expect(await say('/log', 'meeting booked', SAM)).not.toContain('10 pts');

    const added = await submit(ids.addActivityModal, 'SDR', { name: 'Referral', points: '12', aliases: 'ref, intro' });
    expect(allText(added.previews[0]!)).toContain('Add *referral* (12 pts) to the SDR catalogue, also read as ref, intro, from this week.');
    await apply(added.previews[0]!, ids.catalogueApplyButton);
    expect(await say('/log', 'ref', SAM)).toContain('12 pts');
    expect(await say('/log', 'referral', ANA)).toContain('is an SDR activity; your role is AE');
  });

  it('a new activity counted in a team summary line, from the modal and typed alike', async () => {
    await team();
    const added = await submit(ids.addActivityModal, 'SDR', { name: 'referral', points: '12', group: 'meeting' });
    const preview = allText(added.previews[0]!);
    expect(preview).toContain('Add *referral* (12 pts) to the SDR catalogue, counted in the team summary’s meeting line, from this week.');
    const typed = allText(await answer('/points-admin', 'activity add SDR "referral" 12 group meeting', ADMIN));
    expect(typed).toContain('Add *referral* (12 pts) to the SDR catalogue, counted in the team summary’s meeting line, from this week.');
    await apply(added.previews[0]!, ids.catalogueApplyButton);
    expect(await say('/log', '2 referral', SAM)).toContain('24 pts');
    const rows = t.db.select().from(roleActivities).where(eq(roleActivities.activityKey, 'referral')).all();
    expect(rows.map((r) => [r.role, r.weekStart, r.points, r.summaryGroup, r.changedBy])).toEqual([
      ['SDR', '2026-11-16', 12, 'meeting', ADMIN],
    ]);

    expect(await admin('activity add SDR "webinar" 5 group webinars')).toContain('The team summary has no line “webinars”.');
  });

  it('new goals from next week are previewed with whom they judge differently, and judge next week only', async () => {
    await team();
    await say('/log', '25 meetings booked', SAM);
    const before = saved();
    const { json, previews } = await submit(ids.goalsModal, 'SDR', {
      rampFrom: '3',
      rampTo: '8',
      rampGoal: '200',
      established: '400',
      from: '2026-11-23',
    });
    expect(json.response_action).toBe('update');
    const preview = allText(previews[0]!);
    expect(preview).toContain('Preview: SDR goals from the week of 23 Nov on.');
    expect(preview).toContain('New: weeks 1–2 no goal · weeks 3–8 *200 pts* · weeks 9–13 *300 pts* · after week 13 *400 pts*');
    expect(preview).toContain(`<@${SAM}> would reach the goal (250 of 200 pts, was 300 pts)`);
    expect(saved()).toEqual(before);

    expect(await apply(previews[0]!, ids.goalApplyButton)).toContain('SDR goals from the week of 23 Nov');
    expect(await say('/points', 'team', MANAGER)).toContain('*250 / 300*');
    t.clock.set('2026-11-25T15:00:00Z');
    await say('/log', '25 meetings booked', SAM);
    expect(await say('/points', 'team', MANAGER)).toContain('*250 / 200*');
  });

  it.each<[string, string, Fields, string, string]>([
    ['unknown activity', ids.editActivityModal, { activity: 'no_such_thing', points: '30' }, ids.editActivityBlock, 'AE has no activity'],
    ['no activity picked', ids.editActivityModal, { points: '30' }, ids.editActivityBlock, 'Pick the activity'],
    [
      'points too many',
      ids.editActivityModal,
      { activity: 'demo_self', points: '2000' },
      ids.activityPointsBlock,
      'whole number from 0 to 1,000',
    ],
    [
      'points not whole',
      ids.editActivityModal,
      { activity: 'demo_self', points: '12.5' },
      ids.activityPointsBlock,
      'whole number from 0 to 1,000',
    ],
    ['points unchanged', ids.editActivityModal, { activity: 'demo_self', points: '25' }, ids.activityPointsBlock, 'already earns 25 pts'],
    [
      'name of another activity',
      ids.editActivityModal,
      { activity: 'demo_self', name: 'calls' },
      ids.activityNameBlock,
      'already names *calls*',
    ],
    [
      'alias of another activity',
      ids.editActivityModal,
      { activity: 'demo_self', aliases: 'solo, dials' },
      ids.activityAliasesBlock,
      '“dials” already names *calls*',
    ],
    [
      'too many aliases',
      ids.editActivityModal,
      { activity: 'demo_self', aliases: Array.from({ length: 21 }, (_, i) => `a${i}`).join(',') },
      ids.activityAliasesBlock,
      'at most 20 aliases',
    ],
    ['nothing to change', ids.editActivityModal, { activity: 'demo_self' }, ids.activityNameBlock, 'Change at least one thing'],
    [
      'retire with a points change',
      ids.editActivityModal,
      { activity: 'demo_self', points: '30', retire: true },
      ids.activityRetireBlock,
      'Retire it on its own',
    ],
    [
      'a past week',
      ids.editActivityModal,
      { activity: 'demo_self', points: '30', from: '2026-11-02' },
      ids.changeFromBlock,
      'The week of 2 Nov is over',
    ],
    [
      'no real date',
      ids.editActivityModal,
      { activity: 'demo_self', points: '30', from: '2026-02-30' },
      ids.changeFromBlock,
      "2026-02-30 isn't a real date",
    ],
    [
      'new name taken',
      ids.addActivityModal,
      { name: 'demo self-led', points: '10' },
      ids.activityNameBlock,
      'already names *demo self-led*',
    ],
    ['new name too long', ids.addActivityModal, { name: 'x'.repeat(61), points: '10' }, ids.activityNameBlock, 'at most 60 characters'],
    [
      'new summary line unknown',
      ids.addActivityModal,
      { name: 'referral', points: '5', group: 'webinar' },
      ids.activityGroupBlock,
      'The team summary has no line “webinar”',
    ],
    ['new points missing', ids.addActivityModal, { name: 'referral' }, ids.activityPointsBlock, 'whole number from 0 to 1,000'],
    [
      'new alias taken',
      ids.addActivityModal,
      { name: 'referral', points: '5', aliases: 'intro, dials' },
      ids.activityAliasesBlock,
      '“dials” already names *calls*',
    ],
    [
      'ramp weeks out of range',
      ids.goalsModal,
      { rampFrom: '0', rampTo: '200', rampGoal: '300' },
      ids.rampFromBlock,
      'Onboarding weeks run from 1 to 104',
    ],
    [
      'ramp weeks backwards',
      ids.goalsModal,
      { rampFrom: '9', rampTo: '3', rampGoal: '300' },
      ids.rampToBlock,
      'the first no later than the last',
    ],
    [
      'ramp goal not a number',
      ids.goalsModal,
      { rampFrom: '3', rampTo: '13', rampGoal: 'lots' },
      ids.rampGoalBlock,
      'A goal is a whole number of points',
    ],
    ['ramp without its goal', ids.goalsModal, { rampFrom: '3', rampTo: '13' }, ids.rampGoalBlock, 'Give the goal for those weeks'],
    [
      'established not a goal',
      ids.goalsModal,
      { established: 'many' },
      ids.establishedBlock,
      'The established goal is points, `none` or `ramp`',
    ],
    ['no goal given', ids.goalsModal, {}, ids.rampGoalBlock, 'Set a ramp step, the established goal, or both'],
    ['goals for a past week', ids.goalsModal, { established: '400', from: '2026-11-09' }, ids.changeFromBlock, 'The week of 9 Nov is over'],
  ])('%s: the field says why, and nothing is saved or previewed', async (_, callbackId, fields, block, message) => {
    const before = saved();
    const { json, previews } = await submit(callbackId, 'AE', fields);
    expect(json.response_action).toBe('errors');
    expect(json.errors?.[block]).toContain(message);
    expect(previews).toEqual([]);
    expect(saved()).toEqual(before);
  });

  it('refuses a non-admin who clicks a button or submits a modal, and changes nothing', async () => {
    const { refusal } = await open('AE', ids.editActivityButton, OTHER);
    expect(refusal).toContain('is for the bot’s admins');
    expect(t.slack.callsTo('views.open')).toEqual([]);

    const before = saved();
    const { json, previews } = await submit(ids.editActivityModal, 'AE', { activity: 'demo_self', points: '30' }, OTHER);
    expect(json.response_action).toBe('update');
    expect(allText(json.view!)).toContain('is for the bot’s admins');
    expect(previews).toEqual([]);
    expect(saved()).toEqual(before);
  });
});
