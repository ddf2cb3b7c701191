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
 * transaction and share one durable commit: with `synchronous = FULL` the commit's sync to
 * disk is what a write costs, so this keeps throughput up without answering before the data
 * is safe. Each caller's promise settles only after the commit.
 *
 * A write that fails must leave the others intact. Giving every write a savepoint of its own
 * costs about as much as the write, and writes almost never fail, so a batch first runs
 * without them; if a write throws, the whole batch rolls back and runs again with one
 * savepoint per write, where the failure rolls back that write only.
 */
export class WriteQueue {
  private pending: Job[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

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

  private flush(): void {
    const batch = this.pending.splice(0, MAX_BATCH);
    this.scheduled = this.pending.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    let outcomes: Outcome[];
    try {
      outcomes = this.commit(batch, false) ?? this.commit(batch, true)!;
    } catch (error) {
      // The commit itself failed (disk full, busy): nothing in the batch was saved.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  /**
   * Runs the batch in one transaction. Without savepoints, a failing write rolls back the
   * batch and this returns undefined (or, for a batch of one, that write's failure);
   * with them, each failure is kept in its outcome.
   */
  private commit(batch: Job[], savepoints: boolean): Outcome[] | undefined {
    const client = this.db.$client;
    const outcomes: Outcome[] = [];
    let failed: { error: unknown } | undefined;
    try {
      // IMMEDIATE takes the write lock up front: if another process holds it, the batch waits
      // the busy timeout once and fails as a whole, instead of once per write.
      client
        .transaction(() => {
          for (const job of batch) {
            if (!savepoints) {
              try {
                outcomes.push({ ok: true, value: job.write() });
              } catch (error) {
                failed = { error };
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
        })
        .immediate();
    } catch (error) {
      if (!failed) throw error;
      return batch.length === 1 ? [{ ok: false, error: failed.error }] : undefined;
    }
    return outcomes;
  }
}
