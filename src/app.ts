import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, webApi, type Logger } from '@slack/bolt';
import { ChartFiles } from './chart-files.js';
import { HomeRefresher } from './commands/home-refresh.js';
import { publishHome } from './commands/home.js';
import { ANSWER_WAIT_MS, type Deps } from './commands/deps.js';
import { NameCache } from './roster/names.js';
import { registerListeners } from './commands/index.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { createDigestDeps, type DigestDeps } from './digest/job.js';
import { startDigestScheduler, type DigestScheduler } from './digest/scheduler.js';
import { createJsonLogger } from './logger.js';
import { RateLimiter } from './rate-limit.js';
import { DEFAULT_BODY_TIMEOUT_MS, guardSlackRequests, type GuardOptions } from './request-guard.js';
import { WriteQueue } from './db/write-queue.js';

export interface BotOptions {
  config: Config;
  db: Db;
  /** The clock; defaults to the system's. */
  now?: () => Date;
  logger?: Logger;
  /** Run the digest scheduler (the composition root does; most tests drive digests by hand). */
  scheduleDigests?: boolean;
  /** How long one digest Web API call may take before it counts as failed (default 10 s). */
  digestTimeoutMs?: number;
  /** What the HTTP server takes from a request before it is verified; the defaults suit Slack, tests lower them. */
  requestLimits?: RequestLimits;
  /** How long a slow answer may take before the command is acknowledged with a word that it follows (ANSWER_WAIT_MS). */
  answerWaitMs?: number;
}

/** What the HTTP server takes from a request before it is verified (see src/request-guard.ts for the body's). */
export interface RequestLimits extends Pick<GuardOptions, 'bodyLimit' | 'unverifiedLimit' | 'bodyTimeoutMs'> {
  /** How long a request's headers may take to arrive, in ms; 5 s by default (Node's is 60 s). */
  headersTimeoutMs?: number;
}

export interface Bot {
  app: App;
  logger: Logger;
  /** What the digest job runs with: its own client, which leaves retries to the job. */
  digestDeps: DigestDeps;
  /** Keeps the App Homes people opened up to date. */
  home: HomeRefresher;
  /** The running scheduler, once started with `scheduleDigests`. */
  digests: DigestScheduler | undefined;
  /** Starts serving; in HTTP mode resolves to the bound port. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

const LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** The bot could not start for a reason an operator can fix. */
export class StartError extends Error {
  readonly code = 'start_failed';
}

/** Builds the Bolt app with every listener, a health route and the error backstop. Nothing starts here. */
export function createBot(options: BotOptions): Bot {
  const { config, db } = options;
  const logger = options.logger ?? createJsonLogger(LEVELS[config.logLevel]);
  let ready = false;
  const writes = new WriteQueue(db);
  const customRoutes = [
    {
      path: '/health',
      method: ['GET'],
      // Ready, and able to save what reps log: a bot that can only say "not saved" is not healthy.
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        const reason = ready ? writes.unwritable() : 'starting';
        res.writeHead(reason ? 503 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reason ? { ok: false, reason } : { ok: true }));
      },
    },
  ];
  let receiver: HTTPReceiver | undefined;
  if (!config.socketMode) {
    // The guard verifies every signature (and refuses replays) before Bolt sees the request.
    receiver = new HTTPReceiver({
      signingSecret: config.signingSecret!,
      signatureVerification: false,
      processBeforeResponse: true,
      customRoutes,
      logger,
    });
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: config.signingSecret!,
      logger,
      ...options.requestLimits,
    });
  }
  const app = new App({
    token: config.botToken,
    // auth.test runs in start(), awaited, so a bad token stops the start with a clear error.
    deferInitialization: true,
    // The bot keeps no conversation state in Bolt's store.
    convoStore: false,
    logger,
    logLevel: LEVELS[config.logLevel],
    // Listeners answer within Slack's 3 seconds: a call that hangs gives up, a failure is
    // retried once, quickly, and a 429 fails at once rather than pausing every other request.
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      timeout: 1200,
      retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 100 },
      rejectRateLimitedCalls: true,
    },
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken, customRoutes, installerOptions: { port: config.port } }),
  });
  const now = options.now ?? (() => new Date());
  const names = new NameCache(now);
  const chartFiles = new ChartFiles();
  const home = new HomeRefresher({
    debounceMs: config.homeRefreshMs,
    publish: (userId) => publishHome(deps, userId),
    logger,
  });
  const deps: Deps = {
    db,
    config,
    now,
    logger,
    logLimiter: new RateLimiter(config.logRatePerMinute),
    writes,
    background: new webApi.WebClient(config.botToken, {
      slackApiUrl: config.slackApiUrl,
      logger,
      timeout: 10_000,
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 },
    }),
    names,
    chartFiles,
    answerWaitMs: options.answerWaitMs ?? ANSWER_WAIT_MS,
    home,
  };
  registerListeners(app, deps);
  const digestDeps = createDigestDeps(config, db, logger, { now, timeoutMs: options.digestTimeoutMs, writes, names, chartFiles });
  let digests: DigestScheduler | undefined;
  let server: Server | undefined;
  app.error(async (error) => {
    logger.error('unhandled error in a listener', error);
  });

  return {
    app,
    logger,
    digestDeps,
    home,
    get digests() {
      return digests;
    },
    async start() {
      try {
        await app.init();
      } catch (err) {
        const refused = (err as { data?: { error?: string } }).data?.error;
        throw new StartError(
          refused
            ? `Slack refused SLACK_BOT_TOKEN (${refused}); check OAuth & Permissions > Bot User OAuth Token`
            : `Could not reach Slack at ${config.slackApiUrl} to check SLACK_BOT_TOKEN (${(err as Error).message}); check SLACK_API_URL and the network, then start again`,
        );
      }
      let port = config.port;
      if (receiver) {
        const headersTimeout = options.requestLimits?.headersTimeoutMs ?? 5000;
        server = (await app.start(
          { port: config.port, host: config.host },
          {
            headersTimeout,
            // The guard's own body timer answers a slow body first; this is Node's backstop, also
            // for bodies the guard leaves unread (Node reads and drops them before it closes).
            requestTimeout: headersTimeout + (options.requestLimits?.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS) + 1000,
            // Node checks both only this often; its default, 30 s, would let a slow client hold a connection that long.
            connectionsCheckingInterval: Math.min(1000, headersTimeout),
          },
        )) as Server;
        port = (server.address() as AddressInfo).port;
      } else await app.start();
      if (options.scheduleDigests) digests = startDigestScheduler(digestDeps);
      ready = true;
      return { port };
    },
    async stop() {
      if (!ready) return;
      ready = false;
      await digests?.stop();
      digests = undefined;
      home.stop();
      // Closing waits for requests in flight; keep-alive connections that go idle meanwhile
      // are closed as they do, so the stop does not wait out their timeout.
      const closing = app.stop();
      const sweep = setInterval(() => server?.closeIdleConnections(), 50);
      try {
        await closing;
      } finally {
        clearInterval(sweep);
      }
      // Every request has been answered, so every write has settled.
      writes.close();
    },
  };
}
