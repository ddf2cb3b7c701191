import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';
const MANAGERS = ['U0MGRA', 'U0MGRB', 'U0MGRC'];
const REPS = 260;
/** Rep i (1 to 260) logs i calls this week; managers take turns. */
const rep = (i: number) => `U0R${String(i).padStart(4, '0')}`;
const mentions = (text: string) => new Set(text.match(/<@U0R\d{4}>/g) ?? []);

/**
 * An admin who manages no one sees everyone: with hundreds of reps, the first 200 are listed
 * (most calls first, or furthest behind first), the rest counted, in a handful of messages.
 */
describe('an admin’s view of a whole roster', () => {
  let t: TestBot;

  beforeAll(async () => {
    // The answer is never waited for: the acknowledgement always says it follows.
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN }, answerWaitMs: 0 });
    for (const id of [ADMIN, ...MANAGERS]) t.slack.users.set(id, { tz: 'UTC' });
    for (let i = 1; i <= REPS; i++) t.slack.users.set(rep(i), { tz: 'UTC' });
    for (const [m, manager] of MANAGERS.entries()) {
      const team = Array.from({ length: REPS }, (_, i) => i + 1).filter((i) => i % MANAGERS.length === m);
      for (let k = 0; k < team.length; k += 50) {
        const named = team.slice(k, k + 50).map((i) => `<@${rep(i)}>`);
        const res = await t.command('/points-admin', `assign ${named.join(' ')} to <@${manager}>`, { user_id: ADMIN });
        expect(allText(res.json)).not.toContain('Nothing changed');
      }
    }
    for (let i = 1; i <= REPS; i++) {
      const res = await t.command('/log', `${i} calls`, { user_id: rep(i) });
      expect(allText(res.json)).toContain('Logged');
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('/points team kpis: a word at once, then the 200 reps with most calls and the other 60 counted', async () => {
    const ack = await t.command('/points', 'team kpis', { user_id: ADMIN, response_url: t.slack.responseUrl('kpis') });
    expect(ack.status).toBe(200);
    expect(allText(ack.json)).toContain('Adding these KPIs up takes a few seconds');
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:kpis' && allText(x.args).includes('more reps, with as many calls or fewer')), 20_000);
    const messages = calls.filter((c) => c.method === 'response:kpis').map((c) => allText(c.args));
    expect(messages.length).toBeLessThanOrEqual(5);
    const text = messages.join('\n');
    expect(text).toContain(`Everyone KPIs · 16–22 Nov 2026 · ${REPS} reps`);
    expect(text).toContain("…and 60 more reps, with as many calls or fewer. Each manager's team: `/points team @manager kpis`; every rep: `/points-admin export`.");
    const listed = mentions(text);
    expect(listed.size).toBe(200);
    expect(listed.has(`<@${rep(REPS)}>`)).toBe(true);
    expect(listed.has(`<@${rep(61)}>`)).toBe(true);
    expect(listed.has(`<@${rep(60)}>`)).toBe(false);
    expect(listed.has(`<@${rep(1)}>`)).toBe(false);
    // The team's figures are the whole roster's: 1 + 2 + … + 260 calls.
    expect(text).toContain('33,930');
  });

  it('/points team: the 200 furthest behind, the other 60 counted, in five messages at most', async () => {
    const ack = await t.command('/points', 'team', { user_id: ADMIN, response_url: t.slack.responseUrl('week') });
    expect(ack.status).toBe(200);
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'response:week' && allText(x.args).includes('more reps, nearer the goal')), 20_000);
    const messages = [allText(ack.json), ...calls.filter((c) => c.method === 'response:week').map((c) => allText(c.args))];
    expect(messages.length).toBeLessThanOrEqual(5);
    const text = messages.join('\n');
    expect(text).toContain("…and 60 more reps, nearer the goal, past it or not judged. Each manager's team: `/points team @manager`; every rep: `/points-admin export`.");
    const listed = mentions(text);
    expect(listed.size).toBe(200);
    // Fewest points, furthest behind: listed; the 60 with most calls are the ones counted.
    expect(listed.has(`<@${rep(1)}>`)).toBe(true);
    expect(listed.has(`<@${rep(200)}>`)).toBe(true);
    expect(listed.has(`<@${rep(201)}>`)).toBe(false);
  });
});
