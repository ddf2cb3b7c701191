/**
 * `npm run attack:body`: the unauthenticated body attack against the bot as `npm start` runs it.
 * Many connections each send a current timestamp (anyone can write one), a wrong signature and
 * a Content-Length just under a limit, then send all but the last bytes and hold. While they
 * hold, signed `/points` requests are timed; the bot's resident memory is read from /proc
 * throughout and after the attackers close. Two rounds: bodies just under Bolt's old 4 MB limit,
 * then bodies just under the guard's limit. Prints the figures as Markdown.
 * ATTACK_CONNECTIONS (default 1,000) sets the number of connections.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BODY_LIMIT } from '../src/request-guard.js';
import { slashCommand } from '../test/support/payloads.js';
import { postSigned } from '../test/support/signing.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';
import { rssMb, startBot } from './bot.js';

const SECRET = 'attack-signing-secret';
const CONNECTIONS = Number(process.env.ATTACK_CONNECTIONS ?? 1000);
/** How long the attackers hold their bodies once sent (or at most wait for them to be sent). */
const HOLD_MS = 4000;
const SEND_DEADLINE_MS = 25_000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'points-attack-'));
const stand = await new SlackStandIn().start();
stand.users.set('U0ATTACKED', { tz: 'UTC' });

function startAttackedBot() {
  return startBot({
    SLACK_BOT_TOKEN: 'xoxb-attack',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: stand.url,
    DATABASE_PATH: path.join(work, 'points.db'),
    LOG_LEVEL: 'error',
  });
}

/** Milliseconds for a signed `/points`, or the failure. */
async function timePoints(port: number): Promise<number | string> {
  const started = performance.now();
  try {
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashCommand({ command: '/points', user_id: 'U0ATTACKED' }), {
      secret: SECRET,
    });
    return res.status === 200 ? performance.now() - started : `HTTP ${res.status}`;
  } catch (err) {
    return (err as Error).message;
  }
}

interface Attacker {
  socket: net.Socket;
  status: string;
  sent: boolean;
}

/** Opens the connections; each declares `length` bytes, sends all but the last 16 and holds. */
function attack(port: number, length: number): Attacker[] {
  const body = Buffer.alloc(length - 16, 'a');
  return Array.from({ length: CONNECTIONS }, () => {
    const a: Attacker = { socket: net.connect(port, '127.0.0.1'), status: 'none', sent: false };
    a.socket.on('error', () => {
      if (a.status === 'none') a.status = 'reset';
    });
    a.socket.on('data', (c: Buffer) => {
      const m = /^HTTP\/1\.1 (\d+)/.exec(c.toString('latin1'));
      if (m && a.status === 'none') a.status = m[1]!;
    });
    a.socket.write(
      [
        'POST /slack/events HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/x-www-form-urlencoded',
        `X-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}`,
        `X-Slack-Signature: v0=${'0'.repeat(64)}`,
        `Content-Length: ${length}`,
        '',
        '',
      ].join('\r\n'),
    );
    a.socket.write(body, () => (a.sent = true));
    return a;
  });
}

const fmt = (n: number) => n.toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function round(label: string, length: number): Promise<string> {
  const bot = await startAttackedBot();
  const pid = bot.child.pid!;
  for (let i = 0; i < 3; i++) await timePoints(bot.port);
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const started = performance.now();
  const attackers = attack(bot.port, length);
  const settled = () => attackers.every((a) => a.sent || a.status !== 'none' || a.socket.destroyed);
  while (!settled() && performance.now() - started < SEND_DEADLINE_MS) await new Promise((r) => setTimeout(r, 50));
  const sentAfter = performance.now() - started;
  // Timed one after another while the attackers hold what they sent.
  const timings: Array<number | string> = [];
  const holdUntil = performance.now() + HOLD_MS;
  while (performance.now() < holdUntil) timings.push(await timePoints(bot.port));
  const during = rssMb(pid);
  for (const a of attackers) a.socket.destroy();
  await new Promise((r) => setTimeout(r, 2000));
  clearInterval(sampler);
  const after = rssMb(pid);
  const afterTiming = await timePoints(bot.port);
  const statuses = new Map<string, number>();
  for (const a of attackers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  const ms = timings.filter((t): t is number => typeof t === 'number');
  const failed = timings.filter((t) => typeof t === 'string');
  const exited = bot.child.exitCode !== null;
  bot.child.kill('SIGTERM');
  await new Promise((r) => bot.child.once('exit', r));
  const answers = [...statuses].map(([s, n]) => `${s}: ${n}`).join(', ');
  return `| ${label} | ${fmt(before)} | ${fmt(peak)} | ${fmt(during)} | ${fmt(after)} | ${fmt(sentAfter)} | ${ms.length} ok${failed.length ? `, ${failed.length} failed (${[...new Set(failed)].join('; ')})` : ''}: median ${fmt(median(ms))}, max ${fmt(Math.max(...ms))} | ${typeof afterTiming === 'number' ? fmt(afterTiming) : afterTiming} | ${answers}${exited ? ' (bot exited)' : ''} |`;
}

const say = (line = '') => process.stdout.write(`${line}\n`);
say(`## Body attack: ${CONNECTIONS.toLocaleString('en-US')} unsigned connections holding bodies`);
say();
say(
  '| bodies | RSS before MB | RSS peak MB | RSS while held MB | RSS 2 s after close MB | sent in ms | /points while held, ms | /points after, ms | answers the attackers got |',
);
say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
say(await round('just under 4 MB', 4 * 1024 * 1024 - 64));
say(await round(`just under the guard's limit (${DEFAULT_BODY_LIMIT.toLocaleString('en-US')} bytes)`, DEFAULT_BODY_LIMIT - 64));
await stand.stop();
fs.rmSync(work, { recursive: true, force: true });
