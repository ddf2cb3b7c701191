import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/job.js';
import { deliveries } from '../../src/db/schema.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { allText, isChartPost } from '../support/blocks.js';
import type { RecordedCall } from '../support/slack-stand-in.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const NY_MANAGER = 'U0MGRNY';
const TOKYO_MANAGER = 'U0MGRTK';

/** Posts that reached a user's DM with a success answer (posted to the user's id, which names their DM). */
/** The digest's and notes' own posts to a user: the team chart follows a digest in a post of its own. */
const postsTo = (t: TestBot, userId: string): RecordedCall[] =>
  t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === userId && !isChartPost(c));

describe('the Friday digest', () => {
  let t: TestBot;
  let others: TestBot[] = [];

  beforeEach(async () => {
    // Wednesday 18 Nov 2026.
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.users.set(ADMIN, { tz: 'UTC' });
    t.slack.users.set(NY_MANAGER, { tz: 'America/New_York' });
    t.slack.users.set(TOKYO_MANAGER, { tz: 'Asia/Tokyo' });
    for (const rep of ['U0NY1', 'U0NY2', 'U0TK1']) t.slack.users.set(rep, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@U0NY1> <@U0NY2> to <@${NY_MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', `assign <@U0TK1> to <@${TOKYO_MANAGER}>`, { user_id: ADMIN });
    await t.command('/points-admin', 'digest rep-notes off', { user_id: ADMIN });
    await t.command('/log', '30 calls, 2 demo self-led', { user_id: 'U0NY1' });
    await t.command('/log', '400 calls, 5 demo self-led', { user_id: 'U0NY2' });
    await t.command('/log', 'closed won $12,500, 20 emails', { user_id: 'U0TK1' });
  });
  afterEach(async () => {
    for (const o of others) await o.close();
    others = [];
    await t.close();
  });

  const tick = (iso: string, opts: Partial<Parameters<typeof runDigests>[1]> = {}) => {
    t.clock.set(iso);
    return runDigests(t.bot.digestDeps, { mode: 'scheduled', ...opts });
  };

  it('reaches each manager at 15:00 on Friday in their own time zone, once', async () => {
    // Friday 20 Nov: 15:00 in Tokyo is 06:00 UTC; 15:00 in New York is 20:00 UTC.
    await tick('2026-11-20T05:59:00Z');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
    await tick('2026-11-20T06:00:00Z');
    expect(postsTo(t, TOKYO_MANAGER)).toHaveLength(1);
    expect(postsTo(t, NY_MANAGER)).toHaveLength(0);
    await tick('2026-11-20T19:59:00Z');
    expect(postsTo(t, NY_MANAGER)).toHaveLength(0);
    await tick('2026-11-20T20:00:00Z');
    await tick('2026-11-20T20:05:00Z');
    expect(postsTo(t, NY_MANAGER)).toHaveLength(1);
    expect(postsTo(t, TOKYO_MANAGER)).toHaveLength(1);
    const ny = postsTo(t, NY_MANAGER)[0]!.args;
    expect(blockKitProblems(ny, 'message')).toEqual([]);
    const text = allText(ny);
    expect(ny.text).toBe('Weekly points · 16–22 Nov 2026: 1 of 2 reps at goal, 1 behind. 605 pts in all.');
    expect(text).toContain('Furthest behind the goal first.');
    expect(text.indexOf('<@U0NY1>')).toBeLessThan(text.indexOf('<@U0NY2> · AE *525'));
    expect(text).toContain(':red_circle: <@U0NY1> · AE *80 / 500* (16%)');
    expect(text).toContain(':white_check_mark: <@U0NY2> · AE *525 / 500* (105%)');
    expect(text).toContain('At goal: <@U0NY2>.');
    expect(text).toContain('430 calls');
    expect(text).toContain('7 demos');
    const tokyo = allText(postsTo(t, TOKYO_MANAGER)[0]!.args);
    expect(tokyo).toContain('1 closed-won deal worth $12,500');
    expect(
      t.db
        .select()
        .from(deliveries)
        .all()
        .map((d) => [d.recipientId, d.status, d.weekStart]),
    ).toEqual([
      [TOKYO_MANAGER, 'sent', '2026-11-16'],
      [NY_MANAGER, 'sent', '2026-11-16'],
    ]);
  });

  it('sends a digest missed while the bot was down once it is back, exactly once across restarts', async () => {
    await t.bot.stop();
    // Back on Saturday, long after both managers' 15:00.
    const restarted = await startTestBot({ now: '2026-11-21T09:00:00Z', dbPath: t.dbPath, scheduleDigests: true });
    others.push(restarted);
    restarted.slack.users.set(NY_MANAGER, { tz: 'America/New_York' });
    restarted.slack.users.set(TOKYO_MANAGER, { tz: 'Asia/Tokyo' });
    await restarted.bot.digests!.tick();
    expect(postsTo(restarted, NY_MANAGER)).toHaveLength(1);
    expect(postsTo(restarted, TOKYO_MANAGER)).toHaveLength(1);
    await restarted.bot.stop();
    const again = await startTestBot({ now: '2026-11-21T09:30:00Z', dbPath: t.dbPath, scheduleDigests: true });
    others.push(again);
    await again.bot.digests!.tick();
    expect(again.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('does not send last week’s missed digest into the next week', async () => {
    await tick('2026-11-23T10:00:00Z');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('sends nothing new from a second process on the same database', async () => {
    const second = await startTestBot({ now: '2026-11-20T21:00:00Z', dbPath: t.dbPath });
    others.push(second);
    t.clock.set('2026-11-20T21:00:00Z');
    await Promise.all([runDigests(t.bot.digestDeps, { mode: 'scheduled' }), runDigests(second.bot.digestDeps, { mode: 'scheduled' })]);
    const total = postsTo(t, NY_MANAGER).length + postsTo(second, NY_MANAGER).length;
    expect(total).toBe(1);
    expect(postsTo(t, TOKYO_MANAGER).length + postsTo(second, TOKYO_MANAGER).length).toBe(1);
  });

  it('a second --send sends nothing new unless forced', async () => {
    t.clock.set('2026-11-18T12:00:00Z');
    const first = await runDigests(t.bot.digestDeps, { mode: 'now' });
    expect(first.sent.map((s) => s.recipientId).sort()).toEqual([NY_MANAGER, TOKYO_MANAGER]);
    const second = await runDigests(t.bot.digestDeps, { mode: 'now' });
    expect(second.sent).toEqual([]);
    expect(second.skipped).toBe(2);
    const forced = await runDigests(t.bot.digestDeps, { mode: 'now', force: true, managerId: NY_MANAGER });
    expect(forced.sent.map((s) => s.recipientId)).toEqual([NY_MANAGER]);
    expect(postsTo(t, NY_MANAGER)).toHaveLength(2);
    expect(postsTo(t, TOKYO_MANAGER)).toHaveLength(1);
  });

  it('a 429 is waited out within the run: the digest goes once, after the Retry-After, in one try', async () => {
    t.slack.reply('chat.postMessage', { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } });
    const first = await tick('2026-11-20T06:00:00Z');
    expect(first.sent.map((s) => s.recipientId)).toEqual([TOKYO_MANAGER]);
    expect(first.retrying).toEqual([]);
    expect(first.rateLimited).toBe(1);
    await tick('2026-11-20T06:05:00Z');
    // Two attempts reached the stand-in; only the second was accepted.
    expect(postsTo(t, TOKYO_MANAGER)).toHaveLength(2);
    expect(t.slack.messagesIn('D0MGRTK').filter((m) => m.metadata)).toHaveLength(1);
    expect(t.db.select().from(deliveries).all()).toMatchObject([{ recipientId: TOKYO_MANAGER, status: 'sent', attempts: 1 }]);
  });

  it('a 429 that keeps coming leaves the digest for a later run, after its Retry-After', async () => {
    const limited = { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } };
    t.slack.reply('chat.postMessage', limited, limited, limited, limited, limited);
    const first = await tick('2026-11-20T06:00:00Z');
    expect(first.retrying).toMatchObject([{ recipientId: TOKYO_MANAGER, error: 'rate limited (Retry-After 30 s)' }]);
    expect((await tick('2026-11-20T06:00:20Z')).sent).toEqual([]);
    expect((await tick('2026-11-20T06:00:31Z')).sent.map((s) => s.recipientId)).toEqual([TOKYO_MANAGER]);
    expect(t.slack.messagesIn('D0MGRTK').filter((m) => m.metadata)).toHaveLength(1);
  });

  it('retries a 500 with backoff', async () => {
    t.slack.reply('chat.postMessage', { status: 500, body: { ok: false } });
    expect((await tick('2026-11-20T06:00:00Z')).retrying).toMatchObject([
      { recipientId: TOKYO_MANAGER, error: expect.stringMatching(/500|HTTP/) },
    ]);
    expect((await tick('2026-11-20T06:00:30Z')).sent).toEqual([]);
    expect((await tick('2026-11-20T06:01:01Z')).sent.map((s) => s.recipientId)).toEqual([TOKYO_MANAGER]);
  });

  it('retries a dropped connection with backoff', async () => {
    // The connection drops before Slack takes the message.
    t.slack.reply('chat.postMessage', { status: 502, drop: true });
    expect((await tick('2026-11-20T06:00:00Z')).retrying).toMatchObject([{ recipientId: TOKYO_MANAGER }]);
    expect(t.slack.messagesIn('D0MGRTK').filter((m) => m.metadata)).toHaveLength(0);
    expect((await tick('2026-11-20T06:01:01Z')).sent.map((s) => s.recipientId)).toEqual([TOKYO_MANAGER]);
    expect(t.slack.messagesIn('D0MGRTK').filter((m) => m.metadata)).toHaveLength(1);
  });

  it('a permanently failing manager is recorded with the reason, shown to admins, and does not stop the others', async () => {
    t.slack.replyWhen('chat.postMessage', (args) => args.channel === NY_MANAGER, { body: { ok: false, error: 'user_disabled' } });
    const report = await tick('2026-11-20T21:00:00Z');
    expect(report.failed).toEqual([{ kind: 'digest', recipientId: NY_MANAGER, error: 'user_disabled' }]);
    expect(postsTo(t, TOKYO_MANAGER)).toHaveLength(1);
    await tick('2026-11-20T23:00:00Z');
    expect(postsTo(t, NY_MANAGER)).toHaveLength(1);
    // Posts name the user: no conversations.open per recipient.
    expect(t.slack.callsTo('conversations.open')).toEqual([]);
    t.clock.set('2026-11-20T23:00:00Z');
    const status = allText((await t.command('/points-admin', 'digest status', { user_id: ADMIN })).json);
    expect(status).toContain(`<@${NY_MANAGER}> · :x: failed: \`user_disabled\``);
    expect(status).toContain(`<@${TOKYO_MANAGER}> · :white_check_mark: sent`);
  });

  it('follows a changed schedule', async () => {
    await t.command('/points-admin', 'digest thursday 09:00', { user_id: ADMIN });
    // Thursday 19 Nov, 09:00 in Tokyo is 00:00 UTC.
    await tick('2026-11-19T00:00:00Z');
    expect(postsTo(t, TOKYO_MANAGER)).toHaveLength(1);
    expect(postsTo(t, NY_MANAGER)).toHaveLength(0);
  });

  it('sends reps their own Friday note when it is on', async () => {
    await t.command('/points-admin', 'digest rep-notes on', { user_id: ADMIN });
    await tick('2026-11-20T15:00:00Z');
    const note = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'U0NY2');
    expect(note!.args.text).toBe('Your week: 525 / 500 pts. :tada: Goal reached!');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0NY1')).toHaveLength(1);
  });
});

describe('a 60-rep team', () => {
  let t: TestBot;
  afterEach(async () => t.close());

  it('stays within Block Kit limits and lists every rep', async () => {
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { ADMIN_USER_IDS: 'U0ADMIN' } });
    t.slack.users.set('U0ADMIN', { tz: 'UTC' });
    t.slack.users.set('U0BIGMGR', { tz: 'UTC' });
    const reps = Array.from({ length: 60 }, (_, i) => `U0R${String(i).padStart(3, '0')}`);
    for (const r of reps) t.slack.users.set(r, { tz: 'UTC' });
    for (let i = 0; i < reps.length; i += 20) {
      const res = await t.command(
        '/points-admin',
        `assign ${reps
          .slice(i, i + 20)
          .map((r) => `<@${r}>`)
          .join(' ')} to <@U0BIGMGR>`,
        { user_id: 'U0ADMIN' },
      );
      expect(allText(res.json)).toContain('now report to');
    }
    for (const [i, r] of reps.entries())
      await t.command('/log', `${i + 1} calls, ${i % 7} demo self-led, ${i % 3} dm convo`, { user_id: r });
    await runDigests(t.bot.digestDeps, { mode: 'now', repNotes: false });
    const posts = t.slack.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) expect(blockKitProblems(p.args, 'message')).toEqual([]);
    const text = posts.map((p) => allText(p.args)).join('\n');
    for (const r of reps) expect(text).toContain(`<@${r}>`);
    const team = await t.command('/points', 'team', { user_id: 'U0BIGMGR', response_url: t.slack.responseUrl('team') });
    expect(blockKitProblems(team.json, 'message')).toEqual([]);
    await t.slack.waitFor((calls) => calls.some((c) => c.method === 'response:team'));
    const shown = [allText(team.json), ...t.slack.callsTo('response:team').map((c) => allText(c.args))].join('\n');
    for (const r of reps) expect(shown).toContain(`<@${r}>`);
  });
});
