import fs from 'node:fs';
import { ConfigError, loadConfig, loadDatabasePath, type Config } from '../config.js';
import { DatabaseUnwritableError, openDatabase, type Db } from '../db/index.js';
import type { webApi } from '@slack/bolt';

type Out = (line: string) => void;

/** Shared start of the command-line tools that talk to Slack: .env, config, database; one clear line on a bad config. */
export async function runTool(tool: (ctx: { config: Config; db: Db; out: Out }) => Promise<number>): Promise<void> {
  await run(loadConfig, (config, db, out) => tool({ config, db, out }));
}

/** Shared start of the tools that only read the database (backup, export): no Slack settings needed. */
export async function runDataTool(tool: (ctx: { db: Db; out: Out }) => Promise<number>): Promise<void> {
  await run(
    (env) => ({ databasePath: loadDatabasePath(env) }),
    (_settings, db, out) => tool({ db, out }),
  );
}

async function run<S extends { databasePath: string }>(
  load: (env: NodeJS.ProcessEnv) => S,
  tool: (settings: S, db: Db, out: Out) => Promise<number>,
): Promise<void> {
  try {
    if (fs.existsSync('.env')) process.loadEnvFile('.env');
    const settings = load(process.env);
    const db = openDatabase(settings.databasePath, { purpose: 'tool' });
    const code = await tool(settings, db, (line) => process.stdout.write(`${line}\n`));
    db.$client.close();
    process.exitCode = code;
  } catch (err) {
    const oneLine = err instanceof ConfigError || err instanceof DatabaseUnwritableError;
    process.stderr.write(`${oneLine ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}

/** What a command-line tool is handed; tests pass their own clock, output and Slack client. */
export interface CliDeps {
  config: Config;
  db: Db;
  /** The clock. */
  now: () => Date;
  out: (line: string) => void;
  client?: webApi.WebClient;
  /** Set when the output is a terminal: what redraws a line in place (a progress bar). */
  terminal?: { write: (chunk: string) => void };
}
