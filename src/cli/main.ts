import fs from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { DatabaseUnwritableError, openDatabase, type Db } from '../db.js';
import type { webApi } from '@slack/bolt';

/** Shared start of the command-line tools: .env, config, database; one clear line on a bad config. */
export async function runTool(tool: (ctx: { config: Config; db: Db; out: (line: string) => void }) => Promise<number>): Promise<void> {
  try {
    if (fs.existsSync('.env')) process.loadEnvFile('.env');
    const config = loadConfig(process.env);
    const db = openDatabase(config.databasePath, { purpose: 'tool' });
    const code = await tool({ config, db, out: (line) => process.stdout.write(`${line}\n`) });
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
  now: Date;
  out: (line: string) => void;
  client?: webApi.WebClient;
}
