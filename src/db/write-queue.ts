import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isBusy, writeFailureReason, writeProblem, type Db } from './index.js';

interface Job {
  write: () => unknown;
  /** What the caller is answered with, worked out from the write's value once it committed. */
  then?: (value: unknown) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** When (performance.now()) the write stops waiting for another process's lock. */
  giveUpAt: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Writes waiting longer than this many jobs are committed in the next batch. */
const MAX_BATCH = 256;

/**
 * How long a request's write may wait, from the start of the request, for a lock another
 * process holds (a backup, a command-line tool) before the rep is told it was not saved:
 * Slack wants an answer within 3 s, and the answer still has to travel.
 */
export const WRITE_BUDGET_MS = 2000;

/** Pauses between tries while another process holds the lock: short first, as most locks are. */
const RETRY_DELAYS_MS = [5, 10, 20, 40, 80, 100];

/** `/health` looks at the database itself at most this often. */
const PROBE_EVERY_MS = 5000;

/** A refused write speaks for the database's health this long, unless a commit succeeds first. */
const REFUSAL_REMEMBERED_MS = 30_000;

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
 *
 * While another process holds the write lock, a batch is tried again after a short pause, off
 * the event loop (better-sqlite3's own busy wait would block it: db/index.ts keeps that to a few
 * milliseconds), until each write's budget runs out; then that write fails with SQLITE_BUSY.
 */
export class WriteQueue {
  private pending: Job[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private busyTries = 0;
  private closed = false;
  /** The last refused write, for `/health`. */
  private refusal: { reason: string; at: number } | undefined;
  private probe: { problem: string | undefined; at: number } | undefined;
  private readonly walSync: WalSync | undefined;
  /** One batch in one transaction; made once, since better-sqlite3 takes microseconds to make one. */
  private readonly transact: (batch: Job[], savepoints: boolean, outcomes: Outcome[]) => void;

  constructor(private readonly db: Db) {
    const client = db.$client;
    if (!client.memory && client.pragma('journal_mode', { simple: true }) === 'wal') {
      this.walSync = new WalSync(`${client.name}-wal`);
    }
    // IMMEDIATE takes the write lock up front: if another process holds it, the batch finds it
    // taken once, as a whole, before any write ran, and is simply tried again later.
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

  /**
   * Runs a synchronous write (which may itself be a transaction) in the next group commit.
   * `giveUpAt` (a performance.now() time, by default WRITE_BUDGET_MS from now) is when it stops
   * waiting for another process's lock.
   */
  run<T>(write: () => T, giveUpAt = performance.now() + WRITE_BUDGET_MS): Promise<T> {
    return this.enqueue(write, undefined, giveUpAt);
  }

  /**
   * As `run`, and `then` turns the write's value into the answer as soon as the write has
   * committed, while the commit syncs to disk; the promise still settles only once it is on
   * disk. `then` is synchronous, reads what the write left (a week's new total) and writes
   * nothing: a rep waits for one sync either way, and the answer is ready when it ends.
   */
  runThen<T, R>(write: () => T, then: (value: T) => R, giveUpAt = performance.now() + WRITE_BUDGET_MS): Promise<R> {
    return this.enqueue(write, then as (value: unknown) => unknown, giveUpAt);
  }

  private enqueue<R>(write: () => unknown, then: Job['then'], giveUpAt: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.closed) return reject(new Error('the write queue is closed'));
      this.pending.push({ write, ...(then ? { then } : {}), resolve: resolve as (v: unknown) => void, reject, giveUpAt });
      this.schedule(0);
    });
  }

  /**
   * Why the database cannot take writes now, for `/health`, or undefined when it can: a write
   * it refused lately, else what a look at the database finds (taken at most every few
   * seconds, and never a write of its own).
   */
  unwritable(): string | undefined {
    const now = performance.now();
    if (this.refusal && now - this.refusal.at < REFUSAL_REMEMBERED_MS) return this.refusal.reason;
    if (!this.probe || now - this.probe.at >= PROBE_EVERY_MS) {
      const problem = writeProblem(this.db);
      this.probe = { problem: problem && `database is read-only: ${problem.text}`, at: now };
    }
    return this.probe.problem;
  }

  /**
   * Closes the WAL file this queue syncs; call after the last write a rep waits for has settled.
   * A write still waiting for another process's lock (a profile kept in passing) is dropped.
   */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const job of this.pending.splice(0)) job.reject(new Error('the write queue is closed'));
    this.walSync?.close();
  }

  /** Flushes after `delayMs` (0: once this turn's writes have arrived), unless a flush is already due. */
  private schedule(delayMs: number): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.timer = undefined;
      this.flush();
    };
    if (delayMs === 0) setImmediate(flush);
    else this.timer = setTimeout(flush, delayMs);
  }

  private flush(): void {
    const batch = this.pending.splice(0, MAX_BATCH);
    if (this.closed || batch.length === 0) return;
    let outcomes: Outcome[];
    // Not a prepared statement: SQLite applies this pragma when it compiles it.
    if (this.walSync) this.db.$client.exec('PRAGMA synchronous = NORMAL');
    try {
      outcomes = this.commit(batch, false) ?? this.commit(batch, true)!;
      this.busyTries = 0;
    } catch (error) {
      // The commit itself failed (busy, read-only, disk full): nothing in the batch was saved.
      if (isBusy(error)) this.waitForLock(batch, error);
      else this.refuse(batch, error);
      return;
    } finally {
      if (this.walSync) this.db.$client.exec('PRAGMA synchronous = FULL');
      if (this.pending.length > 0) this.schedule(this.busyTries > 0 ? this.retryDelay() : 0);
    }
    let answers: Outcome[] = [];
    const settle = () => {
      if (outcomes.some((o) => o.ok)) {
        // A commit is the surest sign the database takes writes.
        this.refusal = undefined;
        this.probe = { problem: undefined, at: performance.now() };
      } else for (const o of outcomes) if (!o.ok) this.noteRefusal(o.error);
      batch.forEach((job, i) => {
        const o = answers[i]!;
        if (o.ok) job.resolve(o.value);
        else job.reject(o.error);
      });
    };
    // The sync is asked for first (it starts now, or as soon as the one under way ends); the
    // answers are worked out while the disk syncs.
    this.walSync?.after((error) => {
      // The disk refused the sync: the batch may not survive a power cut, so no one is told
      // it was saved (a rep who logs again can undo a duplicate; a lost entry is gone).
      if (error) this.refuse(batch, error);
      else settle();
    });
    answers = batch.map((job, i) => answer(job, outcomes[i]!));
    if (!this.walSync) settle();
  }

  /** Puts a batch that found the lock taken back at the head of the queue, less the writes out of time. */
  private waitForLock(batch: Job[], error: unknown): void {
    this.busyTries += 1;
    const now = performance.now();
    const waiting = batch.filter((job) => job.giveUpAt > now);
    for (const job of batch) if (job.giveUpAt <= now) job.reject(error);
    this.pending.unshift(...waiting);
  }

  /** The pause before the next try, cut short so a write near its budget gets its last try in time. */
  private retryDelay(): number {
    const delay = RETRY_DELAYS_MS[Math.min(this.busyTries, RETRY_DELAYS_MS.length) - 1]!;
    const soonest = Math.min(...this.pending.map((job) => job.giveUpAt)) - performance.now();
    return Math.max(1, Math.min(delay, Math.ceil(soonest)));
  }

  private refuse(batch: Job[], error: unknown): void {
    this.noteRefusal(error);
    for (const job of batch) job.reject(error);
  }

  /** Keeps, for `/health`, a failure that says the database refuses writes. */
  private noteRefusal(error: unknown): void {
    const reason = writeFailureReason(error);
    if (reason) this.refusal = { reason, at: performance.now() };
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

/** A write's outcome turned into its caller's answer: its value, or what `then` makes of it. */
function answer(job: Job, outcome: Outcome): Outcome {
  if (!outcome.ok || !job.then) return outcome;
  try {
    return { ok: true, value: job.then(outcome.value) };
  } catch (error) {
    return { ok: false, error };
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
