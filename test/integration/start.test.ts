import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/index.js';
import { createJsonLogger } from '../../src/logger.js';
import { SlackStandIn } from '../support/slack-stand-in.js';

describe('starting the bot', () => {
  let slack: SlackStandIn;
  afterEach(async () => slack.stop());

  const start = async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-bad',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: slack.url,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const bot = createBot({ config, db: openDatabase(':memory:'), logger: createJsonLogger(LogLevel.ERROR, () => {}) });
    return bot.start();
  };

  it('stops with one clear line when Slack refuses the token', async () => {
    slack = await new SlackStandIn().start();
    slack.reply('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    await expect(start()).rejects.toThrow('Slack refused SLACK_BOT_TOKEN (invalid_auth); check OAuth & Permissions > Bot User OAuth Token');
  });

  it('says so when Slack cannot be reached, rather than blaming the token', async () => {
    slack = await new SlackStandIn().start();
    slack.reply('auth.test', { status: 500 }, { status: 500 });
    await expect(start()).rejects.toThrow(/^Could not reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ to check SLACK_BOT_TOKEN/);
  });
});
