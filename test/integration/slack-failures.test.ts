import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/job.js';
import { importRoster } from '../../src/roster/import.js';
import { deliveries, entries } from '../../src/db/schema.js';
import { allText } from '../support/blocks.js';
import { sign } from '../support/signing.js';
import type { Reply } from '../support/slack-stand-in.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

/** Each way Slack fails; twice over, since interactive calls are retried once. */
const FAILURES: Array<[name: string, replies: Reply[]]> = [
  ['429 with Retry-After', [{ status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }]],
  [
    '500',
    [
      { status: 500, body: { ok: false } },
      { status: 500, body: { ok: false } },
    ],
  ],
  ['timeout', [{ delayMs: 1600 }, { delayMs: 1600 }]],
  ['ok:false', [{ body: { ok: false, error: 'internal_error' } }]],
];

const dmsTo = (t: TestBot, userId: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === userId);

describe.each(FAILURES)('when Slack answers %s', (_name, replies) => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-20T16:00:00Z', env: { ADMIN_USER_IDS: 'U0ADMIN' } });
    for (const id of ['U0ADMIN', 'U0MGR', 'U0REP1']) t.slack.users.set(id, { tz: 'UTC', email: `${id.toLowerCase()}@example.com` });
  });
  afterEach(async () => t.close());

  it('users.info: /log still saves and confirms, in the default zone', async () => {
    t.slack.reply('users.info', ...replies);
    const res = await t.command('/log', 'demo self-led');
    expect(allText(res.json)).toContain('Logged *1 self-led demo*');
    expect(t.db.select().from(entries).all()).toHaveLength(1);
  });

  it('views.open: the rep is told the form did not open', async () => {
    await t.command('/log', '30 calls');
    t.slack.reply('views.open', ...replies);
    const res = await t.command('/log', '');
    expect(res.status).toBe(200);
    expect(res.json.text).toContain("the form didn't open");
  });

  it('views.update: an undo from the form is still reported, by direct message', async () => {
    const saved = await t.submitLogForm({ viewId: 'VF1', activity: 'demo_self' });
    const batchId = saved.json.view.blocks.at(-1).elements[0].value;
    t.slack.reply('views.update', ...replies);
    await t.click({ actionId: 'log_undo_button', value: batchId, viewId: 'VF1' });
    await t.slack.waitFor(() => dmsTo(t, 'U0REP1').length > 0, 8000);
    expect(allText(dmsTo(t, 'U0REP1')[0]!.args)).toContain('Undone: *1 self-led demo*');
    expect(t.db.select().from(entries).all()[0]!.undoneAt).not.toBeNull();
  });

  it('response_url: the Undo button’s answer comes by direct message instead', async () => {
    const confirmation = await t.command('/log', '30 calls');
    const batchId = confirmation.json.blocks.at(-1).elements[0].value;
    t.slack.reply('response:u', ...replies.map((r) => ({ ...r, status: r.status ?? (r.delayMs ? 200 : 404) })));
    await t.click({ actionId: 'log_undo_button', value: batchId, responseUrl: t.slack.responseUrl('u') });
    if (replies[0]!.delayMs) {
      // A slow response_url still answers in the end; nothing is sent twice.
      await t.slack.waitFor((c) => c.some((x) => x.method === 'response:u'), 4000);
      expect(t.db.select().from(entries).all()[0]!.undoneAt).not.toBeNull();
      return;
    }
    await t.slack.waitFor(() => dmsTo(t, 'U0REP1').length > 0, 4000);
    expect(allText(dmsTo(t, 'U0REP1')[0]!.args)).toContain('Undone: *30 calls*');
  });

  it('views.publish: the failure is logged, not dropped silently', async () => {
    t.slack.reply('views.publish', ...replies);
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'EvF',
      team_id: 'T0001',
      api_app_id: 'A0001',
      event: { type: 'app_home_opened', user: 'U0REP1', tab: 'home', channel: 'D1', event_ts: '1' },
    });
    const ts = Math.floor(Date.now() / 1000);
    await t.post(body, { timestamp: ts, signature: sign(body, ts), contentType: 'application/json' });
    await t.slack.waitFor(() => t.logLines.some((l) => l.includes('views.publish failed for U0REP1')), 8000);
  });

  it('chat.postMessage: digests are retried (a 429 within the run), and the others still go out', async () => {
    await t.command('/points-admin', 'assign <@U0REP1> to <@U0MGR>', { user_id: 'U0ADMIN' });
    await t.command('/points-admin', 'assign <@U0ADMIN> to <@U0REP1>', { user_id: 'U0ADMIN' });
    await t.command('/points-admin', 'digest rep-notes off', { user_id: 'U0ADMIN' });
    // The digest client gives a call 1 s here (10 s in production); the stand-in takes 1.6 s.
    t.slack.reply('chat.postMessage', ...replies.slice(0, 1));
    const report = await runDigests(t.bot.digestDeps, { mode: 'now' });
    expect(report.failed).toEqual([]);
    expect(report.retrying.length + report.sent.length).toBe(2);
    // A 429 is waited out within the run; anything else leaves the digest for a later one.
    if (replies[0]!.status === 429) expect(report.rateLimited).toBe(1);
    else expect(report.retrying.length).toBe(1);
    const later = await runDigests({ ...t.bot.digestDeps, now: () => new Date(t.clock.now().getTime() + 2 * 3600_000) }, { mode: 'now' });
    expect(later.sent.length).toBe(report.retrying.length);
    expect(
      t.db
        .select()
        .from(deliveries)
        .all()
        .every((d) => d.status === 'sent'),
    ).toBe(true);
  });

  it('users.lookupByEmail: the roster import reports the row and applies the rest', async () => {
    t.slack.reply('users.lookupByEmail', ...replies.map((r) => (r.delayMs ? { drop: true } : r)).slice(0, 1));
    const client = new webApi.WebClient('xoxb-test-token', {
      slackApiUrl: t.slack.url,
      logger: t.bot.logger,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    const report = await importRoster(
      { db: t.db, client, logger: t.bot.logger, now: t.clock.now(), defaultTimeZone: 'UTC' },
      'user,manager\nu0rep1@example.com,U0MGR\nU0ADMIN,U0MGR\n',
      { allOrNothing: false },
    );
    expect(report.problems).toEqual([{ line: 2, message: expect.stringMatching(/^Slack could not look up u0rep1@example.com/) }]);
    expect(report.applied.map((r) => r.repId)).toEqual(['U0ADMIN']);
  });
});

describe('when Slack cannot be reached at all for a reply', () => {
  it('logs the reply it could not deliver', async () => {
    const t = await startTestBot();
    t.slack.users.set('U0REP1', { tz: 'UTC' });
    const confirmation = await t.command('/log', '30 calls');
    const batchId = confirmation.json.blocks.at(-1).elements[0].value;
    t.slack.reply('response:x', { status: 500 });
    t.slack.reply('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await t.click({ actionId: 'log_undo_button', value: batchId, responseUrl: t.slack.responseUrl('x') });
    await t.slack.waitFor(() => t.logLines.some((l) => l.includes('could not reach U0REP1 at all; the reply was: Undone: 30 calls')), 4000);
    await t.close();
  });
});

describe('when users.info fails for a rep the bot has never seen', () => {
  // The rep is in Los Angeles; the bot's DEFAULT_TIMEZONE is left at UTC, a day ahead at night.
  const start = async (now: string) => {
    const t = await startTestBot({ now });
    t.slack.users.set('U0REP1', { tz: 'America/Los_Angeles' });
    t.slack.reply('users.info', { status: 500, body: { ok: false } }, { status: 500, body: { ok: false } });
    return t;
  };
  let t: TestBot;
  afterEach(async () => t.close());
  /** The days the saved entries are for. */
  const entryDays = () =>
    t.db
      .select()
      .from(entries)
      .all()
      .map((e) => e.day);

  it('at the turn of the week, saves nothing and asks to try again; the retry lands in the rep’s own week', async () => {
    // Sunday 22 Nov 23:30 in Los Angeles: already Monday, next week, in UTC.
    t = await start('2026-11-23T07:30:00Z');
    const refused = await t.command('/log', '10 calls');
    expect(refused.json.text).toContain("Slack didn't tell me your time zone just now");
    expect(refused.json.text).toContain('Nothing was logged');
    t.slack.reply('users.info', { status: 500, body: { ok: false } }, { status: 500, body: { ok: false } });
    const form = await t.submitLogForm({ activity: 'call', count: '10' });
    expect(form.json).toEqual({ response_action: 'errors', errors: { log_activity_block: expect.stringContaining('Nothing was logged') } });
    expect(t.db.select().from(entries).all()).toEqual([]);
    // Slack answers again: the rep's own Sunday.
    expect(allText((await t.command('/log', '10 calls')).json)).toContain('Logged *10 calls*');
    expect(entryDays()).toEqual(['2026-11-22']);
    expect(allText((await t.command('/points', '')).json)).toContain('10 / 500 pts');
    expect(allText((await t.command('/log', 'undo')).json)).toContain('Undone: *10 calls*');
  });

  it('mid-week, saves on the default zone’s day and says which day that was; /points and /log undo find it', async () => {
    // Wednesday 18 Nov 23:30 in Los Angeles, Thursday 19 Nov in UTC: the same week either way.
    t = await start('2026-11-19T07:30:00Z');
    const saved = allText((await t.command('/log', '10 calls')).json);
    expect(saved).toContain('Logged *10 calls*');
    expect(saved).toContain('Recorded for Thu 19 Nov (your Slack time zone could not be read; using UTC)');
    expect(entryDays()).toEqual(['2026-11-19']);
    expect(allText((await t.command('/points', '')).json)).toContain('10 / 500 pts');
    expect(allText((await t.command('/log', 'undo')).json)).toContain('Undone: *10 calls*');
  });
});
