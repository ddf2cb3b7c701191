import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import { settings } from '../../src/db/schema.js';
import { WriteQueue } from '../../src/db/write-queue.js';

/** A database file in WAL mode and its write queue, for `use`; closed and removed afterwards. */
async function onWalFile(use: (db: Db, queue: WriteQueue, file: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-queue-'));
  const file = path.join(dir, 'points.db');
  const db = openDatabase(file);
  const queue = new WriteQueue(db);
  try {
    await use(db, queue, file);
  } finally {
    queue.close();
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('WriteQueue (group commit)', () => {
  it('commits writes that arrive together in one transaction, and settles each after it', async () => {
    const db = openDatabase(':memory:');
    const queue = new WriteQueue(db);
    const events: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        queue
          .run(() => {
            events.push(db.$client.inTransaction ? 'write in transaction' : 'write outside');
            return db
              .insert(settings)
              .values({ key: `k${i}`, value: String(i) })
              .run().changes;
          })
          .then((changes) => {
            events.push('settled');
            return changes;
          }),
      ),
    );
    expect(results).toEqual(Array(10).fill(1));
    expect(events).toEqual([...Array(10).fill('write in transaction'), ...Array(10).fill('settled')]);
    expect(
      db
        .select()
        .from(settings)
        .all()
        .filter((s) => s.key.startsWith('k')),
    ).toHaveLength(10);
  });

  it('rolls back only the write that failed in a batch', async () => {
    const db = openDatabase(':memory:');
    const queue = new WriteQueue(db);
    const outcomes = await Promise.allSettled([
      queue.run(() => db.insert(settings).values({ key: 'a', value: '1' }).run()),
      queue.run(() => {
        db.insert(settings).values({ key: 'b', value: '2' }).run();
        throw new Error('this one fails after writing');
      }),
      queue.run(() => db.insert(settings).values({ key: 'c', value: '3' }).run()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(
      db
        .select()
        .from(settings)
        .all()
        .map((s) => s.key)
        .filter((k) => k.length === 1)
        .sort(),
    ).toEqual(['a', 'c']);
  });

  it('applies every other write of a failing batch exactly once, with the values they returned', async () => {
    const db = openDatabase(':memory:');
    const queue = new WriteQueue(db);
    db.insert(settings).values({ key: 'n', value: '0' }).run();
    const bump = () => {
      db.$client.prepare("UPDATE settings SET value = value + 1 WHERE key = 'n'").run();
      return Number(db.$client.prepare("SELECT value FROM settings WHERE key = 'n'").pluck().get());
    };
    const outcomes = await Promise.allSettled([
      queue.run(bump),
      queue.run(bump),
      queue.run(() => {
        bump();
        throw new Error('this one fails after writing');
      }),
      queue.run(bump),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'failed'))).toEqual([1, 2, 'failed', 3]);
    expect(db.$client.prepare("SELECT value FROM settings WHERE key = 'n'").pluck().get()).toBe('3');
  });

  it('rejects every write of a batch whose commit fails, and saves none of them', async () => {
    const db = openDatabase(':memory:');
    const queue = new WriteQueue(db);
    db.$client.pragma('query_only = ON');
    const outcomes = await Promise.allSettled([queue.run(() => db.insert(settings).values({ key: 'x', value: '1' }).run())]);
    expect(outcomes[0]!.status).toBe('rejected');
    db.$client.pragma('query_only = OFF');
    expect(
      db
        .select()
        .from(settings)
        .all()
        .some((s) => s.key === 'x'),
    ).toBe(false);
    await queue.run(() => db.insert(settings).values({ key: 'y', value: '1' }).run());
    expect(
      db
        .select()
        .from(settings)
        .all()
        .some((s) => s.key === 'y'),
    ).toBe(true);
  });

  it('rejects writes that ran but whose COMMIT failed, alone or in a batch, and saves none of them', async () => {
    const db = openDatabase(':memory:');
    const queue = new WriteQueue(db);
    // With foreign keys deferred, an entry for an unknown activity is refused at COMMIT.
    const orphan = () => {
      db.$client.pragma('defer_foreign_keys = ON');
      db.$client
        .prepare(
          `INSERT INTO entries (user_id, activity_key, count, unit_points, points, day, week_start, batch_id, source, logged_at)
           VALUES ('U1', 'no_such_activity', 1, 1, 1, '2026-11-18', '2026-11-16', 'b1', 'command', 0)`,
        )
        .run();
    };
    const alone = await Promise.allSettled([queue.run(orphan)]);
    expect(alone.map((o) => o.status)).toEqual(['rejected']);
    const together = await Promise.allSettled([
      queue.run(() => db.insert(settings).values({ key: 'x', value: '1' }).run()),
      queue.run(orphan),
    ]);
    expect(together.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(db.$client.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(0);
    expect(db.$client.prepare("SELECT count(*) FROM settings WHERE key = 'x'").pluck().get()).toBe(0);
  });

  it('on a WAL database, settles writes once committed and leaves every other write on the connection fully synchronous', async () => {
    await onWalFile(async (db, queue, file) => {
      const FULL = 2;
      expect(db.$client.pragma('synchronous', { simple: true })).toBe(FULL);
      const modes = await Promise.all(
        ['a', 'b', 'c'].map((key) =>
          queue.run(() => {
            db.insert(settings).values({ key, value: key }).run();
            return db.$client.pragma('synchronous', { simple: true });
          }),
        ),
      );
      // The batch itself commits without a sync of its own; the queue syncs the WAL before answering.
      const NORMAL = 1;
      expect(modes).toEqual([NORMAL, NORMAL, NORMAL]);
      expect(db.$client.pragma('synchronous', { simple: true })).toBe(FULL);
      const other = new Database(file, { readonly: true });
      expect(other.prepare("select key from settings where key in ('a', 'b', 'c') order by key").pluck().all()).toEqual(['a', 'b', 'c']);
      other.close();
    });
  });

  it('answers with what `then` makes of a committed write, worked out outside the transaction; a failing write or `then` fails alone', async () => {
    await onWalFile(async (db, queue, file) => {
      const other = new Database(file, { readonly: true });
      const seen: string[] = [];
      const insert = (key: string) => () => db.insert(settings).values({ key, value: key }).run().changes;
      const outcomes = await Promise.allSettled([
        queue.runThen(insert('a'), (changes) => {
          // Committed: another connection reads it already.
          seen.push(`then a: ${changes}, in transaction ${db.$client.inTransaction}`);
          return other.prepare("select value from settings where key = 'a'").pluck().get();
        }),
        queue.runThen(
          () => {
            insert('b')();
            throw new Error('the write fails');
          },
          () => seen.push('then b'),
        ),
        queue.runThen(insert('c'), () => {
          throw new Error('the answer fails');
        }),
      ]);
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
        'a',
        'the write fails',
        'the answer fails',
      ]);
      expect(seen).toEqual(['then a: 1, in transaction false']);
      expect(other.prepare('select key from settings where key in (?, ?, ?) order by key').pluck().all('a', 'b', 'c')).toEqual(['a', 'c']);
      other.close();
    });
  });

  it('answers only once the WAL is on disk, and not at all when the disk refuses the sync', async () => {
    // The sync is held until the test lets it end, with the error it chooses.
    const held: Array<(error: Error | null) => void> = [];
    const sync = vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, done: (error: Error | null) => void) => {
      held.push(done);
    }) as typeof fs.fdatasync);
    try {
      await onWalFile(async (db, queue) => {
        const answered: string[] = [];
        const first = queue.runThen(
          () => db.insert(settings).values({ key: 'a', value: 'a' }).run(),
          () => {
            answered.push('worked out');
            return 'saved';
          },
        );
        void first.then((v) => answered.push(v));
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(held).toHaveLength(1);
        expect(answered).toEqual(['worked out']);
        held.shift()!(null);
        await first;
        expect(answered).toEqual(['worked out', 'saved']);

        const second = queue.runThen(
          () => db.insert(settings).values({ key: 'b', value: 'b' }).run(),
          () => 'saved',
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        held.shift()!(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
        await expect(second).rejects.toThrow('EIO');
      });
    } finally {
      sync.mockRestore();
    }
  });

  describe('while another connection holds the write lock', () => {
    const withFile = async (test: (file: string) => Promise<void>) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-queue-'));
      try {
        await test(path.join(dir, 'points.db'));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    const keys = (db: ReturnType<typeof openDatabase>) =>
      db
        .select()
        .from(settings)
        .all()
        .map((s) => s.key)
        .filter((k) => /^w\d$/.test(k));

    it('waits for it off the event loop and commits once it is released', () =>
      withFile(async (file) => {
        const db = openDatabase(file, { purpose: 'requests' });
        const queue = new WriteQueue(db);
        const other = new Database(file);
        other.exec('BEGIN IMMEDIATE');
        // Released by a timer: it can only run if the queue's wait leaves the event loop free.
        setTimeout(() => other.exec('COMMIT'), 100);
        await queue.run(() => db.insert(settings).values({ key: 'w1', value: '1' }).run());
        expect(keys(db)).toEqual(['w1']);
        other.close();
        queue.close();
        db.$client.close();
      }));

    it('gives up when the lock outlasts the budget, saves nothing, and commits again once it is free', () =>
      withFile(async (file) => {
        const db = openDatabase(file, { purpose: 'requests' });
        const queue = new WriteQueue(db);
        const other = new Database(file);
        other.exec('BEGIN IMMEDIATE');
        let ticks = 0;
        const ticker = setInterval(() => ticks++, 1);
        const refused = queue.run(() => db.insert(settings).values({ key: 'w2', value: '2' }).run(), performance.now() + 300);
        await expect(refused).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
        clearInterval(ticker);
        // Other work ran while the write waited.
        expect(ticks).toBeGreaterThan(1);
        other.exec('COMMIT');
        other.close();
        expect(keys(db)).toEqual([]);
        await queue.run(() => db.insert(settings).values({ key: 'w3', value: '3' }).run());
        expect(keys(db)).toEqual(['w3']);
        queue.close();
        db.$client.close();
      }));
  });
});
