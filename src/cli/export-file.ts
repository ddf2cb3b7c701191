import type { Logger, webApi } from '@slack/bolt';
import type { Db } from '../db/index.js';
import { exportData, exportPeople, type ExportFilter } from '../roster/export.js';
import { slackNames } from '../roster/people.js';
import { writeCsv, writeWorkbook } from '../spreadsheet.js';
import { entriesSheet, exportSheets } from '../views/export.js';
import type { LocalDay } from '../scoring/week.js';

/** The formats an export is written in, by the file's extension. */
export type ExportFormat = 'xlsx' | 'csv';

/** The format a file name asks for, or undefined for one that is neither. */
export function exportFormat(file: string): ExportFormat | undefined {
  const ext = /\.(xlsx|csv)$/i.exec(file)?.[1]?.toLowerCase();
  return ext === 'xlsx' || ext === 'csv' ? ext : undefined;
}

/** How many lines each sheet of a written export has (a CSV has entries only). */
export interface ExportCounts {
  entries: number;
  weeks?: number;
  kpi?: number;
}

/**
 * Writes an export: a workbook (Entries, Weeks, KPI) or the Entries sheet as CSV. People are
 * named from Slack when a client is given (names the bot does not keep), else by Slack ID.
 * Used by `npm run export` and by `/points-admin export`.
 */
export async function writeExport(args: {
  db: Db;
  filter: ExportFilter;
  file: string;
  format: ExportFormat;
  today: LocalDay;
  client?: webApi.WebClient;
  logger?: Logger;
}): Promise<ExportCounts> {
  const names = args.client ? await slackNames(args.client, exportPeople(args.db, args.filter), args.logger) : new Map<string, string>();
  const nameOf = (id: string) => names.get(id) ?? id;
  const data = exportData(args.db, args.filter, args.today);
  if (args.format === 'csv') return { entries: await writeCsv(args.file, entriesSheet(data.entries, nameOf)) };
  const [entries = 0, weeks = 0, kpi = 0] = await writeWorkbook(args.file, exportSheets(data, nameOf));
  return { entries, weeks, kpi };
}
