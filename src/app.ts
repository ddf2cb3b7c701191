import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type Logger } from '@slack/bolt';
import { registerListeners } from './commands/index.js';
import type { Config } from './config.js';
import type { Db } from './db.js';
import { createJsonLogger } from './logger.js';

export interface BotOptions {
  config: Config;
  db: Db;
  /** The clock; defaults to the system's. */
  now?: () => Date;
  logger?: Logger;
  /** Web API retries; tests turn them off so a failing call fails at once. */
  retries?: number;
}

export interface Bot {
  app: App;
  logger: Logger;
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
  const app = new App({
    token: config.botToken,
    // auth.test runs in start(), awaited, so a bad token stops the start with a clear error.
    deferInitialization: true,
    logger,
    logLevel: LEVELS[config.logLevel],
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      ...(options.retries !== undefined ? { retryConfig: { retries: options.retries } } : {}),
    },
    customRoutes: [
      {
        path: '/health',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: ready }));
        },
      },
    ],
    ...(config.socketMode
      ? { socketMode: true, appToken: config.appToken, installerOptions: { port: config.port } }
      : { signingSecret: config.signingSecret!, processBeforeResponse: true }),
  });
  registerListeners(app, { db, config, now: options.now ?? (() => new Date()), logger });
  app.error(async (error) => {
    logger.error('unhandled error in a listener', error);
  });

  return {
    app,
    logger,
    async start() {
      try {
        await app.init();
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
        throw new StartError(`Slack refused SLACK_BOT_TOKEN (${code}); check OAuth & Permissions > Bot User OAuth Token`);
      }
      if (config.socketMode) {
        await app.start();
        ready = true;
        return { port: config.port };
      }
      const server = (await app.start({ port: config.port, host: config.host })) as Server;
      ready = true;
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      ready = false;
      await app.stop();
    },
  };
}
