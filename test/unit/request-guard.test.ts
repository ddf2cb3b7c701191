import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { guardSlackRequests, RecentSignatures } from '../../src/request-guard.js';
import { sign } from '../support/signing.js';

const T = 1_795_000_000;

/** The guard around a listener that counts what reached it, on a clock the test moves. */
function guarded() {
  let nowS = T;
  const passed: string[] = [];
  const listener = guardSlackRequests((req) => passed.push(String(req.headers['x-slack-signature'])), {
    wallClockMs: () => nowS * 1000,
  });
  const send = (headers: Record<string, string>) => {
    const answer = { status: 0, text: '' };
    const res = {
      writeHead: (status: number) => (answer.status = status),
      end: (text: string) => (answer.text = text),
    } as unknown as ServerResponse;
    listener({ method: 'POST', headers } as unknown as IncomingMessage, res);
    return answer;
  };
  const post = (body: string, ts = nowS, extra: Record<string, string> = {}) =>
    send({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts), ...extra });
  return { send, post, passed, setNow: (s: number) => (nowS = s) };
}

describe('guardSlackRequests', () => {
  it('passes a signed request once and refuses it again, however late in the window the replay comes', () => {
    const g = guarded();
    expect(g.post('command=/log&text=calls+1').status).toBe(0);
    g.setNow(T + 299);
    expect(g.post('command=/log&text=calls+1', T)).toEqual({ status: 401, text: 'replayed request' });
    expect(g.passed).toHaveLength(1);
  });

  it('refuses a timestamp outside five minutes either way without passing it on', () => {
    const g = guarded();
    expect(g.post('a', T - 301)).toEqual({ status: 401, text: 'timestamp out of range' });
    expect(g.post('a', T + 301)).toEqual({ status: 401, text: 'timestamp out of range' });
    expect(g.passed).toEqual([]);
  });

  it('tells apart thousands of requests signed in the same second, and refuses each replay', () => {
    const g = guarded();
    const bodies = Array.from({ length: 5000 }, (_, i) => `user_id=U${i}&text=calls+1`);
    expect(bodies.map((b) => g.post(b).status).filter((s) => s !== 0)).toEqual([]);
    expect(bodies.map((b) => g.post(b).status).filter((s) => s !== 401)).toEqual([]);
    expect(g.passed).toHaveLength(5000);
  });

  it('keeps remembering a second while its timestamp is valid, and reuses its place only after', () => {
    const g = guarded();
    g.post('a');
    // Ten minutes of other traffic, one request a second, goes round a good part of the ring.
    for (let s = 1; s <= 600; s++) {
      g.setNow(T + s);
      g.post(`b${s}`);
      if (s <= 300) expect(g.post('a', T).status).toBe(401);
    }
    g.setNow(T + 1024);
    const sameSignature = g.send({ 'x-slack-request-timestamp': String(T + 1024), 'x-slack-signature': sign('a', T) });
    // A new second in the old one's place starts empty: the old timestamp is long out of range.
    expect(sameSignature.status).toBe(0);
    expect(g.post('a', T).text).toBe('timestamp out of range');
  });

  it('leaves to Bolt, and does not remember, a signature Slack could not have made', () => {
    const g = guarded();
    const forged = { 'x-slack-request-timestamp': String(T), 'x-slack-signature': 'v0=not-hex' };
    g.send(forged);
    g.send(forged);
    g.send({ 'x-slack-signature': sign('a', T) });
    expect(g.passed).toEqual(['v0=not-hex', 'v0=not-hex', sign('a', T)]);
  });

  it("passes Slack's own retry of an event delivery", () => {
    const g = guarded();
    const retry = { 'content-type': 'application/json', 'x-slack-retry-num': '1' };
    g.post('{"event_id":"Ev1"}', T, retry);
    g.post('{"event_id":"Ev1"}', T, retry);
    expect(g.passed).toHaveLength(2);
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
});
