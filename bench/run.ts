/**
 * `npm run bench`: measures the bot as Slack drives it, beside the fastest a Bolt app can be.
 * Results print as Markdown; BENCHMARKS.md records them with the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/index.js';
import { previewDigests } from '../src/digest/job.js';
import { catalogueWithRetired } from '../src/scoring/catalogue.js';
import { kpiPeriods, teamKpiReport } from '../src/scoring/kpis.js';
import { buildTeamKpiView } from '../src/views/kpis.js';
import { localDay, weekLabel, weekStartOf } from '../src/scoring/week.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';
import { rssMb, startBot } from './bot.js';
import { chartsReport } from './charts.js';
import { exportReport } from './export.js';
import { deliveryReport } from './delivery.js';
import { homeReport } from './home.js';
import { parseTimeReport } from './parse-time.js';
import { RECENT_DAYS, seedHistory, seedUsers } from './seed.js';

const DIST = path.resolve(import.meta.dirname, '..');
const SECRET = 'bench-signing-secret';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Each comparison runs this many times, alternating its sides: this machine's speed drifts by tens of percent. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIG = Number(process.env.BENCH_ENTRIES ?? 10_000_000);
/** The history an export is written from. */
const EXPORT_ENTRIES = Number(process.env.BENCH_EXPORT_ENTRIES ?? 500_000);
/** The concurrencies of the load comparison, e.g. `64` or `16,64`. */
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,16,64,256').split(',').map(Number);
/**
 * `load` runs only the load comparison (a quick re-check of the throughput target); `history`
 * only the sections on the big files: history, every digest and start-up.
 */
const ONLY = process.env.BENCH_ONLY;
const ONLY_LOAD = ONLY === 'load';
if (LEVELS.some((c) => !Number.isInteger(c) || c < 1) || ![undefined, 'load', 'history'].includes(ONLY)) {
  throw new Error('BENCH_CONCURRENCY takes whole numbers separated by commas; BENCH_ONLY takes "load" or "history"');
}
/** Linux's clock ticks per second, the unit of CPU times in /proc (USER_HZ, 100 on every common build). */
const CLOCK_TICKS = 100;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'points-bench-'));
const stand = await new SlackStandIn().start();
const thisWeek = weekStartOf(localDay(new Date(), 'UTC'));
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

/** The bot on `dbPath`, against the stand-in, its rate limit out of the way of the load. */
function startBenchBot(dbPath: string) {
  return startBot({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: stand.url,
    DATABASE_PATH: dbPath,
    LOG_RATE_PER_MINUTE: '100000000',
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface Load {
  ok: number;
  failures: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

function load(
  port: number,
  concurrency: number,
  seconds: number,
  command: string,
  text: string,
  users: number,
  prefix: string,
): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(DIST, 'bench/load.js'),
        `http://127.0.0.1:${port}/slack/events`,
        SECRET,
        String(concurrency),
        String(seconds),
        command,
        text,
        String(users),
        prefix,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Load) : reject(new Error(`load generator exited ${code}`))));
  });
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
/** The middle item by `key` (for the round with the median throughput, its latencies are of one real run). */
const middle = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
const median = (xs: number[]) => middle(xs, (x) => x);
const medianRun = (runs: Load[]) => middle(runs, (l) => l.rps);
const ms = (l: Load) => `${fmt(l.p50, 2)} / ${fmt(l.p95, 2)} / ${fmt(l.p99, 2)}`;

// 1. Throughput and latency: the floor against the bot.
function startFloor(verify: 'bolt' | 'guard'): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(DIST, 'bench/floor.js')], {
      env: { ...process.env, SLACK_SIGNING_SECRET: SECRET, FLOOR_VERIFY: verify },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (c: Buffer) => {
      const m = /listening on :(\d+)/.exec(c.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
  });
}

/** CPU time a process has used (all its threads), in microseconds. */
function cpuUs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

/** A load run with the server's CPU time per request, in microseconds, and its peak resident memory in MB. */
type Measured = Load & { cpu: number; peakRss: number };

/** One load run against a server, with the server's CPU time per request and its memory sampled every 100 ms. */
async function measure(server: { child: ChildProcess; port: number }, concurrency: number): Promise<Measured> {
  const before = cpuUs(server.child.pid!);
  let peakRss = rssMb(server.child.pid!);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.child.pid!))), 100);
  const l = await load(server.port, concurrency, SECONDS, '/log', 'calls 1', 5000, 'U0B');
  clearInterval(sampler);
  return { ...l, cpu: (cpuUs(server.child.pid!) - before) / (l.ok + l.failures), peakRss };
}

if (ONLY !== 'history') {
  say('## 1. /log calls 1: the bot against a bare Bolt app');
  say();
  const floor = await startFloor('bolt');
  const guardedFloor = await startFloor('guard');
  const loadDb = path.join(work, 'load.db');
  seedUsers(loadDb, 'U0B', 5000);
  const bot = await startBenchBot(loadDb);
  for (const server of [floor, guardedFloor, bot]) await load(server.port, 16, 1, '/log', 'calls 1', 5000, 'U0B');
  const warmEntries = (new Database(loadDb, { readonly: true }).prepare('select count(*) n from entries').get() as { n: number }).n;
  say(
    `Medians of ${ROUNDS} rounds of ${SECONDS} s each; every round runs the floor, the guarded floor, then the bot. The floor is the bare Bolt app; the guarded floor is the same app with the bot's request guard checking signatures in place of Bolt's check, as in the bot. CPU is the server's own (all its threads) per request.`,
  );
  say();
  say(
    '| concurrency | floor req/s | floor p50 / p95 / p99 ms | guarded floor req/s | bot req/s | bot p50 / p95 / p99 ms | CPU µs/req: floor / guarded / bot | bot peak RSS MB | bot / floor (each round) | bot / guarded floor (each round) |',
  );
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  let botOk = 0;
  let botFailed = 0;
  for (const c of LEVELS) {
    const runs = {
      floor: [] as Measured[],
      guarded: [] as Measured[],
      bot: [] as Measured[],
    };
    for (let r = 0; r < ROUNDS; r++) {
      runs.floor.push(await measure(floor, c));
      runs.guarded.push(await measure(guardedFloor, c));
      runs.bot.push(await measure(bot, c));
    }
    botOk += runs.bot.reduce((n, b) => n + b.ok, 0);
    botFailed += runs.bot.reduce((n, b) => n + b.failures, 0);
    const ratio = (base: Load[]) => {
      const each = runs.bot.map((b, i) => `${fmt((100 * b.rps) / base[i]!.rps, 0)}%`).join(', ');
      return `${fmt((100 * medianRun(runs.bot).rps) / medianRun(base).rps, 0)}% (${each})`;
    };
    const f = medianRun(runs.floor);
    const b = medianRun(runs.bot);
    const cpu = [runs.floor, runs.guarded, runs.bot].map((rs) => fmt(median(rs.map((x) => x.cpu)), 0)).join(' / ');
    say(
      `| ${c} | ${fmt(f.rps, 0)} | ${ms(f)} | ${fmt(medianRun(runs.guarded).rps, 0)} | ${fmt(b.rps, 0)} | ${ms(b)} | ${cpu} | ${fmt(Math.max(...runs.bot.map((x) => x.peakRss)), 0)} | ${ratio(runs.floor)} | ${ratio(runs.guarded)} |`,
    );
  }
  await stop(bot.child);
  await stop(floor.child);
  await stop(guardedFloor.child);
  const rows = (new Database(loadDb, { readonly: true }).prepare('select count(*) n from entries').get() as { n: number }).n - warmEntries;
  say();
  say(
    `Entries committed during the measured runs: ${rows.toLocaleString('en-US')}; confirmations received: ${botOk.toLocaleString('en-US')} (${rows === botOk ? 'equal' : 'NOT equal'}); requests that failed or were not saved: ${botFailed}.`,
  );
}

// 2. History: 10 thousand entries against 10 million, both bots running, measured in turns.
if (ONLY_LOAD) await finish();
say();
say('## 2. History does not slow the rep down');
say();
say(`Medians of ${ROUNDS} rounds; in each round every measurement runs on the small database, then on the big one.`);
say();
say(
  `Both files hold the same last ${RECENT_DAYS} days: 10,000 entries of 1,000 reps (the small file is nothing else); the big one has ${(BIG - 10_000).toLocaleString('en-US')} more in the three years before them. Only history differs.`,
);
say();
const sizes = [10_000, BIG];
const bots: Array<{ child: ChildProcess; port: number }> = [];
const seedSeconds: number[] = [];
let bigStart = { startMs: 0, rss: 0 };
for (const total of sizes) {
  const dbPath = path.join(work, `history-${total}.db`);
  const seeded = performance.now();
  seedHistory(dbPath, total, 1000, { recent: 10_000 });
  {
    // A 60-rep team for /points team kpis: U0H000000 manages the next 60 reps.
    const db = new Database(dbPath);
    db.exec("UPDATE users SET manager_id = 'U0H000000' WHERE id BETWEEN 'U0H000001' AND 'U0H000060'");
    db.close();
  }
  seedSeconds.push((performance.now() - seeded) / 1000);
  const b = await startBenchBot(dbPath);
  if (total === BIG) bigStart = { startMs: b.startMs, rss: b.rss };
  // Warm up as a running bot is: every rep read and written once before measuring.
  await load(b.port, 16, 1, '/points', '', 1000, 'U0H');
  await load(b.port, 16, 1, '/log', 'calls 1', 1000, 'U0H');
  bots.push(b);
}
// [command, text, concurrency, users]: team kpis is asked by the 60-rep team's manager alone.
const kinds = [
  ['/points', '', 1, 1000],
  ['/points', '', 16, 1000],
  ['/log', 'calls 1', 1, 1000],
  ['/log', 'calls 1', 16, 1000],
  ['/points', 'kpis quarter', 1, 1000],
  ['/points', 'team kpis', 1, 1],
] as const;
// hist[size][kind] holds one Load per round.
const hist = sizes.map(() => kinds.map(() => [] as Load[]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [k, [command, text, c, users]] of kinds.entries()) {
    for (const [i, b] of bots.entries()) hist[i]![k]!.push(await load(b.port, c, SECONDS, command, text, users, 'U0H'));
  }
}
for (const b of bots) await stop(b.child);
const p50 = (i: number, k: number) => median(hist[i]![k]!.map((l) => l.p50));
const p99 = (i: number, k: number) => median(hist[i]![k]!.map((l) => l.p99));
const rps = (i: number, k: number) => median(hist[i]![k]!.map((l) => l.rps));
say(
  '| entries in the database | /points p50 / p99 ms (c=1) | /points req/s (c=16) | /log p50 / p99 ms (c=1) | /log req/s (c=16) | /points kpis quarter p50 / p99 ms | /points team kpis (60 reps) p50 / p99 ms |',
);
say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [i, total] of sizes.entries()) {
  say(
    `| ${total.toLocaleString('en-US')} (seeded in ${fmt(seedSeconds[i]!)} s) | ${fmt(p50(i, 0), 2)} / ${fmt(p99(i, 0), 2)} | ${fmt(rps(i, 1), 0)} | ${fmt(p50(i, 2), 2)} / ${fmt(p99(i, 2), 2)} | ${fmt(rps(i, 3), 0)} | ${fmt(p50(i, 4), 2)} / ${fmt(p99(i, 4), 2)} | ${fmt(p50(i, 5), 2)} / ${fmt(p99(i, 5), 2)} |`,
  );
}
const roundRatios = (k: number) => hist[1]![k]!.map((l, r) => `${fmt(l.p50 / hist[0]![k]![r]!.p50, 2)}x`).join(', ');
say();
say(
  `p50 ratio, ${BIG.toLocaleString('en-US')} against 10,000 (medians): /points ${fmt(p50(1, 0) / p50(0, 0), 2)}x (rounds: ${roundRatios(0)}), /log ${fmt(p50(1, 2) / p50(0, 2), 2)}x (rounds: ${roundRatios(2)}), /points kpis quarter ${fmt(p50(1, 4) / p50(0, 4), 2)}x (rounds: ${roundRatios(4)}), /points team kpis ${fmt(p50(1, 5) / p50(0, 5), 2)}x (rounds: ${roundRatios(5)}).`,
);

// 3. Building every digest.
say();
say('## 3. Every digest for 1,000 managers and 10,000 reps');
say();
const digestDb = path.join(work, 'digest.db');
// As large a history as the big database above, spread over 10,000 reps.
seedHistory(digestDb, BIG, 10_000);
{
  const db = new Database(digestDb);
  db.exec("UPDATE users SET manager_id = printf('U0M%04d', CAST(substr(id, 4) AS INTEGER) % 1000) WHERE id LIKE 'U0H%'");
  db.close();
}
const ddb = openDatabase(digestDb);
const runs: number[] = [];
let messages = 0;
let managers = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const all = previewDigests(ddb, { weekStart: thisWeek });
  runs.push(performance.now() - t0);
  managers = all.length;
  messages = all.reduce((n, d) => n + d.messages.length, 0);
}
runs.sort((a, b) => a - b);
say(
  `Built ${managers.toLocaleString('en-US')} digests (${messages.toLocaleString('en-US')} messages), each with the team's KPI line, the reasons reps are behind and the anomaly flags, on ${BIG.toLocaleString('en-US')} entries: median ${fmt(runs[2]!, 0)} ms, fastest ${fmt(runs[0]!, 0)} ms, slowest ${fmt(runs[4]!, 0)} ms over 5 runs.`,
);
// An admin's `/points team kpis quarter` of the whole roster: how long, and the longest the
// event loop waited meanwhile (every other request waits that long).
{
  const catalogue = catalogueWithRetired(ddb);
  const today = localDay(new Date(), 'UTC');
  const periods = kpiPeriods('quarter', thisWeek, weekLabel(thisWeek), today);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  const report = await teamKpiReport(ddb, { periods, catalogue });
  const view = buildTeamKpiView({ ...report, periods, catalogue });
  const took = performance.now() - t0;
  loop.disable();
  say(
    `An admin's whole-roster KPIs for the quarter (${report.reps.length.toLocaleString('en-US')} reps): ${fmt(took, 0)} ms, the event loop held at most ${fmt(loop.max / 1e6, 0)} ms at a time; ${view.length} messages.`,
  );
}
ddb.$client.close();

// 4. Start-up on the big database.
say();
say('## 4. Start-up on the big database');
say();
say(
  `From process start to /health 200 on ${BIG.toLocaleString('en-US')} entries: ${fmt(bigStart.startMs, 0)} ms; resident memory then: ${fmt(bigStart.rss, 0)} MB.`,
);
const again = await startBenchBot(path.join(work, `history-${BIG}.db`));
say(`A second start on the same file: ${fmt(again.startMs, 0)} ms, ${fmt(again.rss, 0)} MB.`);
await stop(again.child);
if (ONLY === 'history') await finish();

// 5. Reading a long /log line, in this process.
say();
say('## 5. Reading a long /log line');
say();
for (const line of parseTimeReport()) say(line);

// 6. The Friday delivery at Slack's limits, against its own limiting stand-in.
say();
say("## 6. The Friday delivery at Slack's limits");
say();
for (const line of await deliveryReport()) say(line);
// 7. Drawing the team chart, in this process.
say();
say('## 7. Drawing the team chart of 60 reps');
say();
for (const line of await chartsReport()) say(line);
// 8. An admin's export, in a process of its own with the bot's flags.
say();
say('## 8. Writing an export');
say();
for (const line of await exportReport(EXPORT_ENTRIES)) say(line);

// 9. The App Home of a manager.
say();
say('## 9. Publishing the App Home of a manager of 60 reps');
say();
for (const line of await homeReport()) say(line);

await finish();

/** Writes what was measured to bench-results.md and ends the run. */
async function finish(): Promise<never> {
  await stand.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.writeFileSync(path.join(process.cwd(), 'bench-results.md'), `${lines.join('\n')}\n`);
  process.exit(0);
}
