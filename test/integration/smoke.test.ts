import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../support/test-bot.js';

describe('smoke', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
    t.slack.users.set('U0REP1', { tz: 'Europe/London' });
  });
  afterEach(async () => t.close());

  it('logs', async () => {
    const res = await t.command('/log', 'demo self-led');
    console.log(res.status, JSON.stringify(res.json, null, 1));
    const res2 = await t.command('/points', '');
    console.log(res2.status, JSON.stringify(res2.json, null, 1));
    console.log(t.logLines);
    expect(res.status).toBe(200);
  });
});
