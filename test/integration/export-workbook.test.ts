import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCli } from '../../src/cli/data.js';
import { ADMIN, ANA, BEN, MANAGER, expectFixtureWorkbook, exportFixture } from '../support/export-fixture.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

describe('npm run export: a workbook and a CSV that open cleanly in a spreadsheet', () => {
  let t: TestBot;
  let dir: string;
  let out: string[];
  beforeEach(async () => {
    t = await startTestBot({ now: '2026-11-18T15:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-export-'));
    out = [];
    await exportFixture(t);
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const deps = () => ({
    db: t.db,
    now: t.clock.now,
    out: (line: string) => out.push(line),
    client: () => new webApi.WebClient('xoxb-test-token', { slackApiUrl: t.slack.url, retryConfig: { retries: 0 } }),
  });

  it('writes Entries, Weeks and KPI sheets with names, real dates and numbers, and formulas kept as text', async () => {
    const file = path.join(dir, 'report.xlsx');
    expect(await exportCli([file], deps())).toBe(0);
    expect(out).toEqual([`Exported 5 entries, 11 rep-weeks and 2 KPI rows to ${file}.`]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    await expectFixtureWorkbook(workbook);
  });

  it('writes the same columns as UTF-8 CSV with a byte-order mark, formulas neutralised', async () => {
    const file = path.join(dir, 'report.csv');
    expect(await exportCli([file], deps())).toBe(0);
    expect(out).toEqual([`Exported 5 entries to ${file}.`]);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines).toEqual([
      'Date,Rep,Slack ID,Manager,Role,Activity,Count,Points,Amount,Currency,Account,Note,Logged at (UTC),Undone at (UTC),Adjustment reason',
      `2026-11-18,Ana López,${ANA},Mia Manager,AE,Outbound call,30,30,,,,"'=HYPERLINK(""http://x.example"",""click"")",2026-11-18 15:00:00,,`,
      `2026-11-18,Ana López,${ANA},Mia Manager,AE,Closed-won deal,1,25,12500.00,USD,,,2026-11-18 15:00:00,,`,
      `2026-11-18,Ana López,${ANA},Mia Manager,AE,Outbound email,5,5,,,,,2026-11-18 15:00:00,2026-11-18 15:00:00,`,
      `2026-11-18,'+Ben,${BEN},Mia Manager,SDR,Outbound email,10,10,,,,,2026-11-18 15:00:00,,`,
      `2026-11-16,Ana López,${ANA},Mia Manager,AE,Adjustment,,-20,,,,,2026-11-18 15:00:00,,duplicate calls`,
      '',
    ]);
  });

  it('names people by Slack ID when Slack cannot be asked', async () => {
    const file = path.join(dir, 'report.csv');
    expect(await exportCli([file, '--from', '2026-11-16'], { db: t.db, now: t.clock.now, out: (l) => out.push(l) })).toBe(0);
    expect(fs.readFileSync(file, 'utf8').split('\r\n')[1]).toMatch(new RegExp(`^2026-11-18,${ANA},${ANA},${MANAGER},AE,Outbound call,`));
  });

  it('refuses a file that is neither .xlsx nor .csv, and a date that is not one, writing nothing', async () => {
    expect(await exportCli([path.join(dir, 'report.txt')], deps())).toBe(2);
    expect(await exportCli([path.join(dir, 'report.xlsx'), '--from', '2026-02-30'], deps())).toBe(2);
    expect(await exportCli([path.join(dir, 'report.xlsx'), '--from', '2026-11-20', '--to', '2026-11-01'], deps())).toBe(2);
    expect(out.join('\n')).toContain('Usage: npm run export -- FILE.xlsx|FILE.csv');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
