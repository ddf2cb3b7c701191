import fs from 'node:fs';
import { createBot, StartError } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseUnwritableError, openDatabase } from './db/index.js';

/**
 * The composition root: config, database, app, start, and a clean stop on SIGTERM/SIGINT (and on
 * an uncaught exception, with exit code 1).
 */
async function main(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  // The bot's connection waits only briefly for another process's lock; its write queue retries.
  const db = openDatabase(config.databasePath, { purpose: 'requests' });
  const bot = createBot({ config, db, scheduleDigests: true });
  let stopping = false;
  const stop = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    bot.logger.info(`${why}, stopping`);
    await bot.stop().catch((err: unknown) => bot.logger.error('stop failed', err));
    db.$client.close();
    process.exit(code);
  };
  // A rejection nothing handled failed one piece of work; ending the process for it would drop
  // every other request in flight, and a request that can cause one could stop the bot at will.
  process.on('unhandledRejection', (reason) => bot.logger.error('a failure nothing handled; carrying on', reason));
  // A throw that reached the top may have left a step half done in memory (a queue, a cache), so
  // carrying on is not safe. The database is consistent (its transactions are synchronous and
  // roll back), so stop as on SIGTERM, answering what is in flight, and exit 1 for a restart.
  process.on('uncaughtException', (error) => {
    bot.logger.error('an uncaught exception', error);
    void stop('uncaught exception', 1);
  });
  const { port } = await bot.start();
  bot.logger.info(
    config.socketMode
      ? `points bot connected in Socket Mode (health on :${port})`
      : `points bot listening on :${port} (POST /slack/events, GET /health)`,
  );
  process.on('SIGTERM', () => void stop('SIGTERM received', 0));
  process.on('SIGINT', () => void stop('SIGINT received', 0));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StartError || err instanceof DatabaseUnwritableError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`points bot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
