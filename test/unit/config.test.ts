import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'secret' };

describe('loadConfig', () => {
  it('fills the defaults for HTTP mode', () => {
    expect(loadConfig(base)).toMatchObject({
      socketMode: false,
      port: 3000,
      databasePath: 'data/points.db',
      slackApiUrl: 'https://slack.com/api/',
      adminUserIds: [],
      defaultTimeZone: 'UTC',
      logLevel: 'info',
      maxCount: 500,
      maxDealAmount: 10_000_000,
      backdateDays: 7,
    });
  });

  it('chooses Socket Mode when an app token is set, without needing the signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' })).toMatchObject({ socketMode: true });
  });

  it('reads lists, numbers and the API base', () => {
    const config = loadConfig({
      ...base,
      ADMIN_USER_IDS: 'U012AB, W034CD',
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      DEFAULT_TIMEZONE: 'Europe/Paris',
      MAX_DEAL_AMOUNT: '50000',
    });
    expect(config).toMatchObject({
      adminUserIds: ['U012AB', 'W034CD'],
      port: 8080,
      slackApiUrl: 'http://127.0.0.1:9/api/',
      defaultTimeZone: 'Europe/Paris',
      maxDealAmount: 50_000,
    });
  });

  it.each([
    [{}, /SLACK_BOT_TOKEN is missing \(OAuth & Permissions > Bot User OAuth Token/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, /SLACK_BOT_TOKEN must start with xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-...', SLACK_APP_TOKEN: 'xapp-...' }, /SLACK_BOT_TOKEN is still the placeholder from .env.example/],
    [{ SLACK_BOT_TOKEN: 'xoxb-...', SLACK_APP_TOKEN: 'xapp-...' }, /SLACK_APP_TOKEN is still the placeholder from .env.example/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '...' }, /SLACK_SIGNING_SECRET is still the placeholder from .env.example/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is required in HTTP mode/],
    [{ ...base, PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ ...base, DEFAULT_TIMEZONE: 'Mars/Olympus' }, /DEFAULT_TIMEZONE is not a known IANA time zone/],
    [{ ...base, LOG_LEVEL: 'loud' }, /LOG_LEVEL /],
    [{ ...base, ADMIN_USER_IDS: 'bob' }, /ADMIN_USER_IDS each ID looks like U0123ABCD/],
    [{ ...base, SLACK_API_URL: 'not a url' }, /SLACK_API_URL /],
    [{ ...base, MAX_DEAL_AMOUNT: '12.5' }, /MAX_DEAL_AMOUNT /],
    [{ ...base, MAX_DEAL_AMOUNT: '1000000001' }, /MAX_DEAL_AMOUNT /],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('suggests the demo when there is no bot token at all, and only then', () => {
    expect(() => loadConfig({})).toThrow(
      /\nNo Slack app yet\? `npm run demo` runs the bot on this machine with a stand-in for Slack, no tokens needed\./,
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/^(?![\s\S]*npm run demo)/);
  });
});
