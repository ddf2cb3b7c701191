import { webApi } from '@slack/bolt';
import { loadConfig } from '../config.js';
import { exportCli } from './data.js';
import { runDataTool } from './main.js';

// Slack settings are read only when --user names an email: an export by ID needs none.
const client = () => {
  const config = loadConfig(process.env);
  return new webApi.WebClient(config.botToken, { slackApiUrl: config.slackApiUrl, timeout: 10_000 });
};

await runDataTool(({ db, out }) => exportCli(process.argv.slice(2), { db, out, client }));
