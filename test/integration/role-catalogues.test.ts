import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { runDigests } from '../../src/digest/job.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR1';
const ANA = 'U0ANA';
const SAM = 'U0SAM';
const APPLY = 'admin_catalogue_apply_button';
const CANCEL = 'admin_catalogue_cancel_button';

/** Each role has its own catalogue, changed from a week on, previewed before it is applied. */
describe('catalogues per role', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026, the week of 16 Nov.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [ADMIN, MANAGER, ANA, SAM]) t.slack.users.set(id, { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  const answer = async (command: string, text: string, user: string) => {
    const res = await t.command(command, text, { user_id: user });
    expect(res.status).toBe(200);
    expect(blockKitProblems(res.json, 'message')).toEqual([]);
    return res.json as { text?: string; blocks?: Array<Record<string, any>> };
  };
  const say = async (command: string, text: string, user: string) => allText(await answer(command, text, user));
  const admin = (text: string) => say('/points-admin', text, ADMIN);

  /** The value of a button in a message, by its action id. */
  const buttonValue = (message: { blocks?: Array<Record<string, any>> }, actionId: string): string => {
    for (const block of message.blocks ?? []) {
      for (const element of block.elements ?? []) if (element.action_id === actionId) return element.value as string;
    }
    throw new Error(`no ${actionId} button in ${JSON.stringify(message)}`);
  };

  /** Clicks a button of a preview as `user` and returns what the message then reads. */
  let clicks = 0;
  const click = async (message: { blocks?: Array<Record<string, any>> }, actionId: string, user = ADMIN) => {
    const id = `c${++clicks}`;
    const res = await t.click({ actionId, value: buttonValue(message, actionId), userId: user, responseUrl: t.slack.responseUrl(id) });
    expect(res.status).toBe(200);
    await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
    return allText(t.slack.callsTo(`response:${id}`)[0]!.args);
  };

  const stored = (user: string, key: string) =>
    t.db
      .select()
      .from(entries)
      .where(and(eq(entries.userId, user), eq(entries.activityKey, key)))
      .all()
      .map((e) => [e.weekStart, e.count, e.points]);

  async function team() {
    await admin(`assign <@${ANA}> <@${SAM}> to <@${MANAGER}>`);
    await admin(`role <@${SAM}> SDR`);
  }

  it('an SDR’s qualified meeting scores by the SDR table; an AE’s is refused with the reason and nothing is saved', async () => {
    await team();
    expect(await say('/log', 'qualified meeting', SAM)).toContain('15');
    expect(stored(SAM, 'qualified_meeting')).toEqual([['2026-11-16', 1, 15]]);

    const refused = await say('/log', 'qualified meeting', ANA);
    expect(refused).toContain('qualified meeting is an SDR activity; your role is AE');
    expect(stored(ANA, 'qualified_meeting')).toEqual([]);

    // The shared activities score by each role's own points.
    expect(await say('/log', '30 calls', SAM)).toContain('30');
    expect(await say('/log', 'demo self-led', SAM)).toContain('is an AE activity; your role is SDR');
  });

  it('the /log form offers the rep’s own role’s activities', async () => {
    await team();
    await t.command('/log', '', { user_id: SAM, trigger_id: 'trigger.form.sdr' });
    const opened = await t.slack.waitFor((c) => c.some((x) => x.method === 'views.open'));
    const view = JSON.stringify(opened.find((x) => x.method === 'views.open')!.args);
    expect(view).toContain('qualified_meeting');
    expect(view).not.toContain('demo_self');
  });

  it('a points change from next week leaves this week’s totals and judgements alone and applies next week', async () => {
    await team();
    await admin(`start <@${ANA}> 2026-10-26`);
    await say('/log', '20 demo self-led', ANA);
    const before = await say('/points', 'team', MANAGER);
    expect(before).toContain(`<@${ANA}> · AE *500 / 500*`);

    const preview = await answer('/points-admin', 'points AE "demo self-led" 20 from 2026-11-25', ADMIN);
    const text = allText(preview);
    expect(text).toContain('from the week of 23 Nov');
    expect(text).toContain('This week 1 entry would have scored 400 pts instead of 500 pts');
    expect(text).toContain('nothing already logged changes');
    expect(await click(preview, APPLY)).toContain('Applied');

    // This week: the same total, the same judgement, and a new demo still earns 25.
    expect(await say('/log', 'demo self-led', ANA)).toContain('25');
    expect(await say('/points', 'team', MANAGER)).toContain(`<@${ANA}> · AE *525 / 500*`);

    t.clock.set('2026-11-25T15:00:00Z');
    expect(await say('/log', 'demo self-led', ANA)).toContain('20 pts');
    expect(stored(ANA, 'demo_self')).toEqual([
      ['2026-11-16', 20, 500],
      ['2026-11-16', 1, 25],
      ['2026-11-23', 1, 20],
    ]);
    expect(await say('/points', 'last week', ANA)).toContain('*525 / 500 pts*');
  });

  it('a manager reads an SDR’s week by the SDR catalogue: its activities named, its points planned', async () => {
    await team();
    await admin(`start <@${SAM}> 2026-10-26`);
    expect(await click(await answer('/points-admin', 'points SDR calls 2', ADMIN), APPLY)).toContain('Applied');
    expect(await say('/log', '20 calls', SAM)).toContain('40 pts');
    expect(await say('/log', '2 qualified meetings', SAM)).toContain('30 pts');

    // The rep's own view and the manager's plan the same calls at the SDR's 2 points.
    const own = await say('/points', '', SAM);
    const managers = await say('/points', `<@${SAM}>`, MANAGER);
    const plan = (text: string) => /That's (.*) \(from/.exec(text)?.[1];
    expect(plan(own)).toBe('*77 pts a day*: about 40 calls a day');
    expect(plan(managers)).toBe(plan(own));
    expect(managers).toContain('2 qualified meetings');

    // The team view names the SDR-only activity, in the rep's line and in the team's summary.
    const teamView = await say('/points', 'team', MANAGER);
    expect(teamView).toContain('2 qualified meetings');
    expect(teamView).not.toContain('qualified_meeting');
    await runDigests(t.bot.digestDeps, { mode: 'now', managerId: MANAGER });
    const digest = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === MANAGER);
    expect(allText(digest!.args)).toContain('2 qualified meetings');
  });

  it('nothing is saved until Apply; Apply is for admins, and twice applies once; Cancel changes nothing', async () => {
    await team();
    await say('/log', '2 demo self-led', ANA);
    const preview = await answer('/points-admin', 'points AE "demo self-led" 30', ADMIN);
    expect(allText(preview)).toContain('This week 1 entry would have scored 60 pts instead of 50 pts');
    expect(allText(preview)).toContain('Last week no entries');
    expect(await say('/log', 'demo self-led', ANA)).toContain('25');

    expect(await click(preview, APPLY, ANA)).toContain('is for the bot’s admins');
    expect(await say('/log', 'demo self-led', ANA)).toContain('25');

    expect(await click(preview, CANCEL)).toContain('Cancelled');
    expect(await click(preview, APPLY)).toContain('Applied');
    expect(await click(preview, APPLY)).toContain('already applied');
    expect(await say('/log', 'demo self-led', ANA)).toContain('30');
    expect(stored(ANA, 'demo_self').map((e) => e[2])).toEqual([50, 25, 25, 30]);
  });

  it('adds, renames, aliases and retires activities per role', async () => {
    await team();
    const add = await answer('/points-admin', 'activity add SDR "referral" 8 aliases ref,intro', ADMIN);
    expect(allText(add)).toContain('*referral* (8 pts) to the SDR catalogue');
    expect(await click(add, APPLY)).toContain('Applied');
    expect(await say('/log', 'intro', SAM)).toContain('8');
    expect(await say('/log', 'referral', ANA)).toContain('referral is an SDR activity; your role is AE');

    const rename = await answer('/points-admin', 'activity rename AE "demo self-led" "solo demo led"', ADMIN);
    await click(rename, APPLY);
    const aliases = await answer('/points-admin', 'activity aliases AE "solo demo led" showcase', ADMIN);
    await click(aliases, APPLY);
    expect(await say('/log', 'showcase', ANA)).toContain('+25 pts');
    expect(await say('/log', 'demo self-led', ANA)).toContain('+25 pts');
    expect(stored(ANA, 'demo_self')).toHaveLength(2);
    expect(await admin('catalogue AE')).toContain('*solo demo led* 25 pts · also');

    const retire = await answer('/points-admin', 'activity retire AE "demo shadow"', ADMIN);
    expect(allText(retire)).toContain('Retire *demo shadow*');
    await click(retire, APPLY);
    expect(await say('/log', 'demo shadow', ANA)).not.toContain('Logged');
    expect(stored(ANA, 'demo_shadow')).toEqual([]);

    expect(await admin('catalogue SDR')).toContain('referral');
  });

  /** The buttons of a message by their words. */
  const buttonsOf = (message: { blocks?: Array<Record<string, any>> }) =>
    (message.blocks ?? []).flatMap((b) => [b.accessory, ...(b.elements ?? [])]).filter((e: any) => e?.type === 'button');
  /** Clicks the button `label` (its words, or its action id) as `user` and returns the reply that replaces the message. */
  const press = async (message: { blocks?: Array<Record<string, any>> }, label: string, user: string) => {
    const button = buttonsOf(message).find((e: any) => e.text.text === label || e.action_id === label);
    expect(button, `a button "${label}" in ${JSON.stringify(message)}`).toBeDefined();
    const id = `p${++clicks}`;
    const res = await t.click({ actionId: button.action_id, value: button.value, userId: user, responseUrl: t.slack.responseUrl(id) });
    expect(res.status).toBe(200);
    await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
    return t.slack.callsTo(`response:${id}`)[0]!.args as { text?: string; blocks?: Array<Record<string, any>> };
  };

  it('a line, a "Log this", an answer and the form for last week earn last week’s points after a change from this week', async () => {
    await team();
    const preview = await answer('/points-admin', 'points AE "closed won" 40', ADMIN);
    expect(await click(preview, APPLY)).toContain('Applied');

    expect(await say('/log', 'closed won $5k 2026-11-13', ANA)).toContain('(+25 pts)');
    const asked = await answer('/log', 'closed won 3 2026-11-12', ANA);
    expect(allText(await press(asked, '3 deals', ANA))).toContain('(+75 pts)');
    const corrected = await answer('/log', 'closd won $1k 2026-11-11', ANA);
    expect(allText(await press(corrected, 'log_suggestion_button', ANA))).toContain('(+25 pts)');
    const form = await t.submitLogForm({ userId: ANA, activity: 'closed_won', day: '2026-11-15', amount: '500' });
    expect(allText(form.json.view)).toContain('(+25 pts)');
    // This week's deals earn this week's points.
    expect(await say('/log', 'closed won $2k', ANA)).toContain('(+40 pts)');
    expect(stored(ANA, 'closed_won')).toEqual([
      ['2026-11-09', 1, 25],
      ['2026-11-09', 3, 75],
      ['2026-11-09', 1, 25],
      ['2026-11-09', 1, 25],
      ['2026-11-16', 1, 40],
    ]);
  });

  it('suggests, asks and logs by the rep’s own catalogue, and "Log this" refuses another role’s activity too', async () => {
    await team();
    await admin(`role <@${ANA}> AM`);
    const corrected = await answer('/log', 'qualifed meeting', SAM);
    expect(allText(corrected)).toContain('qualified meeting');
    expect(allText(await press(corrected, 'log_suggestion_button', SAM))).toContain('(+15 pts)');
    expect(stored(SAM, 'qualified_meeting')).toEqual([['2026-11-16', 1, 15]]);

    const asked = await answer('/log', 'renewal closed 2', ANA);
    expect(allText(await press(asked, '2 deals', ANA))).toContain('(+40 pts)');
    expect(stored(ANA, 'renewal_closed')).toEqual([['2026-11-16', 2, 40]]);

    const refused = await press(
      {
        blocks: [
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                text: { type: 'plain_text', text: 'Log this' },
                action_id: 'log_suggestion_button',
                value: 'qualified meeting',
              },
            ],
          },
        ],
      },
      'Log this',
      ANA,
    );
    expect(allText(refused)).toContain('qualified meeting is an SDR activity; your role is AM');
    expect(stored(ANA, 'qualified_meeting')).toEqual([]);
  });

  it('refuses what it cannot do, saying why, and changes nothing', async () => {
    expect(await admin('points AE "juggling" 30')).toContain('AE has no activity “juggling”');
    expect(await admin('points AE "demo self-led" 30 from 2026-11-02')).toContain('is over');
    expect(await admin('points AE "demo self-led" lots')).toContain('/points-admin points AE "demo self-led" 30');
    expect(await admin('activity add SDR "qualified meeting" 15')).toContain('already');
    expect(await say('/log', 'demo self-led', ANA)).toContain('25');
  });
});
