import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { botProcessPerTest, runBotToExit } from '../support/bot-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The settings `.env.example` sets, as `cp .env.example .env` leaves them. */
function exampleSettings(): Record<string, string> {
  const lines = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
  return Object.fromEntries(lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('npm start before a Slack app is set up', () => {
  const bots = botProcessPerTest();

  it('with no tokens at all, names what is missing and suggests npm run demo', async () => {
    const { code, stdout, stderr } = await runBotToExit({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_API_URL: bots.slack.url });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Invalid configuration: SLACK_BOT_TOKEN is missing \(OAuth & Permissions > Bot User OAuth Token/);
    expect(stderr).toMatch(
      /\nNo Slack app yet\? `npm run demo` runs the bot on this machine with a stand-in for Slack, no tokens needed\.\n$/,
    );
  });

  it(".env.example's placeholders, copied as they are, are named as placeholders before Slack is asked anything", async () => {
    const example = exampleSettings();
    expect(example).toMatchObject({ SLACK_BOT_TOKEN: expect.any(String), SLACK_APP_TOKEN: expect.any(String) });
    const { code, stdout, stderr } = await runBotToExit({ SLACK_SIGNING_SECRET: '', ...example, SLACK_API_URL: bots.slack.url });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `SLACK_BOT_TOKEN is still the placeholder from .env.example (${example.SLACK_BOT_TOKEN}): put your app's own token there (OAuth & Permissions > Bot User OAuth Token (xoxb-...))`,
    );
    expect(stderr).toContain(`SLACK_APP_TOKEN is still the placeholder from .env.example (${example.SLACK_APP_TOKEN})`);
    expect(stderr).not.toContain('Could not reach Slack');
    expect(bots.slack.calls).toEqual([]);
  });
});
