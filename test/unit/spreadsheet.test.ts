import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { neutralise, writeCsv, type Column, type Row } from '../../src/spreadsheet.js';

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
