import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, RANGE_READ_MIN, type Db } from '../../../src/db/index.js';
import { catalogueWithRetired, loadCatalogue } from '../../../src/scoring/catalogue.js';
import { stalledDiscoveries, STALL_DAYS, STALL_MIN_DAYS, STALL_MIN_DISCOVERIES } from '../../../src/scoring/kpis.js';
import { recordEntries, undoEntries } from '../../../src/scoring/ledger.js';

/*
 * Stalled discoveries against a hand-worked fixture, Friday 20 Nov 2026 the last day: the look
 * runs from Sat 24 Oct (28 days) and a stall's first discovery is on 13 Nov or before.
 *
 * | rep | discoveries (self-led)                 | demos  | stalled?                          |
 * | A   | 2 Nov, 4 Nov                           | none   | 2 since 2 Nov                     |
 * | B   | 2 Nov; 9 Nov ×2                        | 5 Nov  | 2 since 9 Nov (the one before the demo is not counted) |
 * | C   | 2 Nov, 6 Nov ×2                        | 6 Nov  | no: the demo is on the last ones' day |
 * | D   | 2 Nov                                  | none   | no: one discovery                 |
 * | E   | 16 Nov ×2                              | none   | no: a week has not passed         |
 * | F   | 2 Nov ×2, undone                       | none   | no: nothing stands                |
 * | G   | 20 Oct ×3 (before the look), 3 Nov     | none   | no: one in the look               |
 * | H   | 24 Oct ×2                              | none   | 2 since 24 Oct (the look's first day) |
 * | I   | 13 Nov ×2                              | none   | 2 since 13 Nov (a week exactly)   |
 * | J   | 2 Nov ×2                               | 5 Nov, undone | 2 since 2 Nov              |
 */

const LAST_DAY = '2026-11-20';
const REPS = ['UA', 'UB', 'UC', 'UD', 'UE', 'UF', 'UG', 'UH', 'UI', 'UJ'];

function seed(db: Db): void {
  const catalogue = loadCatalogue(db);
  const log = (userId: string, day: string, activityKey: string, count = 1) =>
    recordEntries(db, {
      userId,
      items: [{ activityKey, count, amountCents: null, currency: null }],
      day,
      note: null,
      source: 'command',
      now: new Date(`${day}T12:00:00Z`),
      catalogue,
    });
  log('UA', '2026-11-02', 'discovery_self');
  log('UA', '2026-11-04', 'discovery_self');
  log('UB', '2026-11-02', 'discovery_self');
  log('UB', '2026-11-05', 'demo_self');
  log('UB', '2026-11-09', 'discovery_self', 2);
  log('UC', '2026-11-02', 'discovery_self');
  log('UC', '2026-11-06', 'discovery_self', 2);
  log('UC', '2026-11-06', 'demo_self');
  log('UD', '2026-11-02', 'discovery_self');
  log('UE', '2026-11-16', 'discovery_self', 2);
  const undone = log('UF', '2026-11-02', 'discovery_self', 2);
  undoEntries(db, 'UF', { kind: 'batch', batchId: undone.batchId }, new Date('2026-11-02T12:05:00Z'));
  log('UG', '2026-10-20', 'discovery_self', 3);
  log('UG', '2026-11-03', 'discovery_self');
  log('UH', '2026-10-24', 'discovery_self', 2);
  log('UI', '2026-11-13', 'discovery_self', 2);
  log('UJ', '2026-11-02', 'discovery_self', 2);
  const demo = log('UJ', '2026-11-05', 'demo_self');
  undoEntries(db, 'UJ', { kind: 'batch', batchId: demo.batchId }, new Date('2026-11-05T12:05:00Z'));
  // Someone else's stalled discoveries, not asked for: they are not the reps'.
  log('UX', '2026-11-02', 'discovery_self', 5);
}

const expected = new Map([
  ['UA', { discoveries: 2, since: '2026-11-02' }],
  ['UB', { discoveries: 2, since: '2026-11-09' }],
  ['UH', { discoveries: 2, since: '2026-10-24' }],
  ['UI', { discoveries: 2, since: '2026-11-13' }],
  ['UJ', { discoveries: 2, since: '2026-11-02' }],
]);

describe('stalled discoveries', () => {
  let db: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    seed(db);
  });

  it('uses the rules the fixture is worked out by', () => {
    expect([STALL_DAYS, STALL_MIN_DISCOVERIES, STALL_MIN_DAYS]).toEqual([28, 2, 7]);
  });

  it('finds them for a team, rep by rep', () => {
    expect(stalledDiscoveries(db, REPS, LAST_DAY, catalogueWithRetired(db))).toEqual(expected);
  });

  it('finds the same for a whole roster, read as the days’ range of every rep', () => {
    const roster = [...REPS, ...Array.from({ length: RANGE_READ_MIN }, (_, i) => `UZ${i}`)];
    expect(stalledDiscoveries(db, roster, LAST_DAY, catalogueWithRetired(db))).toEqual(expected);
  });
});
