import { spawn } from 'node:child_process';
import path from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestDeps, runDigests } from '../../src/digest/job.js';
import { openDatabase } from '../../src/db/index.js';
import { deliveries } from '../../src/db/schema.js';
import { createJsonLogger } from '../../src/logger.js';
import type { LocalDay } from '../../src/scoring/week.js';
import { allText } from '../support/blocks.js';
import { SIGNING_SECRET } from '../support/signing.js';
import type { LimitedPost, SlackStandIn } from '../support/slack-stand-in.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
/** Slack's shape, 10 times faster: a "second" of the limits is 100 ms. */
const SCALE = 10;
/**
 * The timeline test runs 4 times faster only: a post and its answer can take 50 ms on a loaded
 * machine, and a Retry-After of one "second" (250 ms) must be long beside the posts already on
 * their way when a 429 comes.
 */
const TIMELINE_SCALE = 4;
const PER_MINUTE = 300;
const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Teams of these sizes: 18 managers and 182 reps, 200 recipients with rep notes on. The first
 * team's digest (41 reps) takes two messages, which must reach its DM at least a second apart.
 */
const TEAM_SIZES = [41, ...Array<number>(16).fill(8), 13];
const manager = (i: number) => `U0M${String(i).padStart(3, '0')}`;
const rep = (team: number, i: number) => `U0R${String(team).padStart(3, '0')}${String(i).padStart(2, '0')}`;

async function roster(t: TestBot): Promise<{ managers: string[]; reps: Map<string, string[]> }> {
  const reps = new Map<string, string[]>();
  t.slack.users.set(ADMIN, { tz: 'UTC' });
  for (const [team, size] of TEAM_SIZES.entries()) {
    const ids = Array.from({ length: size }, (_, i) => rep(team, i));
    reps.set(manager(team), ids);
    for (const id of [manager(team), ...ids]) t.slack.users.set(id, { tz: 'UTC' });
    for (let i = 0; i < ids.length; i += 20) {
      const who = ids
        .slice(i, i + 20)
        .map((r) => `<@${r}>`)
        .join(' ');
      await t.command('/points-admin', `assign ${who} to <@${manager(team)}>`, { user_id: ADMIN });
    }
  }
  return { managers: [...reps.keys()], reps };
}

/** Every DM's delivery parts, in the order they arrived: what each person sees. */
function partsByDm(slack: SlackStandIn): Map<string, Array<[unknown, unknown]>> {
  const out = new Map<string, Array<[unknown, unknown]>>();
  for (const [channel, messages] of slack.history)
    out.set(
      channel,
      // The team chart follows a digest in a post of its own, without delivery metadata.
      messages.filter((m) => m.metadata).map((m) => [m.metadata?.event_payload.delivery_id, m.metadata?.event_payload.part]),
    );
  return out;
}

/** Each DM holds each part of its one delivery exactly once, in order: no duplicate, no gap. */
function expectEachDeliveredOnce(t: TestBot, recipients: string[], twoParts: string[]): void {
  const rows = t.db.select().from(deliveries).all();
  expect(rows).toHaveLength(recipients.length);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  const dms = partsByDm(t.slack);
  for (const id of recipients) {
    const row = rows.find((r) => r.recipientId === id)!;
    const parts = twoParts.includes(id) ? [0, 1] : [0];
    expect(dms.get(`D${id.slice(1)}`), id).toEqual(parts.map((p) => [row.id, p]));
  }
}

/**
 * Posts arriving while a 429's Retry-After runs, past its first half: a post the bot had sent
 * before the 429 reached it may still arrive just after it (the pause starts when the bot reads
 * the 429, so it ends later than the stand-in's window).
 */
function postsInsideRetryAfter(posts: LimitedPost[]): LimitedPost[] {
  const inside: LimitedPost[] = [];
  for (const limited of posts.filter((p) => p.status === 429)) {
    const window = limited.retryAfter! * 1000;
    const from = limited.at + window / 2;
    inside.push(...posts.filter((p) => p.at > from && p.at < limited.at + window));
  }
  return inside;
}

describe('the Friday delivery at Slack’s limits (one message a second per DM, 300 a minute per workspace)', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-20T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN, DIGEST_TIME_SCALE: String(SCALE) } });
    t.slack.now = t.clock.now;
  });
  afterEach(async () => t.close());

  it('delivers 200 recipients once each, honouring every 429 and never two messages a second to one DM', async () => {
    const { managers, reps } = await roster(t);
    const recipients = managers.flatMap((m) => [m, ...reps.get(m)!]);
    expect(recipients).toHaveLength(200);
    t.slack.limit({ workspacePerMinute: PER_MINUTE, timeScale: TIMELINE_SCALE });

    const deps = { ...t.bot.digestDeps, pace: { ...t.bot.digestDeps.pace, timeScale: TIMELINE_SCALE } };
    const report = await runDigests(deps, { mode: 'scheduled' });

    expect(report.failed).toEqual([]);
    expect(report.retrying).toEqual([]);
    expectEachDeliveredOnce(t, recipients, [manager(0)]);
    const posts = t.slack.limitedPosts;
    const accepted = posts.filter((p) => p.status === 200);
    // Each recipient once, the long digest's second part, and each manager's team chart after their digest.
    expect(accepted).toHaveLength(201 + managers.length);
    // Every 429 the stand-in gave was one the job saw and waited out.
    expect(report.rateLimited).toBe(posts.filter((p) => p.status === 429).length);
    expect(postsInsideRetryAfter(posts)).toEqual([]);
    // No DM was ever asked for a second message within a second of its last one.
    expect(posts.filter((p) => p.limit === 'channel')).toEqual([]);
    const twoParts = accepted.filter((p) => p.channel === `D${manager(0).slice(1)}`);
    expect(twoParts[1]!.at - twoParts[0]!.at).toBeGreaterThanOrEqual(1000);

    // Each manager hears before any rep of theirs.
    const firstAt = (id: string) => accepted.find((p) => p.channel === `D${id.slice(1)}`)!.at;
    for (const m of managers) for (const r of reps.get(m)!) expect(firstAt(m)).toBeLessThan(firstAt(r));

    // The pace adapts rather than hammering: few 429s for the messages sent. (How close the
    // schedule comes to what the limit allows is measured by bench/delivery.ts, not asserted.)
    expect(report.rateLimited).toBeLessThanOrEqual(accepted.length / 4);
  }, 60_000);

  it('`digest status` shows sent, pending, failed and when it should finish while a delivery runs', async () => {
    await roster(t);
    t.slack.limit({ workspacePerMinute: PER_MINUTE, timeScale: SCALE });
    const running = runDigests(t.bot.digestDeps, { mode: 'scheduled' });
    await t.slack.waitFor(() => t.slack.limitedPosts.filter((p) => p.status === 200).length >= 20, 20_000);
    const status = allText((await t.command('/points-admin', 'digest status', { user_id: ADMIN })).json);
    expect(status).toMatch(/Delivering now: \d+ of 200 sent, \d+ pending, 0 failed · should finish about \d\d:\d\d \(\d+ min\)\./);
    await running;
    const after = allText((await t.command('/points-admin', 'digest status', { user_id: ADMIN })).json);
    expect(after).not.toContain('Delivering now');
  }, 60_000);
});

describe('`npm run digest -- --send` killed in the middle of a delivery', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ env: { ADMIN_USER_IDS: ADMIN } });
    t.slack.now = () => new Date();
  });
  afterEach(async () => t.close());

  const send = () =>
    spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/digest-main.js'), '--send'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: t.slack.url,
        DATABASE_PATH: t.dbPath,
        DIGEST_TIME_SCALE: String(SCALE),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('resumes without a duplicate or a gap', async () => {
    const { managers, reps } = await roster(t);
    const recipients = managers.flatMap((m) => [m, ...reps.get(m)!]);
    t.slack.limit({ workspacePerMinute: PER_MINUTE, timeScale: SCALE });

    const first = send();
    const killed = new Promise((resolve) => first.on('exit', (_code, signal) => resolve(signal)));
    await t.slack.waitFor(() => t.slack.limitedPosts.filter((p) => p.status === 200).length >= 80, 30_000);
    first.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');
    const before = t.slack.limitedPosts.filter((p) => p.status === 200).length;
    expect(before).toBeLessThan(201);

    // Run again at once: everything not claimed by the dead process goes out.
    const second = send();
    let output = '';
    second.stdout.on('data', (c: Buffer) => (output += c.toString()));
    expect(await new Promise((resolve) => second.on('exit', resolve))).toBe(0);
    expect(output).toMatch(/already sent this week/);

    // The dead process's claims run out; the next run checks those DMs before posting.
    const db = openDatabase(t.dbPath);
    try {
      const stranded = db
        .select()
        .from(deliveries)
        .all()
        .filter((d) => d.status === 'sending');
      expect(stranded.length).toBeGreaterThan(0);
      const deps = createDigestDeps(
        { botToken: 'xoxb-test-token', slackApiUrl: t.slack.url, defaultTimeZone: 'UTC', digestTimeScale: SCALE },
        db,
        createJsonLogger(LogLevel.ERROR, () => {}),
        { now: () => new Date(Math.max(...stranded.map((d) => d.leaseUntil!)) + 1000) },
      );
      const last = await runDigests(deps, { mode: 'now', weekStart: stranded[0]!.weekStart as LocalDay });
      expect(last.failed).toEqual([]);
    } finally {
      db.$client.close();
    }
    expectEachDeliveredOnce(t, recipients, [manager(0)]);
  }, 120_000);
});
