import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allText } from '../support/blocks.js';
import { homeOpenedEvent } from '../support/payloads.js';
import { sign } from '../support/signing.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

describe('App Home', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
    t.slack.users.set('U0REP1', { tz: 'UTC' });
  });
  afterEach(async () => t.close());

  const deliver = (body: string, retry?: number) => {
    const ts = Math.floor(Date.now() / 1000);
    return t.post(body, {
      timestamp: ts,
      signature: sign(body, ts),
      contentType: 'application/json',
      headers: retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {},
    });
  };

  it('shows the rep’s week with a button for the form', async () => {
    await t.command('/log', '30 calls, demo self-led');
    expect((await deliver(homeOpenedEvent({ eventId: 'Ev1' }))).status).toBe(200);
    const [publish] = await t.slack
      .waitFor((c) => c.some((x) => x.method === 'views.publish'))
      .then((c) => c.filter((x) => x.method === 'views.publish'));
    expect(publish!.args.user_id).toBe('U0REP1');
    const text = allText(publish!.args.view);
    expect(text).toContain('*55 / 500 pts* (11%)');
    expect(text).toContain('• 30 calls · *30 pts*');
    expect(text).toContain('Log activity');
  });

  it('handles a delivery Slack retries only once', async () => {
    const body = homeOpenedEvent({ eventId: 'EvSame' });
    await deliver(body);
    expect((await deliver(body, 1)).status).toBe(200);
    expect((await deliver(body, 2)).status).toBe(200);
    await deliver(homeOpenedEvent({ eventId: 'EvOther' }));
    await t.slack.waitFor((c) => c.filter((x) => x.method === 'views.publish').length >= 2);
    expect(t.slack.callsTo('views.publish')).toHaveLength(2);
  });

  it('the Home button opens the same form as /log', async () => {
    await t.click({ actionId: 'home_log_button', value: 'open', viewId: 'VHOME' });
    const calls = await t.slack.waitFor((c) => c.some((x) => x.method === 'views.open'));
    expect(calls.find((c) => c.method === 'views.open')!.args.view.callback_id).toBe('log_activity_modal');
  });
});
