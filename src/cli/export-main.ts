import { webApi } from '@slack/bolt';
import { loadConfig } from '../config.js';
import { exportCli } from './data.js';
import { runDataTool } from './main.js';

// Slack settings are read only to look up an email and people's names: without them people are
// named by Slack ID. Few retries: an unreachable Slack should cost a name, not half an hour.
const client = () => {
  const config = loadConfig(process.env);
  return new webApi.WebClient(config.botToken, { slackApiUrl: config.slackApiUrl, timeout: 10_000, retryConfig: { retries: 2 } });
};

await runDataTool(({ db, out }) => exportCli(process.argv.slice(2), { db, out, client }));
