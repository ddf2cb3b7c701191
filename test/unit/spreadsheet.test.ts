import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { neutralise, writeCsv, writeWorkbook, type Column, type Row } from '../../src/spreadsheet.js';

const COLUMNS: Column[] = [
  { header: 'Date', kind: 'day', width: 12 },
  { header: 'Points', kind: 'number', width: 8 },
  { header: 'Amount', kind: 'cents', width: 14 },
  { header: 'Note', kind: 'text', width: 40 },
  { header: 'Logged at (UTC)', kind: 'moment', width: 20 },
];

describe('writeCsv', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-sheet-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const csv = async (rows: Row[]) => {
    const file = path.join(dir, 'out.csv');
    expect(await writeCsv(file, { name: 'Entries', columns: COLUMNS, rows })).toBe(rows.length);
    return fs.readFileSync(file, 'utf8');
  };
  const at = Date.parse('2026-11-18T15:00:00Z');

  it('writes UTF-8 with a byte-order mark and CRLF lines that a spreadsheet opens as text, whatever the note holds', async () => {
    expect(
      await csv([
        ['2026-11-18', 3, null, 'asked "why now?",\nthen; booked', at],
        ['2026-11-18', 25, 1_234_50, '-5 off', at],
        // A full-width equals sign is a formula to some spreadsheets too.
        ['2026-11-18', 1, null, '＝HYPERLINK("x")', at],
        ['2026-11-18', 1, null, '@SUM(1)\t', at],
        ['2026-11-16', -20, 5, null, at],
      ]),
    ).toBe(
      '\uFEFFDate,Points,Amount,Note,Logged at (UTC)\r\n' +
        '2026-11-18,3,,"asked ""why now?"",\nthen; booked",2026-11-18 15:00:00\r\n' +
        "2026-11-18,25,1234.50,'-5 off,2026-11-18 15:00:00\r\n" +
        `2026-11-18,1,,"'＝HYPERLINK(""x"")",2026-11-18 15:00:00\r\n` +
        "2026-11-18,1,,'@SUM(1)\t,2026-11-18 15:00:00\r\n" +
        // A negative number is a number, not a formula: left alone.
        '2026-11-16,-20,0.05,,2026-11-18 15:00:00\r\n',
    );
  });

  it('quotes a field with a semicolon, so a spreadsheet that splits on semicolons keeps it whole', async () => {
    expect((await csv([['2026-11-18', 1, null, 'a;b', at]])).split('\r\n')[1]).toBe('2026-11-18,1,,"a;b",2026-11-18 15:00:00');
  });

  it('writes only the header when there is nothing to export', async () => {
    expect(await csv([])).toBe('\uFEFFDate,Points,Amount,Note,Logged at (UTC)\r\n');
  });
});

describe('neutralise', () => {
  it.each([
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['+1', "'+1"],
    ['-5 off', "'-5 off"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['＋1', "'＋1"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
  ])('%j reads %j', (text, shown) => {
    expect(neutralise(text)).toBe(shown);
  });
});

describe('writeWorkbook', () => {
  const ROWS = 60_000;
  const at = Date.parse('2026-11-18T15:00:00Z');

  /** Turns of the event loop until `read` stops changing: the writer has finished, or waits for the output. */
  async function settled(read: () => number): Promise<number> {
    const deadline = Date.now() + 120_000;
    for (let last = -1, quiet = 0; quiet < 20 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 10));
      quiet = read() === last ? quiet + 1 : 0;
      last = read();
    }
    return read();
  }

  it('reads no more rows while the output takes nothing, then writes them all once it does', async () => {
    const chunks: Buffer[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    // A disk that has stopped taking bytes: each write completes only once released.
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        void released.then(() => done());
      },
    });
    let read = 0;
    function* rows(): Generator<Row> {
      for (let i = 0; i < ROWS; i++, read++) yield ['2026-11-18', i, i * 7, `note ${i}`, at];
    }
    const written = writeWorkbook(out, [{ name: 'Entries', columns: COLUMNS, rows: rows() }]);

    // Without a bound every row would be read and held, compressed or not, until the disk woke.
    expect(await settled(() => read)).toBeLessThan(ROWS / 2);
    release();
    expect(await written).toEqual([ROWS]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Entries')!;
    expect(sheet.rowCount).toBe(ROWS + 1);
    expect(sheet.getRow(ROWS + 1).getCell(4).value).toBe(`note ${ROWS - 1}`);
  }, 180_000);

  it('fails, rather than waiting for ever, when the output fails', async () => {
    const out = new Writable({ write: (_chunk, _encoding, done) => done(new Error('ENOSPC: no space left on device')) });
    function* rows(): Generator<Row> {
      for (let i = 0; i < ROWS; i++) yield ['2026-11-18', i, i, `note ${i}`, at];
    }
    await expect(writeWorkbook(out, [{ name: 'Entries', columns: COLUMNS, rows: rows() }])).rejects.toThrow('ENOSPC');
  }, 60_000);
});
