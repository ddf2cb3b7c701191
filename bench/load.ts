/**
 * Load generator, run as its own process: sends signed slash commands over keep-alive
 * connections at a fixed concurrency for a fixed time and prints one JSON line of results.
 * Usage: node load.js URL SECRET CONCURRENCY SECONDS COMMAND TEXT USERS [USER_PREFIX]
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';

const [url, secret, concurrencyArg, secondsArg, command, text, usersArg, prefix = 'U0B'] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const seconds = Number(secondsArg);
const users = Number(usersArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url!);

function body(i: number): string {
  const user = `${prefix}${String(i % users).padStart(6, '0')}`;
  return new URLSearchParams({
    token: 't',
    team_id: 'T0001',
    team_domain: 'bench',
    channel_id: 'C0001',
    channel_name: 'bench',
    user_id: user,
    user_name: user,
    command: command!,
    text: text!,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/r',
    trigger_id: `t.${i}`,
  }).toString();
}

function send(i: number): Promise<{ ms: number; ok: boolean }> {
  const raw = body(i);
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret!).update(`v0:${ts}:${raw}`).digest('hex')}`;
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(raw),
          'x-slack-request-timestamp': ts,
          'x-slack-signature': signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const text = Buffer.concat(chunks).toString();
          resolve({ ms, ok: res.statusCode === 200 && !text.includes('not saved') && !text.includes('Slow down') });
        });
      },
    );
    req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: false }));
    req.end(raw);
  });
}

const latencies: number[] = [];
let failures = 0;
let next = 0;
const until = Date.now() + seconds * 1000;
const started = Date.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) {
      const r = await send(next++);
      if (r.ok) latencies.push(r.ms);
      else failures++;
    }
  }),
);
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
process.stdout.write(
  `${JSON.stringify({ ok: latencies.length, failures, rps: latencies.length / elapsed, p50: q(0.5), p95: q(0.95), p99: q(0.99) })}\n`,
);
agent.destroy();
