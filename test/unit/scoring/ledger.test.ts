import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/index.js';
import { entries } from '../../../src/db/schema.js';
import { activityInForce, loadCatalogue, saveCatalogueRow } from '../../../src/scoring/catalogue.js';
import {
  entriesByIds,
  recomputeWeeklyTotals,
  recordEntries,
  runningWeeklyTotals,
  undoEntries,
  weekEntryIds,
  weekSummary,
} from '../../../src/scoring/ledger.js';

const now = new Date('2026-11-18T15:00:00Z');

/** A week's entries worked out in JavaScript, the way weekEntryIds orders them in SQLite: lines newest first, a line in order. */
function entriesByLines(db: Db, userId: string, weekStart: string): Array<typeof entries.$inferSelect> {
  const lines = new Map<string, Array<typeof entries.$inferSelect>>();
  for (const e of db.select().from(entries).orderBy(entries.id).all())
    if (e.userId === userId && e.weekStart === weekStart) lines.set(e.batchId, [...(lines.get(e.batchId) ?? []), e]);
  return [...lines.values()].reverse().flat();
}

describe('ledger', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });

  const log = (userId: string, items: Array<[string, number]>, day = '2026-11-18', clientKey?: string) =>
    recordEntries(db, {
      userId,
      items: items.map(([activityKey, count]) => ({ activityKey, count, amountCents: null, currency: null })),
      day,
      note: null,
      source: 'command',
      clientKey,
      now,
      catalogue: loadCatalogue(db),
    });

  it('lists a week by ids as entriesByLines does, lines newest first and a line in order, undone ones left out when asked', () => {
    log('U1', [
      ['call', 30],
      ['email', 5],
      ['demo_self', 1],
    ]);
    log('U2', [['call', 9]]);
    const undone = log('U1', [['email', 2]], '2026-11-17');
    log('U1', [
      ['demo_self', 2],
      ['call', 1],
    ]);
    log('U1', [['call', 4]], '2026-11-10');
    undoEntries(db, 'U1', { kind: 'batch', batchId: undone.batchId }, now);
    const week = '2026-11-16';
    const all = entriesByLines(db, 'U1', week);
    expect(all.map((e) => `${e.activityKey} ${e.count}`)).toEqual([
      'demo_self 2',
      'call 1',
      'email 2',
      'call 30',
      'email 5',
      'demo_self 1',
    ]);
    expect(entriesByIds(db, weekEntryIds(db, 'U1', week))).toEqual(all);
    expect(entriesByIds(db, weekEntryIds(db, 'U1', week, true))).toEqual(all.filter((e) => e.undoneAt === null));
    expect(entriesByIds(db, weekEntryIds(db, 'U1', week).slice(1, 3)).map((e) => e.activityKey)).toEqual(['call', 'email']);
  });

  it('stores the points each entry earned and the week it belongs to', () => {
    const result = log('U1', [
      ['call', 30],
      ['demo_self', 2],
    ]);
    expect(result.weekTotal).toBe(80);
    expect(result.weekStart).toBe('2026-11-16');
    const rows = db.select().from(entries).all();
    expect(rows.map((r) => [r.activityKey, r.count, r.unitPoints, r.points, r.weekStart])).toEqual([
      ['call', 30, 1, 30, '2026-11-16'],
      ['demo_self', 2, 25, 50, '2026-11-16'],
    ]);
    expect(new Set(rows.map((r) => r.batchId)).size).toBe(1);
  });

  it('keeps the running totals equal to a recomputation through any mix of logs and undos', () => {
    const keys = loadCatalogue(db).map((c) => c.key);
    const reps = ['U1', 'U2', 'U3'];
    const days = ['2026-11-09', '2026-11-12', '2026-11-16', '2026-11-18'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const batches: Array<{ userId: string; batchId: string }> = [];
    for (let i = 0; i < 300; i++) {
      const userId = reps[rand(reps.length)]!;
      const op = rand(10);
      if (op < 7) {
        const r = log(userId, [[keys[rand(keys.length)]!, 1 + rand(40)]], days[rand(days.length)]);
        batches.push({ userId, batchId: r.batchId });
      } else if (op < 9 && batches.length > 0) {
        const b = batches[rand(batches.length)]!;
        undoEntries(db, b.userId, { kind: 'batch', batchId: b.batchId }, now);
      } else {
        undoEntries(db, userId, { kind: 'lastLine', fromWeek: '2026-11-09', toWeek: '2026-11-16' }, now);
      }
    }
    expect(runningWeeklyTotals(db)).toEqual(recomputeWeeklyTotals(db));
    expect(db.select().from(entries).all()).toHaveLength(batches.length);
  });

  const LAST_LINE = { kind: 'lastLine', fromWeek: '2026-11-09', toWeek: '2026-11-16' } as const;

  it('undoes the whole last line without deleting it', () => {
    log('U1', [['call', 10]]);
    log('U1', [
      ['demo_self', 1],
      ['email', 3],
    ]);
    const result = undoEntries(db, 'U1', LAST_LINE, now);
    expect(result.undone.map((e) => e.activityKey)).toEqual(['demo_self', 'email']);
    expect(result.weekTotals.get('2026-11-16')).toBe(10);
    const rows = db.select().from(entries).all();
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.undoneAt === now.getTime()).map((r) => r.activityKey)).toEqual(['demo_self', 'email']);
  });

  it("undoes the rep's own last line, whoever logged after it and whichever week it is for", () => {
    log('U1', [['call', 10]]);
    log('U1', [['email', 4]]);
    log('U2', [['demo_self', 1]]);
    log('U1', [['meeting_booked', 1]], '2026-11-10');
    log('U3', [['call', 2]]);
    const result = undoEntries(db, 'U1', LAST_LINE, now);
    expect(result.undone.map((e) => [e.userId, e.activityKey])).toEqual([['U1', 'meeting_booked']]);
    expect(result.weekTotals).toEqual(new Map([['2026-11-09', 0]]));
    expect(undoEntries(db, 'U1', LAST_LINE, now).undone.map((e) => e.activityKey)).toEqual(['email']);
    expect(undoEntries(db, 'U1', LAST_LINE, now).undone.map((e) => e.activityKey)).toEqual(['call']);
    expect(undoEntries(db, 'U1', LAST_LINE, now).undone).toEqual([]);
    expect(weekSummary(db, 'U2', '2026-11-16').total).toBe(25);
  });

  it('looks for the last line only in the weeks it is given', () => {
    log('U1', [['call', 10]], '2026-11-03');
    expect(undoEntries(db, 'U1', LAST_LINE, now).undone).toEqual([]);
    expect(weekSummary(db, 'U1', '2026-11-02').total).toBe(10);
  });

  it('undoes one entry of a line, only the rep’s own, and only once', () => {
    const line = log('U1', [
      ['call', 10],
      ['email', 4],
    ]);
    const email = line.entries[1]!.id;
    expect(undoEntries(db, 'U2', { kind: 'entry', entryId: email }, now)).toMatchObject({ undone: [], alreadyUndone: [] });
    expect(undoEntries(db, 'U1', { kind: 'entry', entryId: email }, now).undone.map((e) => e.activityKey)).toEqual(['email']);
    expect(undoEntries(db, 'U1', { kind: 'entry', entryId: email }, now)).toMatchObject({ undone: [], alreadyUndone: [{ id: email }] });
    expect(weekSummary(db, 'U1', '2026-11-16').total).toBe(10);
    // The rest of the line is still there for the line's own Undo.
    expect(undoEntries(db, 'U1', { kind: 'batch', batchId: line.batchId }, now).undone.map((e) => e.activityKey)).toEqual(['call']);
  });

  it('undoes nothing that belongs to someone else, and nothing twice', () => {
    const mine = log('U1', [['call', 10]]);
    expect(undoEntries(db, 'U2', { kind: 'batch', batchId: mine.batchId }, now).undone).toEqual([]);
    expect(undoEntries(db, 'U1', { kind: 'batch', batchId: mine.batchId }, now).undone).toHaveLength(1);
    const again = undoEntries(db, 'U1', { kind: 'batch', batchId: mine.batchId }, now);
    expect(again.undone).toEqual([]);
    expect(again.alreadyUndone).toHaveLength(1);
    expect(weekSummary(db, 'U1', '2026-11-16').total).toBe(0);
  });

  it('records a repeated client key once', () => {
    const first = log('U1', [['demo_self', 1]], '2026-11-18', 'view:V1');
    const second = log('U1', [['demo_self', 1]], '2026-11-18', 'view:V1');
    expect(second.duplicate).toBe(true);
    expect(second.batchId).toBe(first.batchId);
    expect(db.select().from(entries).all()).toHaveLength(1);
    expect(weekSummary(db, 'U1', '2026-11-16').total).toBe(25);
  });

  it('never rewrites points already earned when the catalogue changes', () => {
    log('U1', [['demo_self', 1]]);
    const { id: _, ...demo } = activityInForce(db, 'AE', 'demo_self', '2026-11-16')!;
    saveCatalogueRow(db, { ...demo, weekStart: '2026-11-16', points: 40, changeId: 'c1', changedBy: 'UADMIN', changedAt: 1 });
    log('U1', [['demo_self', 1]]);
    expect(
      db
        .select()
        .from(entries)
        .all()
        .map((e) => e.points),
    ).toEqual([25, 40]);
    expect(weekSummary(db, 'U1', '2026-11-16')).toMatchObject({
      total: 65,
      byActivity: [{ activityKey: 'demo_self', count: 2, points: 65 }],
    });
  });
});
