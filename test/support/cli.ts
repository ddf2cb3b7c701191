import { webApi } from '@slack/bolt';
import { loadConfig } from '../../src/config.js';
import type { TestBot } from './test-bot.js';

/**
 * What the `npm run` tools are given, against a test bot's database and Slack stand-in: its
 * clock, and `out` collecting what they print. `env` adds settings.
 */
export function cliContext(t: TestBot, out: string[], env: Record<string, string> = {}) {
  return {
    config: loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: t.slack.url,
      DATABASE_PATH: t.dbPath,
      DIGEST_TIME_SCALE: '1000',
      ...env,
    }),
    db: t.db,
    now: t.clock.now,
    out: (line: string) => out.push(line),
    client: new webApi.WebClient('xoxb-test-token', { slackApiUrl: t.slack.url, retryConfig: { retries: 0 } }),
  };
}
