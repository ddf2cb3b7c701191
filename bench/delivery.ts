/**
 * The Friday delivery at Slack's limits: 1,000 manager digests and 10,000 rep notes sent by
 * `npm run digest -- --send` (the built tool, its own process) to the Slack stand-in enforcing
 * one message a second per DM and 300 a minute per workspace, both answered beyond with 429
 * and `Retry-After`. The limits' clock and the tool's run `BENCH_DELIVERY_SCALE` times faster
 * (default 10), so the 37 minutes the limit allows take about 4 minutes. Faster scales measure
 * the machine instead of the schedule: at 20 times the tool needs 100 posts a second, half a
 * core at about 5 ms of CPU each, which a shared 2-core machine does not always give it.
 * Part of `npm run bench`; also runs alone:
 * `tsc -p tsconfig.bench.json && node dist/bench/delivery.js`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/index.js';
import { deliveries } from '../src/db/schema.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';

/** `BENCH_DELIVERY_MANAGERS` runs a smaller roster, for a quick look. */
const MANAGERS = Number(process.env.BENCH_DELIVERY_MANAGERS ?? 1_000);
const REPS_EACH = 10;
const PER_MINUTE = 300;
const SCALE = Number(process.env.BENCH_DELIVERY_SCALE ?? 10);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** A roster of 1,000 managers with 10 reps each, their profiles cached as in steady use. */
function seed(dbPath: string): void {
  const db = openDatabase(dbPath);
  const insert = db.$client.prepare(
    "INSERT INTO users (id, tz, tz_checked_at, created_at, on_roster, manager_id) VALUES (?, 'UTC', ?, 0, ?, ?)",
  );
  db.$client.transaction(() => {
    for (let m = 0; m < MANAGERS; m++) {
      const manager = `U0M${String(m).padStart(4, '0')}`;
      insert.run(manager, Date.now(), 0, null);
      for (let r = 0; r < REPS_EACH; r++) insert.run(`U0R${String(m * REPS_EACH + r).padStart(5, '0')}`, Date.now(), 1, manager);
    }
  })();
  db.$client.close();
}

/** Runs the delivery and returns the Markdown lines that report it. */
export async function deliveryReport(): Promise<string[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'points-delivery-'));
  const dbPath = path.join(work, 'delivery.db');
  seed(dbPath);
  const stand = await new SlackStandIn().start();
  stand.limit({ workspacePerMinute: PER_MINUTE, timeScale: SCALE });
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/digest-main.js'), '--send'], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench',
      SLACK_API_URL: stand.url,
      DATABASE_PATH: dbPath,
      DIGEST_TIME_SCALE: String(SCALE),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const wallMs = performance.now() - t0;
  await stand.stop();
  if (code !== 0) throw new Error(`digest --send exited ${code}: ${output}`);

  const db = openDatabase(dbPath);
  const rows = db.select().from(deliveries).all();
  db.$client.close();
  fs.rmSync(work, { recursive: true, force: true });

  const posts = stand.limitedPosts;
  const accepted = posts.filter((p) => p.status === 200);
  const limited = posts.filter((p) => p.status === 429);
  // What each DM holds, against what the deliveries table says was sent to it.
  let twice = 0;
  let lost = 0;
  for (const row of rows) {
    const held = stand
      .messagesIn(`D${row.recipientId.slice(1)}`)
      .filter((m) => m.metadata?.event_payload.delivery_id === row.id)
      .map((m) => m.metadata!.event_payload.part as number);
    twice += held.length - new Set(held).size;
    for (let part = 0; part < row.partsSent; part++) if (!held.includes(part)) lost += 1;
  }
  const owed = MANAGERS * (1 + REPS_EACH);
  const unsent = owed - rows.filter((r) => r.status === 'sent').length;
  const spanMs = accepted.at(-1)!.at - accepted[0]!.at;
  // The least the limit allows, by the stand-in's clock: its one-second burst at once, the rest at 5 a second.
  const leastMs = ((accepted.length - PER_MINUTE / 60) / PER_MINUTE) * 60_000;
  const minutes = (ms: number) => (ms / 60_000).toFixed(1);
  return [
    `| recipients | messages accepted | by the limits' clock | the least the limit allows | ratio | 429s (channel / workspace) | twice / lost / not sent | wall time at ${SCALE}× |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${owed.toLocaleString('en-US')} | ${accepted.length.toLocaleString('en-US')} | ${minutes(spanMs)} min | ${minutes(leastMs)} min | ${(spanMs / leastMs).toFixed(3)}x | ${limited.length} (${limited.filter((p) => p.limit === 'channel').length} / ${limited.filter((p) => p.limit === 'workspace').length}) | ${twice} / ${lost} / ${unsent} | ${(wallMs / 1000).toFixed(1)} s |`,
    '',
    `The tool's own summary: ${output.trim().split('\n').at(-1)}`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${(await deliveryReport()).join('\n')}\n`);
}
