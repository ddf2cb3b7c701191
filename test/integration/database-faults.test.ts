import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries, weeklyActivityTotals } from '../../src/schema.js';
import { loadCatalogue } from '../../src/scoring/catalogue.js';
import { recordEntries } from '../../src/scoring/ledger.js';
import { addDays } from '../../src/scoring/week.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

describe('when the database cannot take a write', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot();
    t.slack.users.set('U0REP1', { tz: 'UTC' });
    expect(allText((await t.command('/log', '10 calls')).json)).toContain('Logged');
  });
  afterEach(async () => t.close());

  const rows = () =>
    t.db
      .select()
      .from(entries)
      .all()
      .filter((e) => e.userId === 'U0REP1').length;
  const total = () =>
    t.db
      .select()
      .from(weeklyActivityTotals)
      .all()
      .filter((w) => w.userId === 'U0REP1')
      .reduce((sum, w) => sum + w.points, 0);

  async function refusedThenRecovered(cause: () => void, cure: () => void) {
    cause();
    const refused = await t.command('/log', 'demo self-led');
    expect(refused.status).toBe(200);
    expect(refused.json.text).toContain('that was *not saved*');
    expect(allText(refused.json)).not.toContain('Logged');
    const form = await t.submitLogForm({ activity: 'demo_self' });
    expect(form.json).toEqual({ response_action: 'errors', errors: { log_activity_block: expect.stringContaining('not saved') } });
    cure();
    expect(rows()).toBe(1);
    expect(total()).toBe(10);
    expect(allText((await t.command('/log', 'demo self-led')).json)).toContain('Logged *1 self-led demo* (+25 pts)');
    expect(rows()).toBe(2);
    expect(total()).toBe(35);
  }

  it('busy: another process holds the write lock', async () => {
    const other = new Database(t.dbPath);
    await refusedThenRecovered(
      () => other.exec('BEGIN IMMEDIATE'),
      () => {
        other.exec('COMMIT');
        other.close();
      },
    );
  });

  it('full: the database has reached its size limit', async () => {
    const sqlite = t.db.$client;
    await refusedThenRecovered(
      () => {
        // Cap the file at its current size, then use up the free space in every table the
        // ledger writes, with entries of another user across many weeks.
        sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
        const catalogue = loadCatalogue(t.db);
        let day = '2001-01-01';
        for (const size of [2000, 200, 20, 0]) {
          try {
            for (;;) {
              day = addDays(day, 7);
              recordEntries(t.db, {
                userId: 'U0FILL',
                items: [{ activityKey: 'call', count: 1, amountCents: null }],
                day,
                note: 'x'.repeat(size) || null,
                source: 'import',
                now: new Date(),
                catalogue,
              });
            }
          } catch (err) {
            expect((err as { code?: string }).code).toBe('SQLITE_FULL');
          }
        }
      },
      () => sqlite.pragma('max_page_count = 1073741823'),
    );
  });

  it('read-only: the database refuses writes', async () => {
    const sqlite = t.db.$client;
    await refusedThenRecovered(
      () => sqlite.pragma('query_only = ON'),
      () => sqlite.pragma('query_only = OFF'),
    );
  });
});
