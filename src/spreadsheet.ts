import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';

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

/** Rows a CSV write hands to the file at once. */
const ROWS_PER_BATCH = 500;

/**
 * The longest an export works before it lets the event loop answer others, so the bot keeps
 * answering during one. Counted in time, not rows: 500 rows cost from a few ms to hundreds
 * on a busy machine (BENCHMARKS.md, export).
 */
const TURN_MS = 10;

/** A turn's clock: `due()` once TURN_MS have passed since the last `yield()` (or wait elsewhere, `restart()`). */
function turns() {
  let since = performance.now();
  const restart = () => (since = performance.now());
  return {
    due: () => performance.now() - since >= TURN_MS,
    restart,
    yield: () => new Promise<void>((r) => setImmediate(r)).then(() => void restart()),
  };
}

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
 * Uncompressed bytes of a sheet that may wait for the compressor before rows stop being written.
 * exceljs hands a sheet's XML to its zip without looking at what the zip says back, so a writer
 * faster than deflate piled up hundreds of MB outside the heap (BENCHMARKS.md, export).
 */
const BACKLOG_BYTES = 1024 * 1024;

/**
 * What the archive may hold compressed for a slow disk: archiver takes `highWaterMark` (1 MiB by
 * default) though exceljs's types leave it out. Deflate already runs at level 1, its fastest
 * short of storing the XML uncompressed.
 */
const ZIP_OPTIONS: Partial<ExcelJS.stream.xlsx.ArchiverZipOptions> & { highWaterMark: number } = { highWaterMark: 64 * 1024 };

/**
 * Where exceljs 4's streaming writer queues a sheet's XML for its zip: the sheet's stream hands
 * 64 KiB chunks to the stream the archiver reads the entry from (a readable-stream PassThrough),
 * ignoring what write() returns. Read at run time and checked, so an exceljs that is shaped
 * otherwise fails the export (and its tests) at once rather than losing the bound unseen.
 */
interface SheetQueue {
  _writableState: { length: number };
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

function sheetQueue(ws: ExcelJS.Worksheet): SheetQueue {
  const pipes = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const queue = pipes?.length === 1 ? (pipes[0] as Partial<SheetQueue>) : undefined;
  if (typeof queue?._writableState?.length !== 'number' || typeof queue.once !== 'function') {
    throw new Error("exceljs's worksheet stream is not piped as exceljs 4.4 pipes it; the export's memory bound needs updating");
  }
  return queue as SheetQueue;
}

/**
 * Resolves once the compressor has taken the sheet's queued XML, or rejects when the output
 * fails first (a full disk would otherwise leave the export waiting for ever).
 */
function drained(queue: SheetQueue, failed: Promise<never>): Promise<void> {
  let onDrain!: () => void;
  const drain = new Promise<void>((resolve) => queue.once('drain', (onDrain = resolve)));
  return Promise.race([drain, failed]).finally(() => queue.removeListener('drain', onDrain));
}

/**
 * Writes the sheets as an .xlsx workbook with exceljs's streaming writer: each row is written
 * out as it is read, each sheet with a frozen header row, filters on and set column widths.
 * Dates are real Excel dates (in UTC), amounts and counts numbers. Memory stays bounded whatever
 * the number of rows: rows are read no faster than the output takes them (at most BACKLOG_BYTES
 * of a sheet's XML wait for compression). `target` is a file path, or a stream the workbook's
 * bytes are written to and ended. Returns the rows per sheet.
 */
export async function writeWorkbook(target: string | Writable, sheets: readonly Sheet[]): Promise<number[]> {
  // Loaded on the first export, not with the bot: exceljs takes about half a second to load.
  // Before the file is opened: nothing may fail unheard while it loads.
  const { default: excel } = await import('exceljs');
  const stream = typeof target === 'string' ? fs.createWriteStream(target) : target;
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
    zip: ZIP_OPTIONS,
  });
  const failed = new Promise<never>((_, reject) => {
    stream.once('error', reject);
    (workbook as unknown as { zip?: NodeJS.EventEmitter }).zip?.once('error', reject);
  });
  // Observed by the waits below and by exceljs's commit; this keeps an error seen by neither from being unhandled.
  failed.catch(() => undefined);
  const turn = turns();
  try {
    const counts: number[] = [];
    for (const sheet of sheets) {
      const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      const queue = sheetQueue(ws);
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
        n++;
        if (queue._writableState.length > BACKLOG_BYTES) {
          await drained(queue, failed);
          turn.restart();
        } else if (turn.due()) await turn.yield();
      }
      ws.commit();
      counts.push(n);
    }
    await Promise.race([workbook.commit(), failed]);
    return counts;
  } catch (err) {
    if (typeof target === 'string') (stream as fs.WriteStream).destroy();
    throw err;
  }
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
 * time, waiting for the disk when it falls behind and letting others run every TURN_MS. Returns the number of rows.
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
    const turn = turns();
    const flush = async () => {
      const full = batch.length > 0 && !out.write(stringify(batch, options));
      batch = [];
      if (full) {
        await once(out, 'drain');
        turn.restart();
      } else if (turn.due()) await turn.yield();
    };
    for (const row of sheet.rows) {
      batch.push(row.map((v, i) => csvCell(sheet.columns[i]!.kind, v)));
      n++;
      if (batch.length >= ROWS_PER_BATCH || turn.due()) await flush();
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
