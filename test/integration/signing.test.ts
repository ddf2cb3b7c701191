import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { slashCommand } from '../support/payloads.js';
import { postSigned, sign } from '../support/signing.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

describe('request signing', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
    t.slack.users.set('U0REP1', { tz: 'UTC' });
  });
  afterEach(async () => t.close());
  const rows = () => t.db.select().from(entries).all();
  const body = () => slashCommand({ command: '/log', text: 'demo self-led' });

  it('accepts a correctly signed request', async () => {
    expect((await t.post(body())).status).toBe(200);
    expect(rows()).toHaveLength(1);
  });

  it('refuses a wrong signature and records nothing', async () => {
    const res = await t.post(body(), { signature: `v0=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    expect(rows()).toEqual([]);
  });

  it('refuses a signature made with another secret', async () => {
    const res = await t.post(body(), { secret: 'not-the-signing-secret' });
    expect(res.status).toBe(401);
    expect(rows()).toEqual([]);
  });

  it('refuses a missing signature', async () => {
    const res = await t.post(body(), { signature: null });
    expect(res.status).toBe(401);
    expect(rows()).toEqual([]);
  });

  it('refuses a correctly signed request whose timestamp is five minutes old', async () => {
    const raw = body();
    const stale = Math.floor(Date.now() / 1000) - 5 * 60 - 5;
    // The signature is right for that timestamp: only its age is wrong.
    const res = await t.post(raw, { timestamp: stale, signature: sign(raw, stale) });
    expect(res.status).toBe(401);
    expect(rows()).toEqual([]);
  });

  it('refuses a correctly signed request whose timestamp is more than five minutes ahead', async () => {
    const raw = body();
    const future = Math.floor(Date.now() / 1000) + 5 * 60 + 5;
    const res = await t.post(raw, { timestamp: future, signature: sign(raw, future) });
    expect(res.status).toBe(401);
    expect(rows()).toEqual([]);
  });

  it('refuses a replay of a request it already took, and records it once', async () => {
    const raw = body();
    const ts = Math.floor(Date.now() / 1000);
    const first = await t.post(raw, { timestamp: ts, signature: sign(raw, ts) });
    expect(first.status).toBe(200);
    const replay = await t.post(raw, { timestamp: ts, signature: sign(raw, ts) });
    expect(replay.status).toBe(401);
    expect(rows()).toHaveLength(1);
  });

  it('refuses a body changed after signing', async () => {
    const raw = body();
    const ts = Math.floor(Date.now() / 1000);
    const tampered = raw.replace('demo+self-led', '30+calls');
    expect(tampered).not.toBe(raw);
    const res = await t.post(tampered, { timestamp: ts, signature: sign(raw, ts) });
    expect(res.status).toBe(401);
    expect(rows()).toEqual([]);
  });

  it("answers Slack's ssl_check with 200 and runs nothing, even with a command smuggled in", async () => {
    const res = await t.post('ssl_check=1&token=x&command=%2Flog&text=calls+30&user_id=U0REP1', { signature: null });
    expect(res).toMatchObject({ status: 200, text: '' });
    expect(rows()).toEqual([]);
    // Only the start-up's auth.test: no answer was posted anywhere.
    expect(t.slack.calls.map((c) => c.method)).toEqual(['auth.test']);
  });

  it('refuses a body over 256 KB with 413 and records nothing', async () => {
    const raw = `${body()}&padding=${'x'.repeat(256 * 1024)}`;
    const res = await t.post(raw);
    expect(res.status).toBe(413);
    expect(rows()).toEqual([]);
  });

  it('answers a signed request to an unknown path with 404, and keeps serving', async () => {
    const res = await postSigned(`${t.baseUrl}/slack/event`, body());
    expect(res.status).toBe(404);
    expect(rows()).toEqual([]);
    expect((await t.post(body())).status).toBe(200);
    expect(rows()).toHaveLength(1);
  });

  it('answers /health with 200 once ready', async () => {
    const res = await fetch(`${t.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
