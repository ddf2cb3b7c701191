import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/index.js';
import { eraseUser } from '../../../src/roster/privacy.js';
import { adjustWeek, takeBackEntry } from '../../../src/scoring/adjustments.js';
import { loadCatalogue } from '../../../src/scoring/catalogue.js';
import {
  recomputeWeeklyTotals,
  recordEntries,
  recountDailyTotals,
  runningDailyTotals,
  runningWeeklyTotals,
  undoEntries,
} from '../../../src/scoring/ledger.js';

const now = new Date('2026-11-18T15:00:00Z');

/** The weekly deal amounts as kept, and as recounted from the entries that stand. */
function weeklyAmounts(db: Db): { running: unknown[]; recount: unknown[] } {
  return {
    running: db.$client
      .prepare(
        'SELECT user_id, week_start, activity_key, currency, amount_cents FROM weekly_amount_totals WHERE amount_cents != 0 ORDER BY 1, 2, 3, 4',
      )
      .all(),
    recount: db.$client
      .prepare(
        `SELECT user_id, week_start, activity_key, currency, sum(amount_cents) amount_cents FROM entries
         WHERE undone_at IS NULL AND amount_cents IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING sum(amount_cents) != 0 ORDER BY 1, 2, 3, 4`,
      )
      .all(),
  };
}

describe('the daily KPI counts', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });

  it('equal a recount from the entries through logs, undos, admins’ take-backs and adjustments, and an erase', () => {
    const keys = loadCatalogue(db).map((c) => c.key);
    const reps = ['U1', 'U2', 'U3'];
    const days = ['2026-11-09', '2026-11-12', '2026-11-16', '2026-11-18'];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return (seed >>> 12) % n;
    };
    const batches: Array<{ userId: string; batchId: string; ids: number[] }> = [];
    for (let i = 0; i < 400; i++) {
      const userId = reps[rand(reps.length)]!;
      const op = rand(12);
      if (op < 8) {
        const deal = rand(3) === 0;
        const activityKey = deal ? 'closed_won' : keys[rand(keys.length)]!;
        const amountCents = deal && rand(4) > 0 ? 100 * (1 + rand(50_000)) : null;
        const r = recordEntries(db, {
          userId,
          items: [
            { activityKey, count: deal ? 1 : 1 + rand(40), amountCents, currency: amountCents === null ? null : rand(2) ? 'USD' : 'EUR' },
          ],
          day: days[rand(days.length)]!,
          note: null,
          source: 'command',
          now,
          catalogue: loadCatalogue(db),
        });
        batches.push({ userId, batchId: r.batchId, ids: r.entries.map((e) => e.id) });
      } else if (op < 10 && batches.length > 0) {
        const b = batches[rand(batches.length)]!;
        undoEntries(db, b.userId, { kind: 'batch', batchId: b.batchId }, now);
      } else if (op < 11 && batches.length > 0) {
        const b = batches[rand(batches.length)]!;
        takeBackEntry(db, { entryId: b.ids[0]!, adminId: 'UADMIN', reason: 'duplicate', now });
      } else {
        adjustWeek(db, { userId, weekStart: '2026-11-16', points: 5 - rand(11), reason: 'fix', adminId: 'UADMIN', now });
      }
    }
    expect(runningDailyTotals(db).size).toBeGreaterThan(20);
    expect(runningDailyTotals(db)).toEqual(recountDailyTotals(db));
    expect(runningWeeklyTotals(db)).toEqual(recomputeWeeklyTotals(db));
    const amounts = weeklyAmounts(db);
    expect(amounts.running.length).toBeGreaterThan(0);
    expect(amounts.running).toEqual(amounts.recount);

    eraseUser(db, 'U2');
    expect([...runningDailyTotals(db).keys()].filter((k) => k.startsWith('U2/'))).toEqual([]);
    expect(runningDailyTotals(db)).toEqual(recountDailyTotals(db));
  });

  it('are filled from the entries already logged when the migration runs', () => {
    // The migration's own statement, run again on entries written behind the totals' back.
    db.$client
      .exec(`INSERT INTO entries (user_id, activity_key, count, unit_points, points, amount_cents, currency, day, week_start, batch_id, source, logged_at, undone_at) VALUES
      ('U1', 'call', 30, 1, 30, NULL, NULL, '2026-11-16', '2026-11-16', 'b1', 'command', 0, NULL),
      ('U1', 'call', 5, 1, 5, NULL, NULL, '2026-11-16', '2026-11-16', 'b2', 'command', 0, 1),
      ('U1', 'closed_won', 1, 25, 25, 120000, 'EUR', '2026-11-17', '2026-11-16', 'b3', 'command', 0, NULL)`);
    const sql = readMigration();
    db.$client.exec('DELETE FROM daily_activity_totals');
    db.$client.exec(sql);
    expect(runningDailyTotals(db)).toEqual(
      new Map([
        ['U1/2026-11-16/call/', '30/30/0'],
        ['U1/2026-11-17/closed_won/EUR', '1/25/120000'],
      ]),
    );
  });
});

function readMigration(): string {
  const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../../migrations/0017_kpis.sql'), 'utf8');
  // Only the backfill: the table and its triggers exist already.
  return text.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO `daily_activity_totals`'))!;
}
