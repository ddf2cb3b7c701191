import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { allText } from '../support/blocks.js';
import { SIGNING_SECRET } from '../support/signing.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

describe('per-user rate limit', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ env: { LOG_RATE_PER_MINUTE: '5' } });
    t.slack.users.set('U0REP1', { tz: 'UTC' });
    t.slack.users.set('U0REP2', { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  it('tells a rep who logs too fast to slow down, records nothing more, and lets them go on a minute later', async () => {
    for (let i = 0; i < 5; i++) expect(allText((await t.command('/log', `${i + 1} calls`)).json)).toContain('Logged');
    const refused = allText((await t.command('/log', '6 calls')).json);
    expect(refused).toContain("You're logging faster than 5 lines a minute. Slow down and try again in 60 s. Nothing was logged.");
    expect(t.db.select().from(entries).all()).toHaveLength(5);
    // Another rep is not affected.
    expect(allText((await t.command('/log', '7 calls', { user_id: 'U0REP2' })).json)).toContain('Logged');
    t.clock.set(new Date(t.clock.now().getTime() + 60_000).toISOString());
    expect(allText((await t.command('/log', '8 calls')).json)).toContain('Logged');
    expect(t.db.select().from(entries).all()).toHaveLength(7);
  });

  it('counts lines it cannot read, or that are too long, so a flood of them gets the same answer', async () => {
    for (const text of ['pizza party', 'dmeo self-led', '0 calls', `calls ${'bcd '.repeat(999)}`, 'pizza party']) {
      expect(allText((await t.command('/log', text)).json)).toContain('Nothing was logged.');
    }
    const refused = allText((await t.command('/log', 'pizza party')).json);
    expect(refused).toContain("You're logging faster than 5 lines a minute. Slow down and try again in 60 s. Nothing was logged.");
    expect(allText((await t.command('/log', '6 calls')).json)).toContain("You're logging faster than 5 lines a minute.");
    expect(t.db.select().from(entries).all()).toHaveLength(0);
    // The help and the form are not lines: they still answer.
    expect(allText((await t.command('/log', 'help')).json)).toContain('What you can log');
  });
});

describe('structured logs', () => {
  let t: TestBot;
  afterEach(async () => t.close());

  it('are JSON lines naming the user and command, with no token, secret or signature', async () => {
    t = await startTestBot({ env: { LOG_LEVEL: 'debug' }, logLevel: 'debug' });
    t.slack.users.set('U0REP1', { tz: 'UTC' });
    await t.command('/log', 'demo self-led');
    await t.command('/points', '');
    const lines = t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toContainEqual(expect.objectContaining({ event: 'request', user: 'U0REP1', what: '/log', level: 'info' }));
    expect(lines).toContainEqual(expect.objectContaining({ event: 'request', user: 'U0REP1', what: '/points' }));
    const all = t.logLines.join('\n');
    expect(all).not.toContain('xoxb-test-token');
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toMatch(/v0=[0-9a-f]{64}/);
  });
});
