/**
 * The floor: a bare Bolt app in HTTP mode whose /log handler only acks. Same receiver settings
 * as the bot (signature checks, processBeforeResponse). Prints its port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: 'xoxb-floor',
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  processBeforeResponse: true,
  tokenVerificationEnabled: false,
  botId: 'BFLOOR',
  botUserId: 'UFLOOR',
  logLevel: LogLevel.ERROR,
});
app.command('/log', async ({ ack }) => {
  await ack();
});
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
process.stdout.write(`listening on :${(server.address() as AddressInfo).port}\n`);
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
