import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Runs a built tool as `npm run <tool>` does, from a folder of its own, with only PATH and DATABASE_PATH set. */
function tool(name: string, args: string[], cwd: string, dbPath: string) {
  return run(process.execPath, [path.join(ROOT, `dist/src/cli/${name}-main.js`), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', DATABASE_PATH: dbPath },
  });
}

describe('backup and export need no Slack settings', () => {
  let dir: string;
  let dbPath: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-data-tools-'));
    dbPath = path.join(dir, 'points.db');
    const db = openDatabase(dbPath);
    db.$client
      .prepare(
        "INSERT INTO entries (user_id, activity_key, count, unit_points, points, day, week_start, batch_id, source, logged_at) VALUES ('U0REPA', 'call', 3, 1, 3, '2026-11-16', '2026-11-16', 'b1', 'command', 0)",
      )
      .run();
    db.$client.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('backs up without SLACK_BOT_TOKEN, from a cron job’s folder', async () => {
    const { stdout } = await tool('backup', [path.join(dir, 'copy.db')], os.tmpdir(), dbPath);
    expect(stdout).toMatch(/^Backed up to .*copy\.db/);
    const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
    expect(copy.prepare('SELECT user_id, count FROM entries').all()).toEqual([{ user_id: 'U0REPA', count: 3 }]);
    copy.close();
  });

  it('exports without SLACK_BOT_TOKEN', async () => {
    const { stdout } = await tool('export', [path.join(dir, 'out.csv')], os.tmpdir(), dbPath);
    expect(stdout).toContain('Exported 1 entries');
    expect(fs.readFileSync(path.join(dir, 'out.csv'), 'utf8')).toContain('U0REPA');
  });
});
