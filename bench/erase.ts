/**
 * What an admin's erase costs on a big history, and whether it leaves the rep's data in the file:
 * `npx tsc -p tsconfig.bench.json && node dist/bench/erase.js` (BENCH_ENTRIES, default 1,000,000).
 * Prints Markdown; BENCHMARKS.md records the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/index.js';
import { eraseUser, wipeDeleted } from '../src/roster/privacy.js';

const TOTAL = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const REPS = 1000;
const TARGET = 'U0H000007';
const NOTE = 'erase-me-';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'points-erase-'));
const file = path.join(work, 'points.db');

/** Entries over three years for REPS reps, a note on every third; the target's notes say NOTE. */
function seed(): number {
  const started = performance.now();
  openDatabase(file).$client.close();
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.exec(`
    INSERT INTO users (id, tz, created_at, on_roster)
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${REPS - 1})
    SELECT printf('U0H%06d', i), 'UTC', 0, 1 FROM n;
    INSERT INTO entries (user_id, activity_key, count, unit_points, points, note, day, week_start, batch_id, source, logged_at)
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${TOTAL - 1}),
    d(i, day) AS (SELECT i, date('2023-11-20', '+' || (i * 1092 / ${TOTAL}) || ' days') FROM n)
    SELECT printf('U0H%06d', i % ${REPS}), 'call', 1, 1, 1,
      CASE WHEN i % 3 <> 0 THEN NULL WHEN printf('U0H%06d', i % ${REPS}) = '${TARGET}' THEN '${NOTE}' || i ELSE 'note ' || i END,
      day, date(day, '-6 days', 'weekday 1'), 'b' || i, 'import', 0 FROM d;
    INSERT INTO weekly_activity_totals (user_id, week_start, activity_key, count, points, amount_cents)
    SELECT user_id, week_start, activity_key, sum(count), sum(points), 0 FROM entries GROUP BY 1, 2, 3;
  `);
  db.pragma('journal_mode = WAL');
  db.close();
  return performance.now() - started;
}

/** Occurrences of the target's id or notes in the database file and its write-ahead log. */
function traces(): number {
  let found = 0;
  for (const f of [file, `${file}-wal`]) {
    if (!fs.existsSync(f)) continue;
    const fd = fs.openSync(f, 'r');
    const chunk = Buffer.alloc(64 * 1024 * 1024);
    // Chunks overlap by a needle's length, so nothing is missed at their edges.
    for (let at = 0, n; (n = fs.readSync(fd, chunk, 0, chunk.length, at)) > 0; at += n - 64) {
      const part = chunk.subarray(0, n);
      for (const needle of [TARGET, NOTE]) for (let i = part.indexOf(needle); i !== -1; i = part.indexOf(needle, i + 1)) found += 1;
      if (n < chunk.length) break;
    }
    fs.closeSync(fd);
  }
  return found;
}

const ms = (x: number) => `${(x / 1000).toFixed(1)} s`;
const mb = (f: string) => (fs.existsSync(f) ? `${(fs.statSync(f).size / 1e6).toFixed(0)} MB` : 'none');

const seeded = seed();
const db = openDatabase(file);
// The rep's last entries undone, as a rep does: each grows its row, and SQLite moves rows to fit.
db.$client.exec(
  `UPDATE entries SET undone_at = 1 WHERE id IN (SELECT id FROM entries WHERE user_id = '${TARGET}' ORDER BY id DESC LIMIT 50)`,
);
db.$client.pragma('wal_checkpoint(TRUNCATE)');
db.$client.prepare('SELECT count(*) FROM entries').get();
console.log(`## Erasing one of ${REPS.toLocaleString('en-US')} reps from ${TOTAL.toLocaleString('en-US')} entries`);
console.log();
console.log(`Seeded in ${ms(seeded)}: file ${mb(file)}, ${traces().toLocaleString('en-US')} occurrences of the rep's id or notes.`);

let started = performance.now();
const erased = eraseUser(db, TARGET);
const eraseMs = performance.now() - started;
console.log(`- the delete (secure_delete on): ${ms(eraseMs)}, ${erased.entries.toLocaleString('en-US')} entries; WAL ${mb(`${file}-wal`)}`);
db.$client.pragma('wal_checkpoint(TRUNCATE)');
console.log(`- after it and a checkpoint, without rewriting the file: ${traces().toLocaleString('en-US')} occurrences left`);

// A rep logging while the file is rewritten: the write waits for the lock, then fails.
const tries: string[] = [];
const logging = setInterval(() => {
  const t0 = performance.now();
  try {
    db.$client.prepare("UPDATE settings SET value = value WHERE key = 'weekly_goal'").run();
    tries.push(`saved in ${(performance.now() - t0).toFixed(0)} ms`);
  } catch (err) {
    tries.push(`${(err as { code?: string }).code} after ${(performance.now() - t0).toFixed(0)} ms`);
  }
}, 2000);
started = performance.now();
await wipeDeleted(db);
clearInterval(logging);
console.log(
  `- the rewrite (VACUUM in a worker, then a truncating checkpoint): ${ms(performance.now() - started)}; file ${mb(file)}, WAL ${mb(`${file}-wal`)}, ${traces()} occurrences left`,
);
console.log(`- writes tried every 2 s meanwhile: ${tries.join('; ') || 'none'}`);
db.$client.close();
fs.rmSync(work, { recursive: true, force: true });
