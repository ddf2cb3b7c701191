import { CsvError, parse } from 'csv-parse/sync';

/** A file that is not CSV as a spreadsheet writes it: says on which line and what is wrong. */
export class CsvSyntaxError extends Error {
  readonly code = 'csv_syntax';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

const LINE_END = /\r\n|\n|\r/;

/**
 * Reads CSV as spreadsheets write it (RFC 4180): commas or semicolons (whichever the header
 * line has more of), quoted fields with doubled quotes and line breaks inside, CRLF, LF or CR,
 * a byte-order mark. Fields are trimmed; blank rows are dropped. Parsing is csv-parse's, the
 * parser most of the Node ecosystem uses. Throws a {@link CsvSyntaxError} on a quote that never
 * closes or text after a closing quote, rather than guessing what the rows were.
 */
export function parseCsv(text: string): string[][] {
  const input = text.replace(/^\uFEFF/, '');
  const firstLine = input.split(LINE_END, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let lastRecordLine = 0;
  try {
    return parse(input, {
      delimiter,
      // Listed rather than detected: csv-parse detects one line end from the first it meets,
      // and a file edited on two systems can mix them.
      record_delimiter: ['\r\n', '\n', '\r'],
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: (record: string[], context) => {
        lastRecordLine = context.lines;
        return record;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const { lines } = err as CsvError & { lines: number };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse names the last line of the file; the quote opened on the first line after the
      // last whole row that has one.
      const after = input.split(LINE_END).slice(lastRecordLine);
      const opened = after.findIndex((l) => l.includes('"'));
      throw new CsvSyntaxError(lastRecordLine + opened + 1, 'a quote opened here is never closed');
    }
    if (err.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE')
      throw new CsvSyntaxError(lines, 'text after a closing quote; quote the whole field and double any quote inside it');
    throw new CsvSyntaxError(lines, err.message);
  }
}
