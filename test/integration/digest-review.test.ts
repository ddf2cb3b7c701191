import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { digestCli } from '../../src/cli/digest.js';
import { runDigests } from '../../src/digest/job.js';
import { deliveries, digestSnapshots } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText, isChartPost } from '../support/blocks.js';
import { cliContext } from '../support/cli.js';
import type { RecordedCall } from '../support/slack-stand-in.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';

/** Posts that reached a user's DM (the stand-in's DM ids are D + the user id without its U). */
/** The digest's and notes' own posts to a user: the team chart follows a digest in a post of its own. */
const postsTo = (t: TestBot, userId: string): RecordedCall[] =>
  t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === userId && !isChartPost(c));

async function bot(now: string): Promise<TestBot> {
  const t = await startTestBot({ now, env: { ADMIN_USER_IDS: ADMIN } });
  t.slack.now = t.clock.now;
  t.slack.users.set(ADMIN, { tz: 'UTC' });
  t.slack.users.set(MANAGER, { tz: 'UTC', name: 'Maya Manager' });
  return t;
}

const tick = (t: TestBot, iso: string) => {
  t.clock.set(iso);
  return runDigests(t.bot.digestDeps, { mode: 'scheduled' });
};

const at = async (t: TestBot, iso: string, user: string, text: string) => {
  t.clock.set(iso);
  return allText((await t.command('/log', text, { user_id: user })).json);
};

const team = async (t: TestBot, user: string, text = 'team') => {
  const res = await t.command('/points', text, { user_id: user });
  expect(blockKitProblems(res.json, 'message')).toEqual([]);
  return allText(res.json);
};

describe('the digest covers the team it had at its due time', () => {
  let t: TestBot;
  afterEach(async () => t.close());

  it('sends nothing for a week the team did not exist at its due time, then the next real digest', async () => {
    // Sunday 22 Nov 2026: the reps are assigned after Friday's digest time.
    t = await bot('2026-11-22T10:00:00Z');
    for (const r of ['U0R1', 'U0R2']) t.slack.users.set(r, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@U0R1> <@U0R2> to <@${MANAGER}>`, { user_id: ADMIN });
    await tick(t, '2026-11-22T10:01:00Z');
    await tick(t, '2026-11-22T18:00:00Z');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(t.db.select().from(deliveries).all()).toEqual([]);

    await at(t, '2026-11-25T10:00:00Z', 'U0R1', '40 calls');
    await tick(t, '2026-11-27T15:00:00Z');
    expect(postsTo(t, MANAGER)).toHaveLength(1);
    expect(postsTo(t, 'U0R1')).toHaveLength(1);
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'digest')).all()).toMatchObject([
      { recipientId: MANAGER, weekStart: '2026-11-23', status: 'sent', reps: 2, sentAt: Date.parse('2026-11-27T15:00:00Z') },
    ]);
    t.clock.set('2026-11-27T16:00:00Z');
    const status = allText((await t.command('/points-admin', 'digest status', { user_id: ADMIN })).json);
    expect(status).toContain(`<@${MANAGER}> · :white_check_mark: sent Fri 27 Nov 15:00 · 2 reps`);
  });

  it('leaves out a rep who joined the team after the due time', async () => {
    t = await bot('2026-11-18T10:00:00Z');
    for (const r of ['U0R1', 'U0R2']) t.slack.users.set(r, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@U0R1> to <@${MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', 'digest rep-notes off', { user_id: ADMIN });
    t.clock.set('2026-11-21T10:00:00Z');
    await t.command('/points-admin', `assign <@U0R2> to <@${MANAGER}>`, { user_id: ADMIN });
    // The bot was down at Friday's due time and catches up on Saturday.
    await tick(t, '2026-11-21T10:01:00Z');
    const text = allText(postsTo(t, MANAGER)[0]!.args);
    expect(text).toContain('<@U0R1>');
    expect(text).not.toContain('<@U0R2>');
    expect(t.db.select().from(deliveries).all()).toMatchObject([{ recipientId: MANAGER, reps: 1 }]);
  });
});

describe('npm run digest', () => {
  let t: TestBot;
  let out: string[];
  afterEach(async () => t.close());

  const ctx = () => cliContext(t, out);

  it('--dry-run and --send resolve each manager’s week in the manager’s zone, and name both', async () => {
    // Sunday 22 Nov 23:00 UTC: Monday 23 Nov in Tokyo, still Sunday 22 Nov in Los Angeles.
    t = await bot('2026-11-22T23:00:00Z');
    t.slack.users.set('U0MGRTK', { tz: 'Asia/Tokyo', name: 'Taro Tanaka' });
    t.slack.users.set('U0MGRLA', { tz: 'America/Los_Angeles', name: 'Lena Alvarez' });
    for (const r of ['U0TK1', 'U0LA1']) t.slack.users.set(r, { tz: 'UTC' });
    await t.command('/points-admin', 'assign <@U0TK1> to <@U0MGRTK>', { user_id: ADMIN });
    await t.command('/points-admin', 'assign <@U0LA1> to <@U0MGRLA>', { user_id: ADMIN });
    out = [];
    expect(await digestCli(['--dry-run'], ctx())).toBe(0);
    const dry = out.join('\n');
    expect(dry).toContain('### To Taro Tanaka (@U0MGRTK, Asia/Tokyo) · week of 23–29 Nov 2026');
    expect(dry).toContain('### To Lena Alvarez (@U0MGRLA, America/Los_Angeles) · week of 16–22 Nov 2026');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
    out = [];
    expect(await digestCli(['--send', '--force'], ctx())).toBe(0);
    expect(out).toContain('sent digest to Taro Tanaka (U0MGRTK), week of 23–29 Nov 2026');
    expect(out).toContain('sent digest to Lena Alvarez (U0MGRLA), week of 16–22 Nov 2026');
    expect(
      t.db
        .select()
        .from(deliveries)
        .all()
        .map((d) => [d.recipientId, d.weekStart])
        .filter(([id]) => id!.startsWith('U0MGR'))
        .sort(),
    ).toEqual([
      ['U0MGRLA', '2026-11-16'],
      ['U0MGRTK', '2026-11-23'],
    ]);
  });
});

describe('the final numbers after a week closes', () => {
  let t: TestBot;
  let others: TestBot[] = [];
  afterEach(async () => {
    for (const o of others) await o.close();
    others = [];
    await t.close();
  });

  async function week(): Promise<void> {
    t = await bot('2026-11-23T09:00:00Z');
    for (const r of ['U0R1', 'U0R2']) t.slack.users.set(r, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@U0R1> <@U0R2> to <@${MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', 'digest rep-notes off', { user_id: ADMIN });
    await at(t, '2026-11-25T10:00:00Z', 'U0R1', '30 calls');
    await at(t, '2026-11-25T10:00:00Z', 'U0R2', '20 emails');
  }

  it('says “as of Fri 15:00”, then on Monday lists only what changed, who changed it and when', async () => {
    await week();
    await tick(t, '2026-11-27T15:00:00Z');
    expect(allText(postsTo(t, MANAGER)[0]!.args)).toContain('as of Fri 15:00');
    const [digest] = t.db.select().from(deliveries).all();
    expect(
      t.db
        .select()
        .from(digestSnapshots)
        .all()
        .map((s) => [s.repId, s.points])
        .sort(),
    ).toEqual([
      ['U0R1', 30],
      ['U0R2', 20],
    ]);
    expect(digest).toMatchObject({ asOf: Date.parse('2026-11-27T15:00:00Z') });

    await at(t, '2026-11-27T16:00:00Z', 'U0R1', 'closed won $14,000');
    // Monday 08:10: two demos backdated to Thursday.
    await at(t, '2026-11-30T08:10:00Z', 'U0R1', '2 demo self-led 2026-11-26');
    await tick(t, '2026-11-30T08:30:00Z');
    expect(postsTo(t, MANAGER)).toHaveLength(1);
    await tick(t, '2026-11-30T09:00:00Z');
    const posts = postsTo(t, MANAGER);
    expect(posts).toHaveLength(2);
    expect(blockKitProblems(posts[1]!.args, 'message')).toEqual([]);
    const text = allText(posts[1]!.args);
    expect(text).toContain('Final numbers for 23–29 Nov 2026');
    expect(text).toContain('<@U0R1> *105 pts* (was 30 in the digest, +75)');
    expect(text).toMatch(/1 closed-won deal.*\+25 pts · logged by <@U0R1> Fri 27 Nov 16:00 \(late\)/);
    expect(text).toMatch(/2 self-led demos for Thu 26 Nov · \+50 pts · logged by <@U0R1> Mon 30 Nov 08:10 \(backdated\)/);
    expect(text).not.toContain('<@U0R2>');
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'final')).all()).toMatchObject([
      { recipientId: MANAGER, weekStart: '2026-11-23', status: 'sent', reps: 1 },
    ]);

    // Once only, across a restart.
    await tick(t, '2026-11-30T10:00:00Z');
    await t.bot.stop();
    const again = await startTestBot({ now: '2026-11-30T11:00:00Z', dbPath: t.dbPath, scheduleDigests: true });
    others.push(again);
    again.slack.users.set(MANAGER, { tz: 'UTC' });
    await again.bot.digests!.tick();
    expect(again.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(postsTo(t, MANAGER)).toHaveLength(2);
  });

  it('sends nothing when no total changed, and nothing when turned off', async () => {
    await week();
    await tick(t, '2026-11-27T15:00:00Z');
    await tick(t, '2026-11-30T09:00:00Z');
    expect(postsTo(t, MANAGER)).toHaveLength(1);
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'final')).all()).toMatchObject([{ status: 'sent', reps: 0 }]);

    t.clock.set('2026-12-01T09:00:00Z');
    const off = allText((await t.command('/points-admin', 'digest final off', { user_id: ADMIN })).json);
    expect(off).toContain('final numbers');
    await at(t, '2026-12-02T10:00:00Z', 'U0R1', '10 calls');
    await tick(t, '2026-12-04T15:00:00Z');
    await at(t, '2026-12-04T16:00:00Z', 'U0R1', '10 calls');
    await tick(t, '2026-12-07T09:00:00Z');
    expect(postsTo(t, MANAGER)).toHaveLength(2);
    expect(
      t.db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.kind, 'final'), eq(deliveries.weekStart, '2026-11-30')))
        .all(),
    ).toEqual([]);
  });

  it('a failed follow-up is retried like a digest', async () => {
    await week();
    await tick(t, '2026-11-27T15:00:00Z');
    await at(t, '2026-11-27T16:00:00Z', 'U0R2', '5 emails');
    t.slack.reply('chat.postMessage', { status: 500, body: { ok: false } });
    const first = await tick(t, '2026-11-30T09:00:00Z');
    expect(first.retrying).toMatchObject([{ kind: 'final', recipientId: MANAGER }]);
    const second = await tick(t, '2026-11-30T09:01:01Z');
    expect(second.sent).toMatchObject([{ kind: 'final', recipientId: MANAGER }]);
    expect(allText(postsTo(t, MANAGER).at(-1)!.args)).toContain('<@U0R2> *25 pts* (was 20 in the digest, +5)');
  });
});

describe('what the team view compares and says', () => {
  let t: TestBot;
  afterEach(async () => t.close());

  it('compares mid-week with this time last week, and a finished week with the whole week', async () => {
    t = await bot('2026-11-16T09:00:00Z');
    t.slack.users.set('U0R1', { tz: 'UTC' });
    await t.command('/points-admin', `assign <@U0R1> to <@${MANAGER}>`, { user_id: ADMIN });
    await at(t, '2026-11-16T10:00:00Z', 'U0R1', '40 calls');
    await at(t, '2026-11-18T10:00:00Z', 'U0R1', '455 calls');
    await at(t, '2026-11-23T10:00:00Z', 'U0R1', '80 calls');
    t.clock.set('2026-11-23T12:00:00Z');
    const now = await team(t, MANAGER);
    expect(now).toContain('▲ +40 vs this time last week');
    expect(now).not.toContain('vs last week');
    const last = await team(t, MANAGER, 'team last week');
    expect(last).toContain('▲ +495 vs last week');
  });

  it('says how many were judged and why the others were not, with roles, flags and the programme’s categories', async () => {
    t = await bot('2026-11-16T09:00:00Z');
    for (const r of ['U0A', 'U0B', 'U0C']) t.slack.users.set(r, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@U0A> <@U0B> <@U0C> to <@${MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', 'role <@U0A> SDR', { user_id: ADMIN });
    await t.command('/points-admin', 'start <@U0B> 2026-11-16', { user_id: ADMIN });
    await t.command('/points-admin', 'start <@U0C> 2026-07-06', { user_id: ADMIN });
    // Demos are AE activities: an SDR's /log refuses them, so an AE logs them.
    await at(t, '2026-11-17T10:00:00Z', 'U0A', '100 calls');
    await at(t, '2026-11-17T10:00:00Z', 'U0B', '10 calls, demo booked, demo shadow');
    t.clock.set('2026-11-18T12:00:00Z');
    const open = await team(t, MANAGER);
    expect(open).toContain('Nobody reached the goal yet.');
    // U0A has no start date: judged as established, and flagged; U0C in week 20 by the established goal.
    expect(open).toContain('*0 of 2* judged reps at goal');
    expect(open).toMatch(/1 not judged: <@U0B> \(onboarding week 1\)\./);
    expect(open).toMatch(/<@U0A> · SDR \*100 \/ 300\*.*:warning: no start date: judged as established/);
    expect(open).toMatch(/<@U0B> · AE/);
    expect(open).toContain('1 demo booked');
    expect(open).toContain('1 shadowed demo');
    expect(open).toContain('0 meetings booked');
    expect(open).toContain('0 demos');
    t.clock.set('2026-11-25T12:00:00Z');
    const closed = await team(t, MANAGER, 'team last week');
    expect(closed).toContain('Nobody reached the goal.');
    expect(closed).not.toContain('Nobody reached the goal yet');
  });
});

describe('the pace plan', () => {
  let t: TestBot;
  afterEach(async () => t.close());

  it('plans only what a rep controls, from their own mix, in counts a person would plan', async () => {
    t = await bot('2026-11-09T09:00:00Z');
    t.slack.users.set('U0R1', { tz: 'UTC' });
    await t.command('/points-admin', `assign <@U0R1> to <@${MANAGER}>`, { user_id: ADMIN });
    // Last week: meetings booked, demos led and deals closed.
    await at(t, '2026-11-10T10:00:00Z', 'U0R1', '10 meeting booked, 4 demo self-led, closed won $5,000');
    await at(t, '2026-11-16T09:00:00Z', 'U0R1', '390 emails');
    // Monday: 110 pts to go over 5 days is 22 a day, 2.2 meetings booked.
    t.clock.set('2026-11-16T10:00:00Z');
    const text = allText((await t.command('/points', '', { user_id: 'U0R1' })).json);
    expect(text).toContain('*22 pts a day*: about 2 meetings booked a day');
    expect(text).not.toContain('closed-won');
    expect(text).not.toContain('self-led demo');
  });
});
