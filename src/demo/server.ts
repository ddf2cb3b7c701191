import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBot, type Bot } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase, type Db } from '../db/index.js';
import { runDigests } from '../digest/job.js';
import { isManager } from '../roster/roster.js';
import { DemoClient, type ClickedIn } from './client.js';
import { DemoClock, seedDemo, type SeedReport } from './seed.js';
import { DemoSlack } from './slack.js';
import { ADMIN_ID, DEMO_TEAM } from './team.js';

/** The demo listens here and nowhere else: it has no sign-in, so it must not be reachable from other machines. */
export const DEMO_HOST = '127.0.0.1';

/** The names the demo answers to. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** The slash commands the bot has (manifest.yml); anything else is answered as Slack would. */
const COMMANDS = ['/log', '/points', '/points-admin'];

export interface DemoOptions {
  /** 0 picks a free port. */
  port: number;
  /** Made afresh at each start. */
  databasePath: string;
}

export interface Demo {
  /** The page, http://localhost:<port>/demo. */
  url: string;
  port: number;
  seeded: SeedReport;
  db: Db;
  bot: Bot;
  slack: DemoSlack;
  stop(): Promise<void>;
}

/** The demo's port is taken by another program. */
export class DemoPortTaken extends Error {
  readonly code = 'demo_port_taken';
}

/**
 * Starts the demo: a Slack stand-in and the page on one loopback port, the real bot (HTTP mode,
 * the same factory `npm start` uses) on another, a fresh database, and six weeks of history.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const clock = new DemoClock();
  const slack = new DemoSlack(DEMO_TEAM, clock.now);
  let client: DemoClient | undefined;
  let bot: Bot | undefined;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `The demo failed: ${(err as Error).message}` }));
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // Asked for by another name (a DNS rebinding), the demo does not answer: it has no sign-in.
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) return sendJson(res, 403, { error: 'The demo answers only at localhost.' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/response/')) return slack.handle(req, res);
    if (url.pathname === '/' || url.pathname === '/demo/') return redirect(res, '/demo');
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const file = PAGE_FILES[url.pathname];
    if (file && req.method === 'GET') return sendFile(res, file);
    if (!url.pathname.startsWith('/demo/api/') || !client || !bot) return sendJson(res, 404, { error: 'Not found.' });
    return pageApi(req, res, url, { slack, client, bot });
  };
  const port = await listen(server, options.port);
  slack.baseUrl = `http://${DEMO_HOST}:${port}`;
  // Only once the port is ours: a second `npm run demo` on a taken port leaves the first one's database alone.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${options.databasePath}${suffix}`, { force: true });

  const signingSecret = randomBytes(32).toString('hex');
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-demo',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    HOST: DEMO_HOST,
    DATABASE_PATH: options.databasePath,
    ADMIN_USER_IDS: ADMIN_ID,
    DIGEST_TIME_SCALE: '100',
    LOG_LEVEL: 'warn',
  });
  const db = openDatabase(config.databasePath, { purpose: 'requests' });
  const started = createBot({ config, db, now: clock.now });
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await started.stop();
    db.$client.close();
  };
  try {
    const { port: botPort } = await started.start();
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const seeding = new DemoClient(slack, `http://${DEMO_HOST}:${botPort}/slack/events`, signingSecret, nowSeconds);
    const seeded = await seedDemo({ client: seeding, clock, digestDeps: started.digestDeps, now: new Date() });
    slack.clearEphemeral();
    client = seeding;
    bot = started;
    return { url: `http://localhost:${port}/demo`, port, seeded, db, bot: started, slack, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The page's own requests: each becomes what Slack would send the bot, signed, through DemoClient. */
async function pageApi(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  at: { slack: DemoSlack; client: DemoClient; bot: Bot },
) {
  const { slack, client, bot } = at;
  if (url.pathname === '/demo/api/team') return sendJson(res, 200, { team: DEMO_TEAM, host: DEMO_HOST });
  const userId = url.searchParams.get('user') ?? '';
  if (!DEMO_TEAM.some((p) => p.id === userId)) return sendJson(res, 400, { error: 'Pick someone from the demo team first.' });
  if (url.pathname === '/demo/api/inbox') return sendJson(res, 200, { version: slack.version, ...slack.inbox(userId) });
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST.' });
  // JSON only: another web site's page cannot send it here without the browser asking first (CORS), and it is never allowed.
  if (req.headers['content-type'] !== 'application/json') return sendJson(res, 415, { error: 'Send JSON.' });
  const body = await readJson(req);
  if (body === undefined) return sendJson(res, 400, { error: 'The request was not JSON.' });
  const answered = (answer: { status: number; json: Record<string, any> | undefined }) =>
    sendJson(
      res,
      answer.status === 200 ? 200 : 502,
      answer.status === 200 ? { ok: true } : { error: answer.json?.error ?? `The bot answered HTTP ${answer.status}.` },
    );
  switch (url.pathname) {
    case '/demo/api/command': {
      const typed = String(body.text ?? '').trim();
      const command = typed.split(/\s+/)[0] ?? '';
      if (!COMMANDS.includes(command)) {
        slack.deliver(userId, 'channel', {
          text: `\`${command || typed}\` is not a command here. The bot has ${COMMANDS.map((c) => `\`${c}\``).join(', ')}.`,
        });
        return sendJson(res, 200, { ok: true });
      }
      return answered(await client.command(userId, command, typed.slice(command.length).trim()));
    }
    case '/demo/api/click': {
      const where: ClickedIn = body.messageId
        ? { messageId: String(body.messageId) }
        : body.viewId
          ? { viewId: String(body.viewId) }
          : { home: true };
      return answered(await client.click(userId, where, body.action ?? {}));
    }
    case '/demo/api/submit':
      return answered(await client.submit(userId, String(body.viewId), body.values ?? {}));
    case '/demo/api/close':
      slack.closeModal(userId);
      return sendJson(res, 200, { ok: true });
    case '/demo/api/home':
      return answered(await client.openHome(userId));
    case '/demo/api/digest': {
      if (!isManager(bot.digestDeps.db, userId)) return sendJson(res, 400, { error: 'Only a manager with reps gets a digest.' });
      const report = await runDigests(bot.digestDeps, { mode: 'now', managerId: userId, force: true });
      const problems = [...report.failed, ...report.retrying].map((f) => f.error);
      return sendJson(
        res,
        problems.length ? 502 : 200,
        problems.length ? { error: problems.join('; ') } : { ok: true, sent: report.sent.length },
      );
    }
    default:
      return sendJson(res, 404, { error: 'Not found.' });
  }
}

/** The page's files, served as they are: plain HTML, CSS and JS with no build step. */
function pageDir(): string {
  // From src/demo (tests) or a build's copy of it: the page lives in the source tree, beside this file's source.
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'src', 'demo', 'page');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('the demo page (src/demo/page) was not found');
  }
}

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/demo': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/demo/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/demo/blocks.js': { file: 'blocks.js', type: 'text/javascript; charset=utf-8' },
  '/demo/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

function sendFile(res: http.ServerResponse, page: { file: string; type: string }): void {
  res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' });
  res.end(fs.readFileSync(path.join(pageDir(), page.file)));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function redirect(res: http.ServerResponse, to: string): void {
  res.writeHead(302, { location: to });
  res.end();
}

/** The page's JSON body (small: a line typed or a form's values), or undefined when it is not JSON. */
async function readJson(req: http.IncomingMessage): Promise<Record<string, any> | undefined> {
  let raw = '';
  for await (const chunk of req) {
    raw += String(chunk);
    if (raw.length > 256 * 1024) return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(raw || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

/** Listens on loopback only; a port already taken is a DemoPortTaken. */
function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new DemoPortTaken(
              `Port ${port} is already in use (another \`npm run demo\`?). Stop that, or pick another port: PORT=${port + 1} npm run demo`,
            )
          : err,
      ),
    );
    server.listen(port, DEMO_HOST, () => resolve((server.address() as AddressInfo).port));
  });
}
