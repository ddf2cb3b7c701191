/**
 * The floor: a bare Bolt app in HTTP mode whose /log handler only acks. Same receiver settings
 * as the bot (signature checks, processBeforeResponse), and like the bot no conversation store:
 * Bolt's default one builds an Error for every request that has no stored state, which cost
 * the floor about an eighth of its CPU. Prints its port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: 'xoxb-floor',
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  processBeforeResponse: true,
  convoStore: false,
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
