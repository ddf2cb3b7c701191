import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../../src/roster/csv.js';

describe('parseCsv reads CSV as spreadsheets write it', () => {
  it.each([
    [
      'a byte-order mark',
      '\uFEFFuser,manager\nU1,U2\n',
      [
        ['user', 'manager'],
        ['U1', 'U2'],
      ],
    ],
    [
      'semicolons, as a spreadsheet in a comma-decimal locale writes',
      'user;manager\nU1;"a;b"\n',
      [
        ['user', 'manager'],
        ['U1', 'a;b'],
      ],
    ],
    [
      'commas when the header has more commas than semicolons',
      'user,note\nU1,a;b\n',
      [
        ['user', 'note'],
        ['U1', 'a;b'],
      ],
    ],
    [
      'doubled quotes and line breaks inside quotes',
      'a,b\n"he said ""hi""","line\nbreak"\r\nx,y',
      [
        ['a', 'b'],
        ['he said "hi"', 'line\nbreak'],
        ['x', 'y'],
      ],
    ],
    [
      'CRLF, LF and CR line ends, mixed in one file',
      'a,b\r\nc,d\ne,f\rg,h\n',
      [
        ['a', 'b'],
        ['c', 'd'],
        ['e', 'f'],
        ['g', 'h'],
      ],
    ],
    [
      'trimmed fields, blank and empty rows dropped',
      ' a , b \r\n\r\n  ,  \n c,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['rows of any length', 'a,b,c\nx\ny,z,w,v\n', [['a', 'b', 'c'], ['x'], ['y', 'z', 'w', 'v']]],
    [
      'a quote inside an unquoted field, kept as it is',
      'a,b\nab"c,d\n',
      [
        ['a', 'b'],
        ['ab"c', 'd'],
      ],
    ],
    ['nothing at all', '', []],
  ])('%s', (_what, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it.each([
    ['a quote that is never closed', 'user,manager\n"U1\nU1",U2\n\n , \nU3,"U4\nU5,U6\n', 6, 'a quote opened here is never closed'],
    [
      'text after a closing quote',
      'user,manager\n"U1"x,U2\n',
      2,
      'text after a closing quote; quote the whole field and double any quote inside it',
    ],
  ])('refuses a file with %s, saying where', (_what, text, line, reason) => {
    expect(() => parseCsv(text)).toThrow(new CsvSyntaxError(line, reason));
  });
});
