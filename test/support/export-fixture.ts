import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { writeExport } from '../../src/cli/export-file.js';
import type { Db } from '../../src/db/index.js';
import type { ExportFilter } from '../../src/roster/export.js';
import type { TestBot } from './test-bot.js';

/** The entries as the CSV export writes them (people by Slack ID), without the byte-order mark. */
export async function exportedCsv(db: Db, filter: ExportFilter = {}): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-csv-'));
  try {
    const file = path.join(dir, 'entries.csv');
    await writeExport({ db, filter, file, format: 'csv', today: '2026-11-18' });
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const ADMIN = 'U0ADMIN';
export const MANAGER = 'U0MGR';
export const ANA = 'U0REP1';
export const BEN = 'U0REP2';
export const HYPERLINK = '=HYPERLINK("http://x.example","click")';

/**
 * The fixture every export test reads: Ana (AE, started 14 Sep 2026, so onboarding week 10 and
 * a 500-point goal in the week of 16 Nov, away on Friday the 20th, so 400), with calls whose
 * note is a formula, a $12,500 deal, emails she took back, and an admin's −20; Ben (SDR, no
 * start date, so judged by the established 300) with 10 emails. Both report to Mia.
 */
export async function exportFixture(t: TestBot): Promise<void> {
  t.slack.users.set(ADMIN, { tz: 'UTC', name: 'Ada Admin' });
  t.slack.users.set(MANAGER, { tz: 'UTC', name: 'Mia Manager' });
  t.slack.users.set(ANA, { tz: 'UTC', name: 'Ana López' });
  t.slack.users.set(BEN, { tz: 'UTC', name: '+Ben' });
  const admin = (text: string) => t.command('/points-admin', text, { user_id: ADMIN });
  await admin(`assign <@${ANA}> <@${BEN}> to <@${MANAGER}>`);
  await admin(`start <@${ANA}> 2026-09-14`);
  await admin(`role <@${BEN}> SDR`);
  await admin(`away <@${ANA}> 2026-11-20`);
  await t.command('/log', `30 calls note: ${HYPERLINK}`, { user_id: ANA });
  await t.command('/log', 'closed won $12,500', { user_id: ANA });
  await t.command('/log', '5 emails', { user_id: ANA });
  await t.click({ actionId: 'log_history_undo_button', value: '3', userId: ANA, responseUrl: t.slack.responseUrl('undo') });
  await t.slack.waitFor((calls) => calls.some((c) => c.method === 'response:undo'));
  await admin(`adjust <@${ANA}> -20 "duplicate calls"`);
  await t.command('/log', '10 emails', { user_id: BEN });
}

/** A sheet's rows as the values exceljs reads back, header first. */
export function sheetValues(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null));
  });
  return rows;
}

const utc = (iso: string) => new Date(iso);

/** Checks every column of the fixture's workbook, as exceljs reads it back. */
export async function expectFixtureWorkbook(workbook: ExcelJS.Workbook): Promise<void> {
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['Entries', 'Weeks', 'KPI']);
  const entries = workbook.getWorksheet('Entries')!;
  const [header, ...rows] = sheetValues(entries);
  expect(header).toEqual([
    'Date',
    'Rep',
    'Slack ID',
    'Manager',
    'Role',
    'Activity',
    'Count',
    'Points',
    'Amount',
    'Currency',
    'Account',
    'Note',
    'Logged at (UTC)',
    'Undone at (UTC)',
    'Adjustment reason',
  ]);
  const logged = utc('2026-11-18T15:00:00Z');
  const day = utc('2026-11-18T00:00:00Z');
  expect(rows).toEqual([
    [day, 'Ana López', ANA, 'Mia Manager', 'AE', 'Outbound call', 30, 30, null, null, null, `'${HYPERLINK}`, logged, null, null],
    [day, 'Ana López', ANA, 'Mia Manager', 'AE', 'Closed-won deal', 1, 25, 12500, 'USD', null, null, logged, null, null],
    [day, 'Ana López', ANA, 'Mia Manager', 'AE', 'Outbound email', 5, 5, null, null, null, null, logged, logged, null],
    [day, "'+Ben", BEN, 'Mia Manager', 'SDR', 'Outbound email', 10, 10, null, null, null, null, logged, null, null],
    [
      utc('2026-11-16T00:00:00Z'),
      'Ana López',
      ANA,
      'Mia Manager',
      'AE',
      'Adjustment',
      null,
      -20,
      null,
      null,
      null,
      null,
      logged,
      null,
      'duplicate calls',
    ],
  ]);
  // The note that is a formula stays a text cell; the negative points stay a number.
  const note = entries.getCell('L2');
  expect(note.type).toBe(ExcelJS.ValueType.String);
  expect(note.formula).toBeUndefined();
  expect(entries.getCell('H6').type).toBe(ExcelJS.ValueType.Number);
  expect(entries.getCell('A2').type).toBe(ExcelJS.ValueType.Date);
  expect(entries.getCell('I3').numFmt).toBe('#,##0.00');

  const weeks = workbook.getWorksheet('Weeks')!;
  const [weekHeader, ...weekRows] = sheetValues(weeks);
  expect(weekHeader).toEqual(['Week', 'Rep', 'Slack ID', 'Manager', 'Role', 'Points', 'Goal', 'Onboarding week', 'Days off', 'Reached']);
  // Ana's weeks from her start to this one; Ben's only this one, without a start date.
  expect(weekRows.filter((r) => r[2] === ANA)).toHaveLength(10);
  expect(weekRows.filter((r) => r[2] === ANA)[0]).toEqual([
    utc('2026-09-14T00:00:00Z'),
    'Ana López',
    ANA,
    'Mia Manager',
    'AE',
    0,
    null,
    1,
    0,
    null,
  ]);
  expect(weekRows.filter((r) => r[2] === ANA).at(-1)).toEqual([
    utc('2026-11-16T00:00:00Z'),
    'Ana López',
    ANA,
    'Mia Manager',
    'AE',
    35,
    400,
    10,
    1,
    'No',
  ]);
  expect(weekRows.filter((r) => r[2] === BEN)).toEqual([
    [utc('2026-11-16T00:00:00Z'), "'+Ben", BEN, 'Mia Manager', 'SDR', 10, 300, null, 0, 'No'],
  ]);

  const kpi = workbook.getWorksheet('KPI')!;
  const [kpiHeader, ...kpiRows] = sheetValues(kpi);
  expect(kpiHeader).toEqual(['Week', 'Rep', 'Slack ID', 'Outbound call', 'Outbound email', 'Closed-won deal', 'Amount USD']);
  expect(kpiRows).toEqual([
    [utc('2026-11-16T00:00:00Z'), 'Ana López', ANA, 30, 0, 1, 12500],
    [utc('2026-11-16T00:00:00Z'), "'+Ben", BEN, 0, 10, 0, null],
  ]);

  for (const sheet of [entries, weeks, kpi]) {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    for (let c = 1; c <= sheet.columnCount; c++) expect(sheet.getColumn(c).width).toBeGreaterThan(0);
  }
}
