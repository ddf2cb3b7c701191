import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCli } from '../../src/cli/data.js';
import { rosterCli } from '../../src/cli/roster.js';
import { allText } from '../support/blocks.js';
import { cliContext } from '../support/cli.js';
import { rosterRows } from '../support/roster.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ADMIN = 'U0ADMIN';

describe('roster corrections: columns a file leaves out, reporting loops, export by email', () => {
  let t: TestBot;
  let out: string[];
  let dir: string;
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    out = [];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-roster-'));
    for (const [id, email] of [
      [ADMIN, 'admin@example.com'],
      ['U0MGR', 'mia@example.com'],
      ['U0MGR2', 'max@example.com'],
      ['U0REPA', 'ana@example.com'],
      ['U0REPB', 'ben@example.com'],
      ['U0REPC', 'cy@example.com'],
    ] as const) {
      t.slack.users.set(id, { tz: 'UTC', email });
    }
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const client = () => new webApi.WebClient('xoxb-test-token', { slackApiUrl: t.slack.url, retryConfig: { retries: 0 } });
  const ctx = () => cliContext(t, out);
  const csv = (text: string) => {
    const file = path.join(dir, `roster-${Math.random().toString(36).slice(2)}.csv`);
    fs.writeFileSync(file, text);
    return file;
  };
  const roster = () => rosterRows(t.db);
  const admin = async (text: string) => allText((await t.command('/points-admin', text, { user_id: ADMIN })).json);

  async function seed() {
    const file = csv('user,manager,start_date,role\nU0REPA,U0MGR,2026-11-02,SDR\nU0REPB,U0MGR,2026-10-05,AM\n');
    expect(await rosterCli(['import', file], ctx())).toBe(0);
    out = [];
  }

  it('leaves start dates and roles alone when the file has no such column', async () => {
    await seed();
    const code = await rosterCli(['import', csv('user,manager\nU0REPA,U0MGR2\nU0REPB,U0MGR\n')], ctx());
    expect(code).toBe(0);
    expect(out).toEqual(['Imported 2 reps.']);
    expect(roster()).toEqual([
      ['U0REPA', 'U0MGR2', 'SDR', '2026-11-02'],
      ['U0REPB', 'U0MGR', 'AM', '2026-10-05'],
    ]);
  });

  it('leaves the manager alone when the file has no manager column', async () => {
    await seed();
    expect(await rosterCli(['import', csv('email,role\nana@example.com,AE\n')], ctx())).toBe(0);
    expect(roster()).toEqual([
      ['U0REPA', 'U0MGR', 'AE', '2026-11-02'],
      ['U0REPB', 'U0MGR', 'AM', '2026-10-05'],
    ]);
  });

  it('reports an empty cell instead of clearing the field, and clears it with --clear-empty', async () => {
    await seed();
    const file = csv('user,manager,start_date,role\nU0REPA,U0MGR,,\nU0REPB,,2026-10-12,AM\n');
    expect(await rosterCli(['import', file], ctx())).toBe(0);
    expect(out).toEqual([
      'line 2: start_date is empty: kept 2026-11-02 (--clear-empty clears it)',
      'line 2: role is empty: kept SDR (--clear-empty resets it to AE)',
      'line 3: manager is empty: kept U0MGR (--clear-empty clears it)',
      'Imported 2 reps.',
    ]);
    expect(roster()).toEqual([
      ['U0REPA', 'U0MGR', 'SDR', '2026-11-02'],
      ['U0REPB', 'U0MGR', 'AM', '2026-10-12'],
    ]);
    out = [];
    expect(await rosterCli(['import', file, '--clear-empty'], ctx())).toBe(0);
    expect(out).toEqual(['Imported 2 reps.']);
    expect(roster()).toEqual([
      ['U0REPA', 'U0MGR', 'AE', null],
      ['U0REPB', null, 'AM', '2026-10-12'],
    ]);
  });

  it('refuses a row that would make a reporting loop, and applies the others', async () => {
    await seed();
    // U0REPA reports to U0MGR; U0MGR reporting to U0REPC who reports to U0REPA closes a loop.
    const file = csv('user,manager\nU0REPC,U0REPA\nU0MGR,U0REPC\nU0MGR2,U0MGR\n');
    expect(await rosterCli(['import', file], ctx())).toBe(1);
    expect(out).toEqual([
      'line 3: not applied: U0MGR reporting to U0REPC would make a reporting loop (U0MGR → U0REPC → U0REPA → U0MGR)',
      'Imported 2 reps; 1 not applied.',
    ]);
    expect(roster()).toEqual([
      ['U0MGR2', 'U0MGR', 'AE', null],
      ['U0REPA', 'U0MGR', 'SDR', '2026-11-02'],
      ['U0REPB', 'U0MGR', 'AM', '2026-10-05'],
      ['U0REPC', 'U0REPA', 'AE', null],
    ]);
  });

  it('refuses to make a manager report to their own rep in /points-admin, directly or through others', async () => {
    expect(await admin('assign <@U0REPA> to <@U0MGR>')).toContain('now reports to');
    const direct = await admin('assign <@U0MGR> to <@U0REPA>');
    expect(direct).toContain(
      '<@U0MGR> can’t report to <@U0REPA>: that would make a reporting loop (<@U0MGR> → <@U0REPA> → <@U0MGR>). Nothing changed.',
    );
    expect(await admin('assign <@U0REPB> to <@U0REPA>')).toContain('now reports to');
    const longer = await admin('assign <@U0MGR> to <@U0REPB>');
    expect(longer).toContain('that would make a reporting loop (<@U0MGR> → <@U0REPB> → <@U0REPA> → <@U0MGR>)');
    expect(roster()).toEqual([
      ['U0REPA', 'U0MGR', 'AE', null],
      ['U0REPB', 'U0REPA', 'AE', null],
    ]);
  });

  it('exports one rep named by email, looked up in Slack', async () => {
    await t.command('/log', '3 calls', { user_id: 'U0REPA' });
    await t.command('/log', '2 emails', { user_id: 'U0REPB' });
    const file = path.join(dir, 'out.csv');
    const deps = { db: t.db, out: (line: string) => out.push(line), client: () => client() };
    expect(await exportCli([file, '--user', 'ana@example.com'], deps)).toBe(0);
    expect(out).toEqual(['Exported 1 entries to ' + file + '.']);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('U0REPA');
    expect(text).not.toContain('U0REPB');
    out = [];
    expect(await exportCli([file, '--user', 'nobody@example.com'], deps)).toBe(1);
    expect(out).toEqual(['Nothing exported: no Slack user has the email nobody@example.com.']);
  });
});
