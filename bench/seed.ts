/**
 * Bench databases built in bulk: users whose time zones are cached, and years of history with the
 * running totals it implies. Shared by `npm run bench` and the scripts that run alone.
 */
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/index.js';
import { weekStartOf } from '../src/scoring/week.js';

/** Users the bot has already seen, so their time zone comes from its cache as in steady use. */
export function seedUsers(dbPath: string, prefix: string, count: number): void {
  const db = openDatabase(dbPath);
  const insert = db.$client.prepare(
    "INSERT OR IGNORE INTO users (id, tz, tz_checked_at, created_at, on_roster) VALUES (?, 'UTC', ?, 0, 1)",
  );
  db.$client.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`${prefix}${String(i).padStart(6, '0')}`, Date.now());
  })();
  db.$client.close();
}

/** Accounts per rep in the seeded history: each rep's own, named on one entry in ten. */
const ACCOUNTS_PER_REP = 20;

/** Days of the recent layer (`recent` in seedHistory): the calendar quarter of today lies within them. */
export const RECENT_DAYS = 98;

/**
 * History in bulk, in SQL: `total` entries over `reps` reps, spread over the three years up to
 * this week, with the running totals they imply. Indexes are dropped for the load and rebuilt.
 * One entry in ten names one of the rep's 20 accounts, and one in thirty is a closed-won deal
 * naming one, so the deal KPIs have years of account history to read; each account has an open
 * pipeline amount logged this week.
 *
 * With `recent`, that many of the entries are spread over the last RECENT_DAYS days instead and
 * the rest over the three years before them. The recent layer is the same whatever `total`: two
 * files seeded with the same `recent` and `reps` hold the same weeks, month and quarter, and
 * differ only in how much history lies before them.
 */
export function seedHistory(dbPath: string, total: number, reps: number, opts: { recent?: number } = {}): void {
  const recent = Math.min(total, opts.recent ?? 0);
  seedUsers(dbPath, 'U0H', reps);
  const db = new Database(dbPath);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  const start = weekStartOf(new Date(Date.now() - 3 * 364 * 86_400_000).toISOString().slice(0, 10));
  const today = new Date().toISOString().slice(0, 10);
  const recentStart = new Date(Date.now() - (RECENT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  // The older layer ends where the recent one starts; without one it runs to this week.
  const oldDays = recent > 0 ? 3 * 364 - RECENT_DAYS : 3 * 364 + 3;
  const old = total - recent;
  db.exec(`
    INSERT INTO accounts (id, name, norm, created_by, created_at)
    WITH RECURSIVE a(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM a WHERE i < ${reps * ACCOUNTS_PER_REP - 1})
    SELECT i + 1, 'Account ' || i, 'account' || i, printf('U0H%06d', i / ${ACCOUNTS_PER_REP}), 0 FROM a;
    INSERT INTO deal_events (account_id, user_id, kind, amount_cents, currency, day, batch_id, logged_at)
      SELECT id, created_by, 'pipeline', 1000000 + id, 'USD', date('now'), 'p' || id, 0 FROM accounts;
  `);
  // Entry i is the j-th of its layer: what it is, whose and which day come from j and the layer.
  db.exec(`
    INSERT INTO entries (user_id, activity_key, count, unit_points, points, day, week_start, batch_id, source, logged_at, account_id)
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${total - 1}),
    l(i, j, d) AS (
      SELECT i,
        CASE WHEN i < ${old} THEN i ELSE i - ${old} END,
        CASE WHEN i < ${old}
          THEN date('${start}', '+' || ((i / ${reps}) * ${oldDays} / ${Math.max(1, Math.ceil(old / reps))}) || ' days')
          ELSE min('${today}', date('${recentStart}', '+' || (((i - ${old}) / ${reps}) * ${RECENT_DAYS} / ${Math.max(1, Math.ceil(recent / reps))}) || ' days'))
        END
      FROM n),
    k(i, j, key, pts, d) AS (
      SELECT i, j,
        CASE WHEN (j / ${reps}) % 30 = 5 THEN 'closed_won' ELSE
          CASE j % 6 WHEN 0 THEN 'call' WHEN 1 THEN 'email' WHEN 2 THEN 'dm_conversation' WHEN 3 THEN 'meeting_booked' WHEN 4 THEN 'demo_self' ELSE 'call' END END,
        CASE WHEN (j / ${reps}) % 30 = 5 THEN 25 ELSE CASE j % 6 WHEN 0 THEN 1 WHEN 1 THEN 1 WHEN 2 THEN 5 WHEN 3 THEN 10 WHEN 4 THEN 25 ELSE 1 END END,
        d
      FROM l)
    SELECT printf('U0H%06d', j % ${reps}), key, 1, pts, pts, d, date(d, '-6 days', 'weekday 1'), 'b' || i, 'import', 0,
      CASE WHEN (j / ${reps}) % 10 = 5 THEN (j % ${reps}) * ${ACCOUNTS_PER_REP} + (j / ${reps} / 10) % ${ACCOUNTS_PER_REP} + 1 END FROM k;
  `);
  for (const i of indexes) db.exec(i.sql);
  db.exec(`
    INSERT INTO weekly_activity_totals (user_id, week_start, activity_key, count, points, amount_cents)
      SELECT user_id, week_start, activity_key, sum(count), sum(points), 0 FROM entries GROUP BY user_id, week_start, activity_key;
    INSERT INTO daily_activity_totals (user_id, day, activity_key, currency, count, points, amount_cents)
      SELECT user_id, day, activity_key, '', sum(count), sum(points), 0 FROM entries GROUP BY user_id, day, activity_key;
  `);
  db.pragma('journal_mode = WAL');
  db.close();
}
