import fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/**
 * What a column holds, which decides how each format writes it: `day` a calendar day
 * (YYYY-MM-DD), `moment` an instant (epoch ms, written in UTC), `cents` an amount in whole cents,
 * `number` a plain number, `text` anything typed by a person.
 */
export type ColumnKind = 'day' | 'moment' | 'cents' | 'number' | 'text';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** Width in characters, as a spreadsheet measures it; not 9, which exceljs takes for the default and leaves out. */
  width: number;
}

/** One row's values, in column order: a LocalDay string for `day`, epoch ms for `moment`, cents for `cents`. */
export type Row = ReadonlyArray<string | number | null>;

/** A sheet whose rows are read as they are written, so a large export never sits in memory whole. */
export interface Sheet {
  name: string;
  columns: readonly Column[];
  rows: Iterable<Row>;
}

/** How many rows are written between yields to the event loop, so the bot keeps answering during an export. */
const ROWS_PER_TURN = 500;

/** Characters that make a spreadsheet read a cell as a formula, full-width forms included (as csv-stringify lists them). */
const FORMULA_START = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

/**
 * Text a spreadsheet would run as a formula, with a leading ' so it is shown instead (OWASP's
 * advice for CSV injection); other text unchanged. Applied to text cells in both formats, so a
 * cell reads the same in the workbook and the CSV; numbers are never changed (-20 is a number).
 */
export function neutralise(text: string): string {
  return FORMULA_START.some((c) => text.startsWith(c)) ? `'${text}` : text;
}

const dayAsDate = (day: string) => new Date(`${day}T00:00:00Z`);

function workbookCell(kind: ColumnKind, value: string | number | null): ExcelJS.CellValue {
  if (value === null) return null;
  switch (kind) {
    case 'day':
      return dayAsDate(String(value));
    case 'moment':
      return new Date(Number(value));
    case 'cents':
      return Number(value) / 100;
    case 'number':
      return Number(value);
    case 'text':
      return neutralise(String(value));
  }
}

const NUMBER_FORMAT: Record<ColumnKind, string | undefined> = {
  day: 'yyyy-mm-dd',
  moment: 'yyyy-mm-dd hh:mm:ss',
  cents: '#,##0.00',
  number: undefined,
  // The Text format: a cell edited later stays text, as the ' prefix keeps it in a CSV.
  text: '@',
};

/**
 * Writes the sheets as an .xlsx workbook with exceljs's streaming writer: each row is written
 * out as it is read, each sheet with a frozen header row, filters on and set column widths.
 * Dates are real Excel dates (in UTC), amounts and counts numbers. Returns the rows per sheet.
 */
export async function writeWorkbook(file: string, sheets: readonly Sheet[]): Promise<number[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const counts: number[] = [];
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({
      header: c.header,
      width: c.width,
      style: NUMBER_FORMAT[c.kind] ? { numFmt: NUMBER_FORMAT[c.kind] } : {},
    }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
    ws.getRow(1).font = { bold: true };
    let n = 0;
    for (const row of sheet.rows) {
      ws.addRow(row.map((v, i) => workbookCell(sheet.columns[i]!.kind, v))).commit();
      if (++n % ROWS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    }
    ws.commit();
    counts.push(n);
  }
  await workbook.commit();
  return counts;
}

/** An instant as a spreadsheet reads a date and time from text: 2026-11-18 15:00:00 (UTC). */
const momentText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Integer cents as a plain decimal, "12500.10", written from the integer's digits. */
function centsText(cents: number): string {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function csvCell(kind: ColumnKind, value: string | number | null): string | number | null {
  if (value === null) return null;
  if (kind === 'moment') return momentText(Number(value));
  if (kind === 'cents') return centsText(Number(value));
  if (kind === 'text') return neutralise(String(value));
  return value;
}

/**
 * Writes one sheet as CSV that opens in a spreadsheet: UTF-8 with a byte-order mark (without
 * it Excel reads the file in the machine's legacy code page), CRLF lines, the same headers and
 * columns as the workbook's sheet, formulas neutralised. Streamed: rows are written a batch at a
 * time, waiting for the disk when it falls behind. Returns the number of rows.
 */
export async function writeCsv(file: string, sheet: Sheet): Promise<number> {
  const out = fs.createWriteStream(file);
  const closed = once(out, 'close');
  const options = {
    record_delimiter: 'windows' as const,
    // Quoted also on a semicolon: a spreadsheet in a comma-decimal locale splits on it.
    quoted_match: /;/,
  };
  try {
    out.write(`\uFEFF${stringify([sheet.columns.map((c) => c.header)], options)}`);
    let n = 0;
    let batch: Array<Array<string | number | null>> = [];
    const flush = async () => {
      if (batch.length > 0 && !out.write(stringify(batch, options))) await once(out, 'drain');
      batch = [];
    };
    for (const row of sheet.rows) {
      batch.push(row.map((v, i) => csvCell(sheet.columns[i]!.kind, v)));
      if (++n % ROWS_PER_TURN === 0) await flush();
    }
    await flush();
    out.end();
    await closed;
    return n;
  } catch (err) {
    out.destroy();
    throw err;
  }
}
