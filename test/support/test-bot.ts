import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogLevel } from '@slack/bolt';
import { expect } from 'vitest';
import { createBot, type Bot, type RequestLimits } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/index.js';
import { blockKitProblems } from '../../src/views/block-kit.js';
import { createJsonLogger } from '../../src/logger.js';
import { buttonClick, logFormSubmission, slashCommand, viewSubmission, type SlashCommandFields } from './payloads.js';
import { postSigned, SIGNING_SECRET, type HttpAnswer, type SignedPostOptions } from './signing.js';
import { SlackStandIn } from './slack-stand-in.js';

/** A clock tests move by hand. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface TestBot {
  slack: SlackStandIn;
  db: Db;
  bot: Bot;
  clock: TestClock;
  baseUrl: string;
  dbPath: string;
  logLines: string[];
  /** Sends a signed slash command; `text` is what the rep typed. */
  command(command: string, text: string, fields?: Partial<SlashCommandFields>, options?: SignedPostOptions): Promise<HttpAnswer>;
  /** A slash command `user` typed, and the message it was answered with: checked to be HTTP 200 and valid Block Kit. */
  answer(command: string, text: string, user: string): Promise<any>;
  submitLogForm(args: Parameters<typeof logFormSubmission>[0]): Promise<HttpAnswer>;
  click(args: Parameters<typeof buttonClick>[0]): Promise<HttpAnswer>;
  /** Submits a modal with the given input states. */
  submitView(args: Parameters<typeof viewSubmission>[0]): Promise<HttpAnswer>;
  post(rawBody: string, options?: SignedPostOptions): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * The real bot in HTTP mode on a free loopback port, on a real SQLite file built by the real
 * migrations, talking to a fresh Slack stand-in.
 */
export async function startTestBot(
  options: {
    now?: string;
    env?: Record<string, string>;
    dbPath?: string;
    scheduleDigests?: boolean;
    logLevel?: 'debug' | 'error';
    requestLimits?: RequestLimits;
    /** How long a slow answer may take before the command is acknowledged with a word that it follows. */
    answerWaitMs?: number;
  } = {},
): Promise<TestBot> {
  const slack = await new SlackStandIn().start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-bot-'));
  const dbPath = options.dbPath ?? path.join(dir, 'points.db');
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'error',
    DIGEST_TIME_SCALE: '1000',
    ...options.env,
  });
  const db = openDatabase(config.databasePath, { purpose: 'requests' });
  const clock = new TestClock(new Date(options.now ?? '2026-11-18T15:00:00Z'));
  const logLines: string[] = [];
  const logger = createJsonLogger(options.logLevel === 'debug' ? LogLevel.DEBUG : LogLevel.ERROR, (line) => logLines.push(line));
  const bot = createBot({
    config,
    db,
    now: clock.now,
    logger,
    scheduleDigests: options.scheduleDigests,
    digestTimeoutMs: 1000,
    requestLimits: options.requestLimits,
    answerWaitMs: options.answerWaitMs,
  });
  const { port } = await bot.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const post = (rawBody: string, opts?: SignedPostOptions) => postSigned(`${baseUrl}/slack/events`, rawBody, opts);
  return {
    slack,
    db,
    bot,
    clock,
    baseUrl,
    dbPath,
    logLines,
    post,
    command: (command, text, fields, opts) => post(slashCommand({ command, text, ...fields }), opts),
    async answer(command, text, user) {
      const res = await post(slashCommand({ command, text, user_id: user }));
      expect(res.status).toBe(200);
      expect(blockKitProblems(res.json, 'message')).toEqual([]);
      return res.json;
    },
    submitLogForm: (args) => post(logFormSubmission(args)),
    click: (args) => post(buttonClick(args)),
    submitView: (args) => post(viewSubmission(args)),
    async close() {
      await bot.stop();
      await slack.stop();
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
      // Nothing the bot sent in the whole test may have been refused for breaking Block Kit's limits.
      expect(slack.refusedBlocks).toEqual([]);
    },
  };
}
