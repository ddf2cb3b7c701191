import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entries, weeklyActivityTotals } from '../../src/db/schema.js';
import { loadCatalogue } from '../../src/scoring/catalogue.js';
import { recordEntries } from '../../src/scoring/ledger.js';
import { addDays } from '../../src/scoring/week.js';
import { allText } from '../support/blocks.js';
import { runBotToExit } from '../support/bot-process.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Another process (a backup, a CLI tool) that takes the write lock on the file, writes, and keeps it for `ms`. */
async function holdWriteLock(file: string, ms: number): Promise<{ child: ChildProcess; released: Promise<unknown> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO processed_events (event_id, received_at) VALUES (?, ?)').run('held-by-another-process', Date.now());
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec('COMMIT');
    db.close();
  `;
  const child = spawn(process.execPath, ['-e', script, file, String(ms)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    void released.then(() => reject(new Error('the lock holder exited before taking the lock')));
  });
  return { child, released };
}

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

  it('busy for 12 s in another process: first-time reps hear "not saved" and /health answers while it still holds the lock', async () => {
    const reps = Array.from({ length: 8 }, (_, i) => `U0NEW${i}`);
    for (const id of reps) t.slack.users.set(id, { tz: 'UTC' });
    const holder = await holdWriteLock(t.dbPath, 12_000);
    const [health, ...answers] = await Promise.all([
      fetch(`${t.baseUrl}/health`).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown })),
      ...reps.map((id) => t.command('/log', '10 calls', { user_id: id })),
    ]);
    // Every answer came while the other process still held the lock: nothing waited it out.
    expect(holder.child.exitCode).toBeNull();
    expect(health).toEqual({ status: 200, body: { ok: true } });
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json.text).toContain('that was *not saved*');
    }
    expect(rows()).toBe(1);
    await holder.released;
    for (const id of reps) {
      expect(allText((await t.command('/log', '10 calls', { user_id: id })).json)).toContain('Logged *10 calls*');
    }
    expect(t.db.select().from(entries).all()).toHaveLength(1 + reps.length);
  }, 40_000);

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
                items: [{ activityKey: 'call', count: 1, amountCents: null, currency: null }],
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

describe('when the database is read-only', () => {
  const health = async (baseUrl: string) => {
    const res = await fetch(`${baseUrl}/health`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('in a folder the bot cannot write, the start stops with one clear line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-readonly-'));
    try {
      fs.chmodSync(dir, 0o555);
      // root writes through any mode bits, so the bot runs as an unprivileged user when the tests are root.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const { code, stdout, stderr } = await runBotToExit({ DATABASE_PATH: path.join(dir, 'points.db') }, asUser);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `Cannot use the database ${path.join(dir, 'points.db')}: its folder ${dir} is not writable (EACCES); make it writable by the bot's user (SQLite keeps its -wal and -shm files beside the database) or set DATABASE_PATH to a writable place\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // The tests may run as root, where file modes do not stop writes: the bot's own connection is
  // made to refuse them instead, which SQLite does with the same SQLITE_READONLY as a read-only file.
  it('after the start: /health answers 503 with the reason, and 200 again once writes work', async () => {
    const t = await startTestBot();
    try {
      t.db.$client.pragma('query_only = ON');
      expect(await health(t.baseUrl)).toEqual({
        status: 503,
        body: { ok: false, reason: expect.stringMatching(/^database is read-only: .*SQLITE_READONLY/) },
      });
      t.db.$client.pragma('query_only = OFF');
      t.slack.users.set('U0REP1', { tz: 'UTC' });
      expect(allText((await t.command('/log', '10 calls')).json)).toContain('Logged');
      expect(await health(t.baseUrl)).toEqual({ status: 200, body: { ok: true } });
    } finally {
      await t.close();
    }
  });

  it('when a /log is refused by a database that turned read-only, /health says so at once', async () => {
    const t = await startTestBot();
    try {
      t.slack.users.set('U0REP1', { tz: 'UTC' });
      expect(await health(t.baseUrl)).toEqual({ status: 200, body: { ok: true } });
      t.db.$client.pragma('query_only = ON');
      expect((await t.command('/log', '10 calls')).json.text).toContain('that was *not saved*');
      expect(await health(t.baseUrl)).toEqual({
        status: 503,
        body: { ok: false, reason: expect.stringMatching(/^database is read-only: .*SQLITE_READONLY/) },
      });
    } finally {
      t.db.$client.pragma('query_only = OFF');
      await t.close();
    }
  });
});

describe('when the week cannot be read once the entry is saved', () => {
  it('confirms what was logged without the week, never "not saved", and the entry is there once', async () => {
    const t = await startTestBot();
    try {
      t.slack.users.set('U0REP1', { tz: 'UTC' });
      expect(allText((await t.command('/log', '10 calls')).json)).toContain('Logged');
      // Another connection drops a table the week's goal is read from and the write never touches.
      const other = new Database(t.dbPath);
      other.exec('DROP TABLE away_days');
      other.close();
      const res = await t.command('/log', 'demo self-led');
      expect(res.status).toBe(200);
      expect(allText(res.json)).toContain('Logged *1 self-led demo* (+25 pts)');
      expect(allText(res.json)).toContain("Your week's total couldn't be read just now; `/points` shows it.");
      expect(allText(res.json)).not.toContain('not saved');
      const saved = t.db
        .select()
        .from(entries)
        .all()
        .filter((e) => e.userId === 'U0REP1');
      expect(saved.map((e) => e.activityKey).sort()).toEqual(['call', 'demo_self']);
    } finally {
      await t.close();
    }
  });
});
