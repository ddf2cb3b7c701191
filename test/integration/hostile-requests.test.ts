import fs from 'node:fs';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries } from '../../src/db/schema.js';
import { botProcessPerTest } from '../support/bot-process.js';
import { slashCommand } from '../support/payloads.js';
import { postSigned, sign } from '../support/signing.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

/** Polls until `done` holds, for at most five seconds. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A raw connection to the bot, to send a request a byte at a time: what came back, and whether the bot closed it. */
function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let closed = false;
  socket.on('data', (c: Buffer) => (received += c.toString()));
  socket.on('error', () => {});
  socket.on('close', () => (closed = true));
  return {
    socket,
    received: () => received,
    closed: () => closed,
    /** Request headers for a body of `length` bytes, signed for `body` when given (else wrongly). */
    headers(length: number, body?: string) {
      const ts = Math.floor(Date.now() / 1000);
      socket.write(
        [
          'POST /slack/events HTTP/1.1',
          'Host: 127.0.0.1',
          'Content-Type: application/x-www-form-urlencoded',
          `X-Slack-Request-Timestamp: ${ts}`,
          `X-Slack-Signature: ${body === undefined ? `v0=${'0'.repeat(64)}` : sign(body, ts)}`,
          `Content-Length: ${length}`,
          '',
          '',
        ].join('\r\n'),
      );
    },
  };
}

describe('hostile requests against the bot in-process, with small limits', () => {
  let t: TestBot;
  const sockets: net.Socket[] = [];
  const open = (port: number) => {
    const c = connect(port);
    sockets.push(c.socket);
    return c;
  };
  beforeEach(async () => {
    t = await startTestBot({ requestLimits: { bodyLimit: 2000, unverifiedLimit: 3000, bodyTimeoutMs: 300, headersTimeoutMs: 300 } });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await t.close();
  });
  const port = () => Number(new URL(t.baseUrl).port);
  const rows = () => t.db.select().from(entries).all();
  const logCalls = () => t.post(slashCommand({ command: '/log', text: '30 calls' }));

  it('refuses a body over the limit with 413 before it is sent, and closes the connection', async () => {
    const c = open(port());
    c.headers(2001);
    await until(c.closed, 'the bot to close the connection');
    expect(c.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(c.received()).toContain('request body too large');
    expect((await logCalls()).status).toBe(200);
  });

  it('answers a body that stops arriving with 408 and closes the connection', async () => {
    const c = open(port());
    c.headers(1000);
    c.socket.write('command=%2Flog&text=30+calls');
    await until(c.closed, 'the bot to close the connection');
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.received()).toContain('request body too slow');
    expect(rows()).toEqual([]);
  });

  it('closes a connection whose headers do not arrive in time', async () => {
    const c = open(port());
    c.socket.write('POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await until(c.closed, 'the bot to close the connection');
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('drops the body held longest with 503 and Retry-After once unverified bodies pass the limit, and serves a real request', async () => {
    const first = open(port());
    first.headers(2000);
    first.socket.write('x'.repeat(1900));
    const second = open(port());
    second.headers(2000);
    second.socket.write('y'.repeat(1900));
    await until(first.closed, 'the bot to close the first connection');
    expect(first.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(first.received()).toMatch(/\r\nretry-after: 1\r\n/i);
    const res = await logCalls();
    expect(res.status).toBe(200);
    expect(res.json.text).toContain('Logged 1 activity');
    expect(rows()).toHaveLength(1);
  });

  it('refuses a wrongly signed body, sent slowly within the time, with 401 and records nothing', async () => {
    const c = open(port());
    const body = slashCommand({ command: '/log', text: '30 calls' });
    c.headers(body.length);
    c.socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 50));
    c.socket.write(body.slice(10));
    await until(() => c.received().includes('\r\n\r\n'), 'an answer');
    expect(c.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(rows()).toEqual([]);
  });

  it('takes a correctly signed body sent in pieces', async () => {
    t.slack.users.set('U0REP1', { tz: 'UTC' });
    const c = open(port());
    const body = slashCommand({ command: '/log', text: '30 calls' });
    c.headers(body.length, body);
    c.socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 50));
    c.socket.write(body.slice(10));
    await until(() => c.received().includes('Logged 1 activity'), 'the confirmation');
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(rows()).toHaveLength(1);
  });
});

describe('hostile requests against the bot as a process', () => {
  const bots = botProcessPerTest();
  const start = (nodeArgs: string[] = []) => bots.start({}, nodeArgs);
  /** Has the bot's process run `code` when sent SIGUSR2, from a module imported before the bot's own. */
  const onSignal = (code: string) => ['--import', `data:text/javascript,process.on('SIGUSR2', () => { ${code} })`];

  it('answers a signed payload=null and a JSON null with 400, and keeps serving', async () => {
    const bot = await start();
    const url = `http://127.0.0.1:${bot.port}/slack/events`;
    expect((await postSigned(url, 'payload=null')).status).toBe(400);
    expect((await postSigned(url, 'null', { contentType: 'application/json' })).status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${bot.port}/health`)).status).toBe(200);
    const res = await postSigned(url, slashCommand({ command: '/log', text: 'demo self-led' }));
    expect(res.status).toBe(200);
    expect(res.json.text).toContain('Logged 1 activity');
    expect(bot.child.exitCode).toBeNull();
  });

  it('logs a rejection nothing handled, and keeps serving', async () => {
    const bot = await start(onSignal("Promise.reject(new Error('a failure for the test'));"));
    bot.child.kill('SIGUSR2');
    await until(() => bot.output.join('').includes('a failure for the test'), 'the log line');
    expect(bot.output.join('')).toContain('a failure nothing handled; carrying on');
    expect((await fetch(`http://127.0.0.1:${bot.port}/health`)).status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  });

  it('on an uncaught exception, logs it, stops cleanly and exits 1', async () => {
    const bot = await start(onSignal("throw new Error('a throw for the test');"));
    bot.child.kill('SIGUSR2');
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    const output = bot.output.join('');
    expect(output).toContain('a throw for the test');
    expect(output).toContain('uncaught exception, stopping');
    // A clean stop closes the database, which removes its write-ahead log.
    expect(fs.existsSync(`${bots.dbPath}-wal`)).toBe(false);
  });
});
