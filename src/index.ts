import fs from 'node:fs';
import { createBot, StartError } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseUnwritableError, openDatabase } from './db.js';

/** The composition root: config, database, app, start, and a clean stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  // The bot's connection waits only briefly for another process's lock; its write queue retries.
  const db = openDatabase(config.databasePath, { purpose: 'requests' });
  const bot = createBot({ config, db, scheduleDigests: true });
  const { port } = await bot.start();
  bot.logger.info(
    config.socketMode
      ? `points bot connected in Socket Mode (health on :${port})`
      : `points bot listening on :${port} (POST /slack/events, GET /health)`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    bot.logger.info(`${signal} received, stopping`);
    await bot.stop().catch((err: unknown) => bot.logger.error('stop failed', err));
    db.$client.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StartError || err instanceof DatabaseUnwritableError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`points bot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
