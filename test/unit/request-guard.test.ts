import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { createJsonLogger } from '../../src/logger.js';
import { DEFAULT_BODY_LIMIT, guardSlackRequests, RecentSignatures, type GuardOptions } from '../../src/request-guard.js';
import { largestButtonClick, largestLogFormSubmission } from '../support/largest-payloads.js';
import { sign, SIGNING_SECRET } from '../support/signing.js';

const T = 1_795_000_000;

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** A request body that counts how often it was read, and ends only when told to. */
function heldBody(): { stream: PassThrough; reads: () => number } {
  let reads = 0;
  const stream = new PassThrough();
  const read = stream._read.bind(stream);
  stream._read = (size) => {
    reads += 1;
    read(size);
  };
  return { stream, reads: () => reads };
}

/** The guard around a listener that answers 200 "passed", on a clock the test moves. */
function guarded(options: Partial<GuardOptions> = { bodyLimit: 1000 }) {
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
      ...options,
    },
  );
  /** Sends a body (in the chunks given, or as a stream the test feeds) with these headers; resolves to the answer. */
  const exchange = (body: string | string[] | Readable, headers: Record<string, string>, method = 'POST') =>
    new Promise<Answer>((resolve) => {
      const stream = body instanceof Readable ? body : Readable.from((typeof body === 'string' ? [body] : body).map((c) => Buffer.from(c)));
      const req = Object.assign(stream, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      }) as unknown as IncomingMessage;
      const answer: Answer = { status: 0, text: '', headers: {} };
      const res = {
        headersSent: false,
        writeHead: (status: number, sent: Record<string, string> = {}) => {
          res.headersSent = true;
          Object.assign(answer, { status, headers: sent });
        },
        end: (text = '') => resolve({ ...answer, text: String(text) }),
      };
      listener(req, res as unknown as ServerResponse);
    });
  const send = async (body: string | string[] | Readable, headers: Record<string, string>, method = 'POST') => {
    const { status, text } = await exchange(body, headers, method);
    return { status, text };
  };
  const signed = (body: string, ts = nowS, extra: Record<string, string> = {}) => ({
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': sign(body, ts),
    ...extra,
  });
  const post = (body: string, ts = nowS, extra: Record<string, string> = {}) => send(body, signed(body, ts, extra));
  return { exchange, send, post, signed, passed, warnings, setNow: (s: number) => (nowS = s) };
}

const PASSED = { status: 200, text: 'passed' };

/** A slash command's form body: what most of these requests carry. */
const command = (text: string) => `command=%2Flog&text=${text}`;

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
    expect(await g.post(command('a'), T - 301)).toEqual({ status: 401, text: 'timestamp out of range' });
    expect(await g.post(command('a'), T + 301)).toEqual({ status: 401, text: 'timestamp out of range' });
    expect(await g.post(command('a'), T - 300)).toEqual(PASSED);
    expect(g.passed).toHaveLength(1);
    // An operator whose clock is off sees why every request is refused.
    expect(g.warnings).toHaveLength(2);
    expect(g.warnings[0]).toContain('check the clock');
  });

  it('tells apart thousands of requests signed in the same second, and refuses each replay', async () => {
    const g = guarded();
    const bodies = Array.from({ length: 5000 }, (_, i) => `${command('calls+1')}&user_id=U${i}`);
    const first = await Promise.all(bodies.map((b) => g.post(b)));
    expect(first.filter((a) => a.status !== 200)).toEqual([]);
    const again = await Promise.all(bodies.map((b) => g.post(b)));
    expect(again.filter((a) => a.status !== 401)).toEqual([]);
    expect(g.passed).toHaveLength(5000);
  });

  it('keeps remembering a second while its timestamp is valid', async () => {
    const g = guarded();
    await g.post(command('a'));
    // Five minutes of other traffic, one request a second.
    for (let s = 1; s <= 300; s++) {
      g.setNow(T + s);
      expect(await g.post(command(`b${s}`))).toEqual(PASSED);
      expect((await g.post(command('a'), T)).status).toBe(401);
    }
    g.setNow(T + 301);
    expect((await g.post(command('a'), T)).text).toBe('timestamp out of range');
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
    const event = '{"type":"event_callback","event_id":"Ev1"}';
    expect(await g.post(event, T, retry)).toEqual(PASSED);
    expect(await g.post(event, T, retry)).toEqual(PASSED);
    // A form request with a retry header is no event delivery: its replay is refused.
    expect((await g.post(command('calls+1'), T, { 'x-slack-retry-num': '1' })).status).toBe(200);
    expect((await g.post(command('calls+1'), T, { 'x-slack-retry-num': '1' })).status).toBe(401);
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
      const req = Object.assign(Readable.from([Buffer.from(command('a'))]), {
        method: 'POST',
        url: '/elsewhere',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(T),
          'x-slack-signature': sign(command('a'), T),
        },
      }) as unknown as IncomingMessage;
      const res = { writeHead: (status: number) => answers.push(status), end: () => resolve() } as unknown as ServerResponse;
      listener(req, res);
    });
    expect(answers).toEqual([500]);
  });

  it('refuses by default a body over 256 KB, and a declared one before reading a byte of it', async () => {
    const g = guarded({});
    const { stream, reads } = heldBody();
    const headers = { ...g.signed('x'), 'content-length': String(DEFAULT_BODY_LIMIT + 1) };
    expect(await g.exchange(stream, headers)).toEqual({
      status: 413,
      text: 'request body too large',
      headers: { 'content-type': 'text/plain', connection: 'close' },
    });
    expect(reads()).toBe(0);
    const big = command('x'.repeat(DEFAULT_BODY_LIMIT));
    expect(await g.send(big, g.signed(big))).toEqual({ status: 413, text: 'request body too large' });
    expect(g.passed).toEqual([]);
  });

  it('takes by default the largest payloads the bot accepts, with half as much again to spare', async () => {
    const g = guarded({});
    for (const body of [largestLogFormSubmission(), largestButtonClick()]) {
      expect(Buffer.byteLength(body) * 1.5).toBeLessThan(DEFAULT_BODY_LIMIT);
      expect(await g.post(body)).toEqual(PASSED);
    }
    expect(g.passed).toHaveLength(2);
  });

  it('answers 408 and closes the connection when a body is not all there in time, and frees what it held', async () => {
    const g = guarded({ bodyTimeoutMs: 20, unverifiedLimit: 1000 });
    const { stream } = heldBody();
    const body = command('x'.repeat(900));
    stream.write(body.slice(0, 800));
    expect(await g.exchange(stream, g.signed(body))).toEqual({
      status: 408,
      text: 'request body too slow',
      headers: { 'content-type': 'text/plain', connection: 'close' },
    });
    // The 800 bytes it held are free again: a body of 900 fits.
    const next = command('y'.repeat(880));
    expect(await g.post(next)).toEqual(PASSED);
    expect(g.passed.map((p) => p.body)).toEqual([next]);
  });

  it('holds at most the set bytes of unverified bodies: the one waiting longest is answered 503 and closed', async () => {
    const g = guarded({ unverifiedLimit: 1000, bodyTimeoutMs: 60_000 });
    const { stream } = heldBody();
    const held = command('x'.repeat(900));
    stream.write(held.slice(0, 800));
    const first = g.exchange(stream, g.signed(held));
    // 800 held and 400 more would be 1,200: the held body makes room.
    const next = command('y'.repeat(380));
    expect(await g.post(next)).toEqual(PASSED);
    expect(await first).toEqual({
      status: 503,
      text: 'too many requests in progress',
      headers: { 'content-type': 'text/plain', connection: 'close', 'retry-after': '1' },
    });
    // A body larger than all there is room for is refused itself.
    const huge = command('z'.repeat(1100));
    expect((await g.exchange(huge, g.signed(huge))).status).toBe(503);
    expect(g.passed.map((p) => p.body)).toEqual([next]);
  });

  it('refuses a body whose signature is wrong, however it arrives', async () => {
    const g = guarded();
    const body = command('calls+1');
    const headers = g.signed(command('calls+2'));
    expect(await g.send(['command=%2F', 'log&text=calls', '+1'], headers)).toEqual({ status: 401, text: 'signature mismatch' });
    expect(g.passed).toEqual([]);
    expect(await g.send(body, g.signed(body))).toEqual(PASSED);
  });

  it('refuses an unsigned request that is not an ssl_check without reading it, or past a few KB', async () => {
    const g = guarded({});
    const { stream, reads } = heldBody();
    const json = { 'content-type': 'application/json', 'x-slack-request-timestamp': String(T) };
    expect(await g.send(stream, json)).toEqual({ status: 401, text: 'missing or malformed signature' });
    expect(reads()).toBe(0);
    const long = `ssl_check=1&token=${'x'.repeat(8000)}`;
    expect(await g.send(long, { 'x-slack-request-timestamp': String(T) })).toEqual({ status: 401, text: 'missing or malformed signature' });
    expect(g.passed).toEqual([]);
  });

  it.each([
    ['payload=null', 'form'],
    ['payload=%5B%5D', 'form'],
    ['payload=%22view_submission%22', 'form'],
    ['payload=%7B%7D', 'form'],
    ['payload=%7B%22type%22%3A1%7D', 'form'],
    ['payload=%7Bnot+json', 'form'],
    ['payload=%7B%22type%22%3A%22block_actions%22%7D&payload=%7B%22type%22%3A%22block_actions%22%7D', 'form'],
    ['text=calls+1', 'form'],
    ['command=%2Flog&command=%2Fpoints', 'form'],
    ['null', 'json'],
    ['[]', 'json'],
    ['"event_callback"', 'json'],
    ['{"event_id":"Ev1"}', 'json'],
    ['{"type":', 'json'],
  ])('refuses a signed body %s (%s) that is not what Slack sends, before the listener sees it', async (body, kind) => {
    const g = guarded();
    const type: Record<string, string> = kind === 'json' ? { 'content-type': 'application/json' } : {};
    expect(await g.post(body, T, type)).toEqual({ status: 400, text: 'malformed payload' });
    expect(g.passed).toEqual([]);
  });

  it('passes signed payloads of the shapes Slack sends', async () => {
    const g = guarded();
    expect(await g.post('payload=%7B%22type%22%3A%22block_actions%22%7D')).toEqual(PASSED);
    expect(await g.post('{"type":"url_verification","challenge":"c"}', T, { 'content-type': 'application/json' })).toEqual(PASSED);
    expect(await g.post(command('calls+1'))).toEqual(PASSED);
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
