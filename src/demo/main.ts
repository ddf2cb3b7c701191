import path from 'node:path';
import { DEMO_HOST, DemoPortTaken, startDemo } from './server.js';

/**
 * `npm run demo`: the bot with a stand-in Slack and a page that plays Slack's part, on this
 * machine only. It reads no `.env` and needs no token; its database is made afresh each start.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`PORT must be a port number, such as 3001; got "${process.env.PORT}".\n`);
    process.exit(1);
  }
  const databasePath = path.join('data', 'demo.db');
  process.stdout.write(`Points demo: starting the bot and logging six weeks of a demo team's history into ${databasePath} ...\n`);
  const demo = await startDemo({ port, databasePath });
  process.stdout.write(
    [
      `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${demo.seeded.lines} /log lines, ${demo.seeded.digests} digests and rep notes).`,
      ``,
      `  Open ${demo.url}`,
      ``,
      `It listens on ${DEMO_HOST} only, so no other machine can reach it, and talks to no Slack: no tokens, nothing leaves this machine.`,
      `${databasePath} is made afresh at each start. Ctrl+C stops it. For the real bot in Slack, see README.md (npm start).`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void demo.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof DemoPortTaken ? err.message : `The demo failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`}\n`,
  );
  process.exit(1);
});
