/**
 * The floor: a bare Bolt app in HTTP mode whose /log handler only acks, with the receiver
 * settings the bot has (processBeforeResponse, as the bot answers after its work) and, like the
 * bot, no conversation store: Bolt's default one builds an Error for every request that has no
 * stored state, which cost the floor about an eighth of its CPU.
 *
 * FLOOR_VERIFY=guard puts the bot's request guard in front instead of Bolt's own signature
 * check, as the bot does: the same app, but with the cheaper check (see BENCHMARKS.md).
 * Prints its port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { guardSlackRequests } from '../src/request-guard.js';

const signingSecret = process.env.SLACK_SIGNING_SECRET!;
const guarded = process.env.FLOOR_VERIFY === 'guard';
const receiver = new HTTPReceiver({ signingSecret, signatureVerification: !guarded, processBeforeResponse: true });
if (guarded) receiver.requestListener = guardSlackRequests(receiver.requestListener, { signingSecret });
const app = new App({
  token: 'xoxb-floor',
  receiver,
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
