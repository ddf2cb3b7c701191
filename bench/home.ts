/**
 * Publishing the App Home of a manager of 60 reps, as Slack drives it: from the signed
 * app_home_opened event to the views.publish call reaching the Slack stand-in. Three cases: the
 * first Home (names read from users.info, the team chart and the conversion chain drawn and
 * uploaded), the same Home again (names, charts and uploads reused) and the Home after a rep
 * logged (both charts drawn and uploaded anew). Each Home also reads the team's KPIs, reasons and
 * flags, as the digest does. Part of `npm run bench`; also runs alone: `tsc -p tsconfig.bench.json && node dist/bench/home.js`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LogLevel } from '@slack/bolt';
import { createBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/index.js';
import { createJsonLogger } from '../src/logger.js';
import { homeOpenedEvent, slashCommand } from '../test/support/payloads.js';
import { postSigned, SIGNING_SECRET } from '../test/support/signing.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';

/** Timed runs of each kind; the table gives the median. */
const RUNS = Number(process.env.BENCH_HOME_RUNS ?? 15);
const REPS = 60;
const MANAGER = 'U0BENCHMGR';
const ADMIN = 'U0BENCHADM';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The section's lines, as Markdown. */
export async function homeReport(): Promise<string[]> {
  const slack = await new SlackStandIn().start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-bench-home-'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'home.db'),
    LOG_LEVEL: 'error',
    ADMIN_USER_IDS: ADMIN,
    LOG_RATE_PER_MINUTE: '100000',
    // No refresh of the opened Home while measuring: every publish timed is an opening's.
    HOME_REFRESH_MS: '600000',
  });
  const db = openDatabase(config.databasePath, { purpose: 'requests' });
  const bot = createBot({ config, db, logger: createJsonLogger(LogLevel.ERROR, () => undefined) });
  const { port } = await bot.start();
  const url = `http://127.0.0.1:${port}/slack/events`;
  const reps = Array.from({ length: REPS }, (_, i) => `U0BENCH${String(i).padStart(3, '0')}`);
  for (const [i, r] of reps.entries()) slack.users.set(r, { tz: 'UTC', name: `Rep ${i + 1} Surname` });
  slack.users.set(MANAGER, { tz: 'UTC', name: 'Bench Manager' });
  const command = (user: string, name: string, text: string) => postSigned(url, slashCommand({ command: name, text, user_id: user }));
  await command(ADMIN, '/points-admin', `assign ${reps.map((r) => `<@${r}>`).join(' ')} to <@${MANAGER}>`);
  for (const [i, r] of reps.entries()) await command(r, '/log', `${10 + i * 7} calls, ${i % 5} demo self-led`);

  /** Milliseconds from the event to its publish reaching Slack. */
  const openHome = async (): Promise<number> => {
    const before = slack.callsTo('views.publish').length;
    const body = homeOpenedEvent({ userId: MANAGER });
    const t0 = performance.now();
    const ts = Math.floor(Date.now() / 1000);
    await postSigned(url, body, { timestamp: ts, contentType: 'application/json' });
    while (slack.callsTo('views.publish').length === before) await new Promise((r) => setImmediate(r));
    return performance.now() - t0;
  };
  const first = await openHome();
  const again: number[] = [];
  for (let i = 0; i < RUNS; i++) again.push(await openHome());
  const changed: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await command(reps[i % REPS]!, '/log', 'calls 1');
    changed.push(await openHome());
  }
  const blocks = (slack.callsTo('views.publish').at(-1)!.args.view.blocks as unknown[]).length;
  await bot.stop();
  await slack.stop();
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    `The App Home of a manager of ${REPS} reps (${blocks} blocks: the team's week, its KPI line, the team chart and the conversion chain, the first page of reps with their reasons), from the signed app_home_opened event to views.publish reaching the Slack stand-in on loopback; medians of ${RUNS} runs, in milliseconds.`,
    '',
    '| first Home (names, charts drawn and uploaded) | same Home again (all reused) | after a rep logged (charts drawn and uploaded anew) |',
    '| ---: | ---: | ---: |',
    `| ${first.toFixed(1)} | ${median(again).toFixed(1)} | ${median(changed).toFixed(1)} |`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${(await homeReport()).join('\n')}\n`);
}
