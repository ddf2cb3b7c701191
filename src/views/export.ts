import type { EntryRow, ExportData, KpiRow, WeekRow } from '../roster/export.js';
import type { Column, Row, Sheet } from '../spreadsheet.js';

/** How a person is named in a file: their Slack name when it was read, else their Slack ID. */
export type NameOf = (userId: string) => string;

const ENTRY_COLUMNS: Column[] = [
  { header: 'Date', kind: 'day', width: 12 },
  { header: 'Rep', kind: 'text', width: 24 },
  { header: 'Slack ID', kind: 'text', width: 13 },
  { header: 'Manager', kind: 'text', width: 24 },
  { header: 'Role', kind: 'text', width: 8 },
  { header: 'Activity', kind: 'text', width: 30 },
  { header: 'Count', kind: 'number', width: 8 },
  { header: 'Points', kind: 'number', width: 8 },
  { header: 'Amount', kind: 'cents', width: 14 },
  { header: 'Currency', kind: 'text', width: 10 },
  // A later change gives entries an account; the column is kept so files keep their shape.
  { header: 'Account', kind: 'text', width: 24 },
  { header: 'Note', kind: 'text', width: 40 },
  { header: 'Logged at (UTC)', kind: 'moment', width: 20 },
  { header: 'Undone at (UTC)', kind: 'moment', width: 20 },
  { header: 'Adjustment reason', kind: 'text', width: 30 },
];

const WEEK_COLUMNS: Column[] = [
  { header: 'Week', kind: 'day', width: 12 },
  { header: 'Rep', kind: 'text', width: 24 },
  { header: 'Slack ID', kind: 'text', width: 13 },
  { header: 'Manager', kind: 'text', width: 24 },
  { header: 'Role', kind: 'text', width: 8 },
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
      nameOf(e.repId),
      e.repId,
      e.managerId && nameOf(e.managerId),
      e.role,
      e.activity,
      e.count,
      e.points,
      e.amountCents,
      e.currency,
      null,
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
    rows: mapped(rows, (w) => [
      w.weekStart,
      nameOf(w.repId),
      w.repId,
      w.managerId && nameOf(w.managerId),
      w.role,
      w.points,
      w.goal,
      w.onboardingWeek,
      w.daysOff,
      reached(w.reached),
    ]),
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
