import type { EntryRow, ExportData, KpiRow, WeekRow } from '../roster/export.js';
import { dayMonth, type LocalDay } from '../scoring/week.js';
import type { Column, Row, Sheet } from '../spreadsheet.js';
import { thousands } from './format.js';
import { textMessage, type SlackMessage } from './message.js';

/** How a person is named in a file: their Slack name when it was read, else their Slack ID. */
export type NameOf = (userId: string) => string;

/** Who a row is about, after its date in the Entries and Weeks sheets: the rep, named and by ID, their manager and role. */
const PERSON_COLUMNS: Column[] = [
  { header: 'Rep', kind: 'text', width: 24 },
  { header: 'Slack ID', kind: 'text', width: 13 },
  { header: 'Manager', kind: 'text', width: 24 },
  { header: 'Role', kind: 'text', width: 8 },
];

/** The PERSON_COLUMNS cells of a row. */
const person = (row: { repId: string; managerId: string | null; role: string | null }, nameOf: NameOf): Row => [
  nameOf(row.repId),
  row.repId,
  row.managerId && nameOf(row.managerId),
  row.role,
];

const ENTRY_COLUMNS: Column[] = [
  { header: 'Date', kind: 'day', width: 12 },
  ...PERSON_COLUMNS,
  { header: 'Activity', kind: 'text', width: 30 },
  { header: 'Count', kind: 'number', width: 8 },
  { header: 'Points', kind: 'number', width: 8 },
  { header: 'Amount', kind: 'cents', width: 14 },
  { header: 'Currency', kind: 'text', width: 10 },
  { header: 'Account', kind: 'text', width: 24 },
  { header: 'Note', kind: 'text', width: 40 },
  { header: 'Logged at (UTC)', kind: 'moment', width: 20 },
  { header: 'Undone at (UTC)', kind: 'moment', width: 20 },
  { header: 'Adjustment reason', kind: 'text', width: 30 },
];

const WEEK_COLUMNS: Column[] = [
  { header: 'Week', kind: 'day', width: 12 },
  ...PERSON_COLUMNS,
  { header: 'Points', kind: 'number', width: 8 },
  { header: 'Goal', kind: 'number', width: 8 },
  { header: 'Onboarding week', kind: 'number', width: 17 },
  { header: 'Days off', kind: 'number', width: 10 },
  { header: 'Reached', kind: 'text', width: 10 },
];

/** Lazily maps rows as they are read, so a sheet's rows are never all in memory. */
function* mapped<T>(rows: Iterable<T>, toRow: (row: T) => Row): Generator<Row> {
  for (const row of rows) yield toRow(row);
}

/** The Entries sheet (and the CSV): one line per entry or adjustment, people named. */
export function entriesSheet(rows: Iterable<EntryRow>, nameOf: NameOf): Sheet {
  return {
    name: 'Entries',
    columns: ENTRY_COLUMNS,
    rows: mapped(rows, (e) => [
      e.day,
      ...person(e, nameOf),
      e.activity,
      e.count,
      e.points,
      e.amountCents,
      e.currency,
      e.account,
      e.note,
      e.loggedAt,
      e.undoneAt,
      e.adjustmentReason,
    ]),
  };
}

/** The Weeks sheet: each rep's week against the goal in force for them then. */
export function weeksSheet(rows: Iterable<WeekRow>, nameOf: NameOf): Sheet {
  const reached = (r: boolean | null) => (r === null ? null : r ? 'Yes' : 'No');
  return {
    name: 'Weeks',
    columns: WEEK_COLUMNS,
    rows: mapped(rows, (w) => [w.weekStart, ...person(w, nameOf), w.points, w.goal, w.onboardingWeek, w.daysOff, reached(w.reached)]),
  };
}

/** The KPI sheet: each rep's week, a count column per activity done and an amount column per currency. */
export function kpiSheet(columns: ExportData['kpiColumns'], rows: Iterable<KpiRow>, nameOf: NameOf): Sheet {
  return {
    name: 'KPI',
    columns: [
      { header: 'Week', kind: 'day', width: 12 },
      { header: 'Rep', kind: 'text', width: 24 },
      { header: 'Slack ID', kind: 'text', width: 13 },
      ...columns.activities.map((a): Column => ({
        header: a.label,
        kind: 'number',
        width: Math.max(10, Math.min(30, a.label.length + 2)),
      })),
      ...columns.currencies.map((c): Column => ({ header: `Amount ${c}`, kind: 'cents', width: 14 })),
    ],
    rows: mapped(rows, (k) => [
      k.weekStart,
      nameOf(k.repId),
      k.repId,
      ...columns.activities.map((a) => k.counts.get(a.key) ?? 0),
      ...columns.currencies.map((c) => k.amountCents.get(c) ?? null),
    ]),
  };
}

/** The workbook's three sheets. */
export function exportSheets(data: ExportData, nameOf: NameOf): Sheet[] {
  return [entriesSheet(data.entries, nameOf), weeksSheet(data.weeks, nameOf), kpiSheet(data.kpiColumns, data.kpi, nameOf)];
}

/** A day as an admin reads it in a message: 16 Nov 2026. */
const longDay = (day: LocalDay) => `${dayMonth(day)} ${day.slice(0, 4)}`;

/** What an export covers, in words: "every entry", "16 Nov 2026 to 22 Nov 2026", "from 16 Nov 2026". */
function coverage(range: { from?: LocalDay; to?: LocalDay }): string {
  if (range.from && range.to) return `${longDay(range.from)} to ${longDay(range.to)}`;
  if (range.from) return `from ${longDay(range.from)}`;
  return range.to ? `up to ${longDay(range.to)}` : 'every entry';
}

/** The exported file's title in Slack: "Points export, 2026-11-16 to 2026-11-22". */
export function exportTitle(range: { from?: LocalDay; to?: LocalDay }): string {
  if (range.from && range.to) return `Points export, ${range.from} to ${range.to}`;
  if (range.from) return `Points export, from ${range.from}`;
  return range.to ? `Points export, up to ${range.to}` : 'Points export, every entry';
}

/** The answer to `/points-admin export`, before the file is written. */
export const buildExportStarted = (range: { from?: LocalDay; to?: LocalDay }): SlackMessage =>
  textMessage(
    `:hourglass_flowing_sand: Preparing your export (${coverage(range)}): a workbook of entries, weeks and KPIs. It will arrive as a file in your direct messages with me.`,
  );

/** The answer while another export is being written: one at a time, so a large one does not slow the bot twice over. */
export const buildExportBusy = (): SlackMessage =>
  textMessage(
    'An export is already being prepared; it will arrive in a direct message. Please ask again once it has. Nothing new was started.',
  );

/** The message the workbook is shared with. */
export function buildExportComment(
  counts: { entries: number; weeks?: number; kpi?: number },
  range: { from?: LocalDay; to?: LocalDay },
): string {
  return `Your points export (${coverage(range)}): ${thousands(counts.entries)} entries, ${thousands(counts.weeks ?? 0)} rep-weeks and ${thousands(counts.kpi ?? 0)} KPI rows. Dates and times are in UTC.`;
}

/** The direct message when the export could not be written or sent. */
export const buildExportFailed = (reason: string): SlackMessage =>
  textMessage(`:x: Sorry, I could not send your export (${reason}). Nothing was shared; please try \`/points-admin export\` again later.`);
