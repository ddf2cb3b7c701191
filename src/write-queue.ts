import fs from 'node:fs';
import type { Db } from './db.js';

interface Job {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Writes waiting longer than this many jobs are committed in the next batch. */
const MAX_BATCH = 256;

/**
 * Group commit. Writes that arrive together (many reps logging at once) run in one
 * transaction and share one durable commit. Each caller's promise settles only once the
 * commit is on disk.
 *
 * A write that fails must leave the others intact. Giving every write a savepoint of its own
 * costs about as much as the write, and writes almost never fail, so a batch first runs
 * without them; if a write throws, the whole batch rolls back and runs again with one
 * savepoint per write, where the failure rolls back that write only.
 *
 * On a database in WAL mode the sync to disk leaves the event loop: a batch commits with
 * `synchronous = NORMAL` (its frames are written to the WAL, not yet synced) and its callers
 * are answered after an fdatasync of the WAL file on libuv's thread pool. A WAL commit is
 * durable once the WAL file is, so the answer still follows a durable commit, as with
 * `synchronous = FULL`, but other requests run while the disk syncs. Every other write on the
 * connection keeps `synchronous = FULL`.
 */
export class WriteQueue {
  private pending: Job[] = [];
  private scheduled = false;
  private readonly walSync: WalSync | undefined;
  /** One batch in one transaction; made once, since better-sqlite3 takes microseconds to make one. */
  private readonly transact: (batch: Job[], savepoints: boolean, outcomes: Outcome[]) => void;

  constructor(private readonly db: Db) {
    const client = db.$client;
    if (!client.memory && client.pragma('journal_mode', { simple: true }) === 'wal') {
      this.walSync = new WalSync(`${client.name}-wal`);
    }
    // IMMEDIATE takes the write lock up front: if another process holds it, the batch waits
    // the busy timeout once and fails as a whole, instead of once per write.
    const transaction = client.transaction((batch: Job[], savepoints: boolean, outcomes: Outcome[]) => {
      for (const job of batch) {
        if (!savepoints) {
          try {
            outcomes.push({ ok: true, value: job.write() });
          } catch (error) {
            // Kept so commit() can tell a failing write from a failing BEGIN or COMMIT.
            outcomes.push({ ok: false, error });
            throw error;
          }
          continue;
        }
        // A nested better-sqlite3 transaction is a savepoint: a failure rolls back this job only.
        try {
          outcomes.push({ ok: true, value: client.transaction(job.write)() });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
    this.transact = transaction.immediate;
  }

  /** Runs a synchronous write (which may itself be a transaction) in the next group commit. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ write, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Closes the WAL file this queue syncs; call after the last write has settled. */
  close(): void {
    this.walSync?.close();
  }

  private flush(): void {
    const batch = this.pending.splice(0, MAX_BATCH);
    this.scheduled = this.pending.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    let outcomes: Outcome[];
    // Not a prepared statement: SQLite applies this pragma when it compiles it.
    if (this.walSync) this.db.$client.exec('PRAGMA synchronous = NORMAL');
    try {
      outcomes = this.commit(batch, false) ?? this.commit(batch, true)!;
    } catch (error) {
      // The commit itself failed (disk full, busy): nothing in the batch was saved.
      for (const job of batch) job.reject(error);
      return;
    } finally {
      if (this.walSync) this.db.$client.exec('PRAGMA synchronous = FULL');
    }
    const settle = () =>
      batch.forEach((job, i) => {
        const o = outcomes[i]!;
        if (o.ok) job.resolve(o.value);
        else job.reject(o.error);
      });
    if (!this.walSync) return settle();
    this.walSync.after((error) => {
      // The disk refused the sync: the batch may not survive a power cut, so no one is told
      // it was saved (a rep who logs again can undo a duplicate; a lost entry is gone).
      if (error) for (const job of batch) job.reject(error);
      else settle();
    });
  }

  /**
   * Runs the batch in one transaction. Without savepoints, a failing write rolls back the
   * batch and this returns undefined (or, for a batch of one, that write's failure);
   * with them, each failure is kept in its outcome.
   */
  private commit(batch: Job[], savepoints: boolean): Outcome[] | undefined {
    const outcomes: Outcome[] = [];
    try {
      this.transact(batch, savepoints, outcomes);
    } catch (error) {
      const failed = outcomes.at(-1);
      if (savepoints || !failed || failed.ok) throw error;
      return batch.length === 1 ? [failed] : undefined;
    }
    return outcomes;
  }
}

/**
 * fdatasync of a WAL file on the thread pool. One sync covers everything written before it
 * started, so commits made while one runs wait for the next, and share it.
 */
class WalSync {
  private fd: number | undefined;
  private running = false;
  private waiting: Array<(error: Error | null) => void> = [];

  constructor(private readonly file: string) {}

  /** Calls back once everything committed so far is on disk. */
  after(done: (error: Error | null) => void): void {
    this.waiting.push(done);
    if (!this.running) this.start();
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private start(): void {
    const done = this.waiting;
    this.waiting = [];
    this.running = true;
    const finish = (error: Error | null) => {
      this.running = false;
      for (const d of done) d(error);
      if (this.waiting.length > 0) this.start();
    };
    try {
      fs.fdatasync(this.open(), finish);
    } catch (error) {
      finish(error as Error);
    }
  }

  /** The WAL file, opened once. SQLite deletes it only when the last connection closes; if it was replaced anyway, the new one. */
  private open(): number {
    if (this.fd !== undefined && fs.fstatSync(this.fd).nlink > 0) return this.fd;
    this.close();
    this.fd = fs.openSync(this.file, 'r');
    return this.fd;
  }
}
