import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/index.js';
import { exportEntriesCsv } from '../../../src/roster/privacy.js';
import { loadCatalogue } from '../../../src/scoring/catalogue.js';
import { recordEntries } from '../../../src/scoring/ledger.js';

const now = new Date('2026-11-18T15:00:00Z');

describe('exportEntriesCsv', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });

  const log = (activityKey: string, count: number, note: string | null, amountCents: number | null = null) =>
    recordEntries(db, {
      userId: 'U1',
      items: [{ activityKey, count, amountCents, currency: amountCents === null ? null : 'USD' }],
      day: '2026-11-18',
      note,
      source: 'command',
      now,
      catalogue: loadCatalogue(db),
    });

  it('writes CRLF lines that a spreadsheet opens as text, whatever the note holds', () => {
    log('call', 3, 'asked "why now?",\nthen; booked');
    log('closed_won', 1, '-5 off', 1_234_50);
    log('call', 1, '＝HYPERLINK("x")');
    log('call', 1, '@SUM(1)\t');
    log('call', 1, null);
    const tail = ',command,2026-11-18T15:00:00.000Z,\r\n';
    expect(exportEntriesCsv(db)).toBe(
      'entry_id,user_id,day,week_start,activity,activity_label,count,points,deal_amount,currency,note,source,logged_at,undone_at\r\n' +
        `1,U1,2026-11-18,2026-11-16,call,Outbound call,3,3,,,"asked ""why now?"",\nthen; booked"${tail}` +
        `2,U1,2026-11-18,2026-11-16,closed_won,Closed-won deal,1,25,1234.50,USD,'-5 off${tail}` +
        // A full-width equals sign is a formula to some spreadsheets too.
        `3,U1,2026-11-18,2026-11-16,call,Outbound call,1,1,,,"'＝HYPERLINK(""x"")"${tail}` +
        `4,U1,2026-11-18,2026-11-16,call,Outbound call,1,1,,,'@SUM(1)\t${tail}` +
        `5,U1,2026-11-18,2026-11-16,call,Outbound call,1,1,,,${tail}`,
    );
  });

  it('quotes a field with a semicolon, so a spreadsheet that splits on semicolons keeps it whole', () => {
    log('call', 1, 'a;b');
    expect(exportEntriesCsv(db).split('\r\n')[1]).toBe(
      '1,U1,2026-11-18,2026-11-16,call,Outbound call,1,1,,,"a;b",command,2026-11-18T15:00:00.000Z,',
    );
  });

  it('writes only the header when there is nothing to export', () => {
    expect(exportEntriesCsv(db)).toBe(
      'entry_id,user_id,day,week_start,activity,activity_label,count,points,deal_amount,currency,note,source,logged_at,undone_at\r\n',
    );
  });
});
