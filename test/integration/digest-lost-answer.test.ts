import { isChartPost } from '../support/blocks.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestDeps, runDigests } from '../../src/digest/job.js';
import { openDatabase } from '../../src/db/index.js';
import { createJsonLogger } from '../../src/logger.js';
import { deliveries } from '../../src/db/schema.js';
import type { LocalDay } from '../../src/scoring/week.js';
import { startBotProcess, type BotProcess } from '../support/bot-process.js';
import { SlackStandIn } from '../support/slack-stand-in.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGER = 'U0MGR';
/** The stand-in's DM with a user is D + the user id without its U. */
const MANAGER_DM = 'D0MGR';

/** Parts of which deliveries the manager's DM holds, in the order they arrived. */
const partsInDm = (slack: SlackStandIn) =>
  slack
    .messagesIn(MANAGER_DM)
    .filter((m) => m.metadata)
    .map((m) => [m.metadata?.event_payload.delivery_id, m.metadata?.event_payload.part]);

/** The digest's own posts (the team chart follows it in a post of its own, addressed by user id). */
const digestPosts = (slack: SlackStandIn) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === MANAGER && !isChartPost(c));

async function team(t: TestBot, reps: string[]): Promise<void> {
  for (const id of [ADMIN, MANAGER, ...reps]) t.slack.users.set(id, { tz: 'UTC' });
  for (let i = 0; i < reps.length; i += 20) {
    const who = reps
      .slice(i, i + 20)
      .map((r) => `<@${r}>`)
      .join(' ');
    await t.command('/points-admin', `assign ${who} to <@${MANAGER}>`, { user_id: ADMIN });
  }
  await t.command('/points-admin', 'digest rep-notes off', { user_id: ADMIN });
}

describe('a digest whose answer from Slack was lost', () => {
  let t: TestBot;

  beforeEach(async () => {
    // Wednesday 18 Nov 2026; the digest is due Friday 20 Nov at 15:00 UTC.
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.now = t.clock.now;
    await team(t, ['U0REP1']);
  });
  afterEach(async () => t.close());

  const tick = (iso: string) => {
    t.clock.set(iso);
    return runDigests(t.bot.digestDeps, { mode: 'scheduled' });
  };
  const delivery = () => t.db.select().from(deliveries).all();

  it('marks each digest with its delivery, part and week', async () => {
    await tick('2026-11-20T15:00:00Z');
    const [row] = delivery();
    expect(
      t.slack
        .messagesIn(MANAGER_DM)
        .filter((m) => m.metadata)
        .map((m) => m.metadata),
    ).toEqual([{ event_type: 'points_digest_delivery', event_payload: { delivery_id: row!.id, part: 0, week_start: '2026-11-16' } }]);
  });

  // The digest client gives a call 1 s in these tests (10 s in production).
  it.each([
    ['answers after the client timeout', { delayMs: 1500 }],
    ['takes the message and drops the connection', { drop: true }],
  ])('when Slack %s, the retry finds the digest in the DM and sends nothing new', async (_name, reply) => {
    t.slack.reply('chat.postMessage', reply);
    const first = await tick('2026-11-20T15:00:00Z');
    expect(first.retrying.map((r) => r.recipientId)).toEqual([MANAGER]);
    expect(t.slack.messagesIn(MANAGER_DM)).toHaveLength(1);

    const retry = await tick('2026-11-20T15:01:01Z');
    expect(retry.sent.map((s) => s.recipientId)).toEqual([MANAGER]);
    await tick('2026-11-20T15:30:00Z');
    expect(partsInDm(t.slack)).toEqual([[delivery()[0]!.id, 0]]);
    expect(digestPosts(t.slack)).toHaveLength(1);
    expect(delivery()).toMatchObject([{ status: 'sent', partsSent: 1, attempts: 2, lastError: null }]);
    // One look at the DM, with the metadata, from a minute before the delivery was created.
    expect(t.slack.callsTo('conversations.history').map((c) => c.args)).toMatchObject([
      { channel: MANAGER_DM, include_all_metadata: 'true', oldest: String(Date.parse('2026-11-20T14:59:00Z') / 1000) },
    ]);
  });

  it('a refusal (429) is sent again after its Retry-After, in the same run, without reading the DM', async () => {
    t.slack.reply('chat.postMessage', { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } });
    expect((await tick('2026-11-20T15:00:00Z')).sent.map((s) => s.recipientId)).toEqual([MANAGER]);
    expect((await tick('2026-11-20T15:00:31Z')).sent).toEqual([]);
    expect(t.slack.callsTo('conversations.history')).toEqual([]);
    expect(partsInDm(t.slack)).toEqual([[delivery()[0]!.id, 0]]);
  });

  it('a plain failure is still sent again: the check finds nothing and the digest goes out once', async () => {
    t.slack.reply('chat.postMessage', { status: 500, body: { ok: false } });
    await tick('2026-11-20T15:00:00Z');
    expect(t.slack.messagesIn(MANAGER_DM)).toHaveLength(0);
    expect((await tick('2026-11-20T15:01:01Z')).sent.map((s) => s.recipientId)).toEqual([MANAGER]);
    expect(partsInDm(t.slack)).toEqual([[delivery()[0]!.id, 0]]);
  });

  it('when the DM cannot be read, waits and keeps the delivery pending with the reason, then checks again', async () => {
    t.slack.reply('chat.postMessage', { delayMs: 1500 });
    await tick('2026-11-20T15:00:00Z');
    t.slack.reply('conversations.history', { body: { ok: false, error: 'missing_scope' } });
    const blocked = await tick('2026-11-20T15:01:01Z');
    expect(blocked.failed).toEqual([]);
    expect(blocked.retrying).toEqual([
      { kind: 'digest', recipientId: MANAGER, error: 'could not check whether the last try arrived (missing_scope)' },
    ]);
    expect(digestPosts(t.slack)).toHaveLength(1);
    expect(delivery()).toMatchObject([{ status: 'pending', lastError: 'could not check whether the last try arrived (missing_scope)' }]);
    t.clock.set('2026-11-20T15:01:30Z');
    const status = await t.command('/points-admin', 'digest status', { user_id: ADMIN });
    expect(JSON.stringify(status.json)).toContain('could not check whether the last try arrived (missing_scope)');

    expect((await tick('2026-11-20T15:03:02Z')).sent.map((s) => s.recipientId)).toEqual([MANAGER]);
    expect(partsInDm(t.slack)).toEqual([[delivery()[0]!.id, 0]]);
  });
});

describe('a digest in several messages whose answer was lost', () => {
  let t: TestBot;
  afterEach(async () => t.close());

  it('counts the parts already in the DM and resumes after the last one found', async () => {
    t = await startTestBot({ now: '2026-11-20T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.now = t.clock.now;
    // 41 reps: two messages.
    await team(
      t,
      Array.from({ length: 41 }, (_, i) => `U0R${String(i).padStart(3, '0')}`),
    );
    // The first part reaches the DM but its answer does not come back.
    t.slack.reply('chat.postMessage', { delayMs: 1500 });
    const first = await runDigests(t.bot.digestDeps, { mode: 'scheduled' });
    expect(first.retrying.map((r) => r.recipientId)).toEqual([MANAGER]);
    const retry = await runDigests({ ...t.bot.digestDeps, now: () => new Date('2026-11-20T15:01:01Z') }, { mode: 'scheduled' });
    expect(retry.sent).toMatchObject([{ recipientId: MANAGER, parts: 2 }]);
    const [row] = t.db.select().from(deliveries).all();
    expect(partsInDm(t.slack)).toEqual([
      [row!.id, 0],
      [row!.id, 1],
    ]);
    expect(row).toMatchObject({ status: 'sent', partsSent: 2 });
  });
});

describe('a bot process killed after Slack took the digest, before the database recorded it', () => {
  let dir: string;
  let slack: SlackStandIn;
  let bot: BotProcess | undefined;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-digest-kill-'));
    slack = await new SlackStandIn().start();
  });
  afterEach(async () => {
    if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await bot?.exited;
    await slack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is not sent again once its claim runs out', async () => {
    const dbPath = path.join(dir, 'points.db');
    // A roster whose digest is due all week: Monday 00:00.
    const setup = await startTestBot({ dbPath, env: { ADMIN_USER_IDS: ADMIN } });
    await team(setup, ['U0REP1']);
    await setup.command('/points-admin', 'digest monday 00:00', { user_id: ADMIN });
    await setup.close();

    for (const id of [ADMIN, MANAGER, 'U0REP1']) slack.users.set(id, { tz: 'UTC' });
    // Slack takes the message and never answers; the process is killed while it waits.
    slack.reply('chat.postMessage', { delayMs: 60_000 });
    bot = await startBotProcess({ SLACK_API_URL: slack.url, DATABASE_PATH: dbPath, DIGEST_TIME_SCALE: '1000' });
    await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 10_000);
    bot.child.kill('SIGKILL');
    expect((await bot.exited).signal).toBe('SIGKILL');

    const db = openDatabase(dbPath);
    try {
      const [claimed] = db.select().from(deliveries).all();
      expect(claimed).toMatchObject({ status: 'sending', recipientId: MANAGER });
      const deps = createDigestDeps(
        { botToken: 'xoxb-test-token', slackApiUrl: slack.url, defaultTimeZone: 'UTC', digestTimeScale: 1000 },
        db,
        createJsonLogger(LogLevel.ERROR, () => {}),
        { now: () => new Date(claimed!.leaseUntil! + 1000), timeoutMs: 1000 },
      );
      const report = await runDigests(deps, {
        mode: 'now',
        weekStart: claimed!.weekStart as LocalDay,
      });
      expect(report.sent.map((s) => s.recipientId)).toEqual([MANAGER]);
      expect(partsInDm(slack)).toEqual([[claimed!.id, 0]]);
      expect(digestPosts(slack)).toHaveLength(1);
      expect(db.select().from(deliveries).all()).toMatchObject([{ status: 'sent', partsSent: 1 }]);
    } finally {
      db.$client.close();
    }
  });
});
