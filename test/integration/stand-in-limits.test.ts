import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../support/slack-stand-in.js';

/** The stand-in refuses what Slack refuses, so a view past Block Kit's limits fails a test as it would fail in Slack. */
describe('the Slack stand-in and Block Kit’s limits', () => {
  const slack = new SlackStandIn();
  let client: webApi.WebClient;
  beforeAll(async () => {
    await slack.start();
    client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterAll(async () => slack.stop());

  it('refuses a section past 3,000 characters with invalid_blocks, and records it', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    await expect(client.chat.postMessage({ channel: 'U0REP', text: 'too long', blocks })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect(slack.refusedBlocks).toEqual([{ method: 'chat.postMessage', problems: ['block 0 (section) text is 3001 chars (max 3000)'] }]);
  });

  it('accepts the same section at 3,000 characters', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3000) } }];
    await expect(client.chat.postMessage({ channel: 'U0REP', text: 'fits', blocks })).resolves.toMatchObject({ ok: true });
    expect(slack.refusedBlocks).toHaveLength(1);
  });
});
