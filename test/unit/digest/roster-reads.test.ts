import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, RANGE_READ_MIN, type Db } from '../../../src/db/index.js';
import { previewDigests } from '../../../src/digest/job.js';
import { loadTeams, teamKpiFigures, teamsKpiFigures } from '../../../src/digest/team.js';
import { changeUsers } from '../../../src/roster/people.js';
import { loadCatalogue, weekCatalogue } from '../../../src/scoring/catalogue.js';
import { recordEntries, undoEntries } from '../../../src/scoring/ledger.js';
import { addDays } from '../../../src/scoring/week.js';
import { buildDigestMessages } from '../../../src/views/digest.js';

/*
 * A roster large enough for the digest's reads to take every rep's rows of a week or of days at
 * once (RANGE_READ_MIN reps and more) gives the same digests, reason for reason and flag for
 * flag, as each team read alone, rep by rep. The reps' weeks hold what the reasons and flags
 * look for: discoveries with no demo after them, bursts, backdated entries, amounts far above
 * the team's largest, weeks far outside a rep's norm, undone entries and last week's totals.
 */

const WEEK = '2026-11-16';
const LAST_DAY = '2026-11-20';
const MANAGERS = 220;
const REPS_PER_TEAM = 10;
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00Z`);

function seed(db: Db): void {
  const managers = Array.from({ length: MANAGERS }, (_, m) => `UM${String(m).padStart(4, '0')}`);
  const reps = managers.flatMap((manager, m) =>
    Array.from({ length: REPS_PER_TEAM }, (_, r) => ({ id: `UR${String(m * REPS_PER_TEAM + r).padStart(5, '0')}`, manager })),
  );
  const joined = new Date('2026-09-01T00:00:00Z');
  changeUsers(
    db,
    reps.map((r) => ({ id: r.id, change: { onRoster: true, managerId: r.manager, startDate: '2025-01-05' } })),
    joined,
  );
  const catalogue = loadCatalogue(db);
  const log = (userId: string, day: string, loggedAt: Date, activityKey: string, count = 1, amount?: { cents: number; currency: string }) =>
    recordEntries(db, {
      userId,
      items: [{ activityKey, count, amountCents: amount?.cents ?? null, currency: amount?.currency ?? null }],
      day,
      note: null,
      source: 'command',
      now: loggedAt,
      catalogue,
    });
  // People off the roster whose week holds entries: a range read finds them, no digest shows them.
  for (let k = 0; k < 30; k++) {
    log(`UX${k}`, addDays(WEEK, 1), at(addDays(WEEK, 1), '08:00'), 'call', 250);
    log(`UX${k}`, addDays(WEEK, -15), at(addDays(WEEK, -15), '08:00'), 'discovery_self', 3);
  }
  reps.forEach(({ id }, i) => {
    // Every rep: some calls this week (from Monday or Tuesday, so few reps have quiet days and
    // most are read for stalled discoveries) and last, so totals, last week and KPIs differ.
    log(id, addDays(WEEK, i % 2), at(addDays(WEEK, i % 2), '09:00'), 'call', 5 + (i % 40));
    log(id, addDays(WEEK, -7 + (i % 5)), at(addDays(WEEK, -7 + (i % 5)), '10:00'), 'call', 10 + (i % 30));
    if (i % 3 === 0) log(id, addDays(WEEK, 1), at(addDays(WEEK, 1), '11:00'), 'meeting_booked', 1 + (i % 4));
    // Discoveries, one to four, two weeks back or this week (too recent to stall); one rep in two
    // of them had a demo after.
    if (i % 7 === 0) {
      const n = i / 7;
      const first = n % 5 === 0 ? WEEK : addDays(WEEK, -15);
      log(id, first, at(first, '12:00'), 'discovery_self');
      if (n % 4 !== 0) log(id, addDays(first, 1), at(addDays(first, 1), '12:00'), 'discovery_self', n % 3 || 3);
      if (n % 2 === 0) log(id, addDays(first, 3), at(addDays(first, 3), '12:00'), 'demo_self');
    }
    // A burst: 250 calls in one line.
    if (i % 50 === 1) log(id, addDays(WEEK, 2), at(addDays(WEEK, 2), '14:00'), 'call', 250);
    // Backdated: six entries logged on Friday for Monday.
    if (i % 60 === 2) for (let k = 0; k < 6; k++) log(id, WEEK, at(LAST_DAY, `15:0${k}`), 'email');
    // Deals: modest ones in the weeks before, a very large one this week for some.
    if (i % 10 === 3) log(id, addDays(WEEK, -20), at(addDays(WEEK, -20), '16:00'), 'closed_won', 1, { cents: 500_000, currency: 'USD' });
    if (i % 40 === 3) log(id, addDays(WEEK, 3), at(addDays(WEEK, 3), '16:00'), 'closed_won', 1, { cents: 9_000_000, currency: 'USD' });
    if (i % 45 === 4) log(id, addDays(WEEK, 3), at(addDays(WEEK, 3), '16:30'), 'closed_won', 1, { cents: 120_000, currency: 'EUR' });
    // Far outside the norm: ten meetings a week for five weeks, then forty.
    if (i % 70 === 5) {
      for (let w = 1; w <= 5; w++) log(id, addDays(WEEK, -7 * w), at(addDays(WEEK, -7 * w), '17:00'), 'meeting_booked', 10);
      log(id, addDays(WEEK, 4), at(addDays(WEEK, 4), '17:00'), 'meeting_booked', 40);
    }
    // Undone: a line logged and taken back counts nowhere.
    if (i % 9 === 6) {
      const line = log(id, addDays(WEEK, 2), at(addDays(WEEK, 2), '18:00'), 'demo_self', 3);
      undoEntries(db, id, { kind: 'batch', batchId: line.batchId }, at(addDays(WEEK, 2), '18:01'));
    }
  });
}

describe('every digest of a roster read at once', () => {
  let db: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    seed(db);
  });

  it('gives every reason and flag the rules look for', () => {
    const teams = [...loadTeams(db, { weekStart: WEEK }).values()];
    const figures = teamsKpiFigures(db, { teams, lastDay: LAST_DAY });
    const reasons = figures.flatMap((f) => [...f.reasons.values()].map((r) => r.kind));
    const flags = figures.flatMap((f) => [...(f.flags?.values() ?? [])].flat().map((x) => x.kind));
    expect(new Set(reasons)).toContain('no_demo');
    // Stalled discoveries are read for reps behind whom no earlier reason explains: over RANGE_READ_MIN of them.
    const behind = teams.flatMap((t) => t.reps.filter((r) => r.goal !== null && r.total < r.goal).map((r) => r.repId));
    const explained = figures.flatMap((f) => [...f.reasons].filter(([, r]) => r.kind !== 'no_demo' && r.kind !== 'few_calls'));
    expect(behind.length - explained.length).toBeGreaterThanOrEqual(RANGE_READ_MIN);
    expect(new Set(flags)).toEqual(new Set(['burst', 'backdated', 'large_amount', 'off_norm']));
    // Stalled: reps with two discoveries or more two weeks back and no demo after them, when behind.
    expect(reasons.filter((k) => k === 'no_demo').length).toBeGreaterThan(40);
  });

  it('are the digests each team gets read alone', () => {
    const together = previewDigests(db, { weekStart: WEEK });
    expect(together).toHaveLength(MANAGERS);
    // Read as ranges: the roster is over RANGE_READ_MIN reps.
    expect([...loadTeams(db, { weekStart: WEEK }).values()].flatMap((t) => t.reps).length).toBeGreaterThanOrEqual(RANGE_READ_MIN);
    const catalogue = weekCatalogue(db, WEEK);
    for (const { managerId, messages } of together) {
      const team = loadTeams(db, { weekStart: WEEK, managerIds: [managerId] }).get(managerId)!;
      expect(team.reps).toHaveLength(REPS_PER_TEAM);
      const alone = buildDigestMessages({ team, catalogue, kpis: teamKpiFigures(db, { team, lastDay: LAST_DAY }) });
      expect(messages, managerId).toEqual(alone);
    }
  });
});
