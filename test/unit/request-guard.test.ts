import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { createJsonLogger } from '../../src/logger.js';
import { guardSlackRequests, RecentSignatures } from '../../src/request-guard.js';
import { sign, SIGNING_SECRET } from '../support/signing.js';

const T = 1_795_000_000;

/** The guard around a listener that answers 200 "passed", on a clock the test moves. */
function guarded() {
  let nowS = T;
  const passed: Array<{ signature: string; body: string }> = [];
  const warnings: string[] = [];
  const listener = guardSlackRequests(
    (req, res) => {
      const body = (req as IncomingMessage & { rawBody?: Buffer }).rawBody?.toString() ?? '(unread)';
      passed.push({ signature: String(req.headers['x-slack-signature']), body });
      res.writeHead(200);
      res.end('passed');
    },
    {
      signingSecret: SIGNING_SECRET,
      logger: createJsonLogger(LogLevel.WARN, (line) => warnings.push(line)),
      wallClockMs: () => nowS * 1000,
      bodyLimit: 1000,
    },
  );
  /** Sends a body (in the chunks given) with these headers; resolves to the answer. */
  const send = (body: string | string[], headers: Record<string, string>, method = 'POST') =>
    new Promise<{ status: number; text: string }>((resolve) => {
      const chunks = (typeof body === 'string' ? [body] : body).map((c) => Buffer.from(c));
      const req = Object.assign(Readable.from(chunks), {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      }) as unknown as IncomingMessage;
      const answer = { status: 0, text: '' };
      const res = {
        writeHead: (status: number) => (answer.status = status),
        end: (text = '') => resolve({ ...answer, text: String(text) }),
      } as unknown as ServerResponse;
      listener(req, res);
    });
  const post = (body: string, ts = nowS, extra: Record<string, string> = {}) =>
    send(body, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts), ...extra });
  return { send, post, passed, warnings, setNow: (s: number) => (nowS = s) };
}

const PASSED = { status: 200, text: 'passed' };

describe('guardSlackRequests', () => {
  it('passes a correctly signed request on with the body it read', async () => {
    const g = guarded();
    expect(await g.post('command=%2Flog&text=calls+1')).toEqual(PASSED);
    expect(g.passed).toEqual([{ signature: sign('command=%2Flog&text=calls+1', T), body: 'command=%2Flog&text=calls+1' }]);
  });

  it('verifies a body that arrives in several chunks', async () => {
    const g = guarded();
    const body = 'command=%2Flog&text=demo+self-led';
    const headers = { 'x-slack-request-timestamp': String(T), 'x-slack-signature': sign(body, T) };
    expect(await g.send(['command=%2Flog', '&text=demo', '+self-led'], headers)).toEqual(PASSED);
    expect(g.passed.map((p) => p.body)).toEqual([body]);
  });

  it('refuses a signature that does not match, and tells the operator which setting to check', async () => {
    const g = guarded();
    const headers = { 'x-slack-request-timestamp': String(T), 'x-slack-signature': sign('text=calls+1', T, 'another-secret') };
    expect(await g.send('text=calls+1', headers)).toEqual({ status: 401, text: 'signature mismatch' });
    // Signed for one body, sent with another.
    const tampered = { 'x-slack-request-timestamp': String(T), 'x-slack-signature': sign('text=calls+1', T) };
    expect(await g.send('text=calls+30', tampered)).toEqual({ status: 401, text: 'signature mismatch' });
    expect(g.passed).toEqual([]);
    expect(g.warnings).toHaveLength(2);
    expect(g.warnings[0]).toContain('SLACK_SIGNING_SECRET');
  });

  it('refuses a missing or malformed signature or timestamp', async () => {
    const g = guarded();
    const good = sign('a', T);
    expect(await g.send('a', { 'x-slack-request-timestamp': String(T) })).toEqual({ status: 401, text: 'missing or malformed signature' });
    expect(await g.send('a', { 'x-slack-request-timestamp': String(T), 'x-slack-signature': good.toUpperCase() })).toEqual({
      status: 401,
      text: 'missing or malformed signature',
    });
    expect(await g.send('a', { 'x-slack-signature': good })).toEqual({ status: 401, text: 'missing or malformed timestamp' });
    expect(await g.send('a', { 'x-slack-request-timestamp': 'soon', 'x-slack-signature': good })).toEqual({
      status: 401,
      text: 'missing or malformed timestamp',
    });
    expect(g.passed).toEqual([]);
  });

  it('passes a signed request once and refuses it again, however late in the window the replay comes', async () => {
    const g = guarded();
    expect(await g.post('command=/log&text=calls+1')).toEqual(PASSED);
    g.setNow(T + 299);
    expect(await g.post('command=/log&text=calls+1', T)).toEqual({ status: 401, text: 'replayed request' });
    expect(g.passed).toHaveLength(1);
  });

  it('refuses a timestamp outside five minutes either way without passing it on', async () => {
    const g = guarded();
    expect(await g.post('a', T - 301)).toEqual({ status: 401, text: 'timestamp out of range' });
    expect(await g.post('a', T + 301)).toEqual({ status: 401, text: 'timestamp out of range' });
    expect(await g.post('a', T - 300)).toEqual(PASSED);
    expect(g.passed).toHaveLength(1);
    // An operator whose clock is off sees why every request is refused.
    expect(g.warnings).toHaveLength(2);
    expect(g.warnings[0]).toContain('check the clock');
  });

  it('tells apart thousands of requests signed in the same second, and refuses each replay', async () => {
    const g = guarded();
    const bodies = Array.from({ length: 5000 }, (_, i) => `user_id=U${i}&text=calls+1`);
    const first = await Promise.all(bodies.map((b) => g.post(b)));
    expect(first.filter((a) => a.status !== 200)).toEqual([]);
    const again = await Promise.all(bodies.map((b) => g.post(b)));
    expect(again.filter((a) => a.status !== 401)).toEqual([]);
    expect(g.passed).toHaveLength(5000);
  });

  it('keeps remembering a second while its timestamp is valid', async () => {
    const g = guarded();
    await g.post('a');
    // Five minutes of other traffic, one request a second.
    for (let s = 1; s <= 300; s++) {
      g.setNow(T + s);
      expect(await g.post(`b${s}`)).toEqual(PASSED);
      expect((await g.post('a', T)).status).toBe(401);
    }
    g.setNow(T + 301);
    expect((await g.post('a', T)).text).toBe('timestamp out of range');
  });

  it('refuses a body over the limit, whether declared or streamed, without passing it on', async () => {
    const g = guarded();
    const big = 'x'.repeat(1001);
    const headers = { 'x-slack-request-timestamp': String(T), 'x-slack-signature': sign(big, T) };
    expect(await g.send(big, { ...headers, 'content-length': '1001' })).toEqual({ status: 413, text: 'request body too large' });
    expect(await g.send(['x'.repeat(600), 'x'.repeat(401)], headers)).toEqual({ status: 413, text: 'request body too large' });
    expect(g.passed).toEqual([]);
  });

  it("answers Slack's unsigned ssl_check itself, and passes nothing on", async () => {
    const g = guarded();
    expect(await g.send('ssl_check=1&token=x', { 'x-slack-request-timestamp': String(T) })).toEqual({ status: 200, text: '' });
    // A smuggled command in an ssl_check body is not run.
    expect(await g.send('ssl_check=1&command=%2Flog&text=calls+1', { 'x-slack-request-timestamp': String(T) })).toEqual({
      status: 200,
      text: '',
    });
    expect(g.passed).toEqual([]);
  });

  it("passes Slack's own retry of an event delivery, signed again with the same timestamp", async () => {
    const g = guarded();
    const retry = { 'content-type': 'application/json', 'x-slack-retry-num': '1' };
    expect(await g.post('{"event_id":"Ev1"}', T, retry)).toEqual(PASSED);
    expect(await g.post('{"event_id":"Ev1"}', T, retry)).toEqual(PASSED);
    // A form request with a retry header is no event delivery: its replay is refused.
    expect((await g.post('text=calls+1', T, { 'x-slack-retry-num': '1' })).status).toBe(200);
    expect((await g.post('text=calls+1', T, { 'x-slack-retry-num': '1' })).status).toBe(401);
  });

  it('answers 500 when the listener throws, instead of leaving the request hanging or the process crashing', async () => {
    const answers: number[] = [];
    const listener = guardSlackRequests(
      () => {
        throw new Error('no route');
      },
      { signingSecret: SIGNING_SECRET, wallClockMs: () => T * 1000 },
    );
    await new Promise<void>((resolve) => {
      const req = Object.assign(Readable.from([Buffer.from('a')]), {
        method: 'POST',
        url: '/elsewhere',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(T),
          'x-slack-signature': sign('a', T),
        },
      }) as unknown as IncomingMessage;
      const res = { writeHead: (status: number) => answers.push(status), end: () => resolve() } as unknown as ServerResponse;
      listener(req, res);
    });
    expect(answers).toEqual([500]);
  });

  it('leaves requests other than POST to Bolt untouched', async () => {
    const g = guarded();
    expect(await g.send('', {}, 'GET')).toEqual(PASSED);
    expect(g.passed).toEqual([{ signature: 'undefined', body: '(unread)' }]);
  });
});

describe('RecentSignatures', () => {
  it('holds a signature per second it was signed in', () => {
    const seen = new RecentSignatures();
    const sig = sign('a', T);
    expect(seen.add(T, sig)).toBe(true);
    expect(seen.add(T, sig)).toBe(false);
    expect(seen.add(T + 1, sig)).toBe(true);
    expect(seen.add(T, sign('b', T))).toBe(true);
  });

  it("reuses a second's place round the ring only for a timestamp 1,024 seconds later, which starts empty", () => {
    const seen = new RecentSignatures();
    const sig = sign('a', T);
    seen.add(T, sig);
    expect(seen.add(T + 1023, sig)).toBe(true);
    expect(seen.add(T + 1024, sig)).toBe(true);
    expect(seen.add(T + 1024, sig)).toBe(false);
  });
});
