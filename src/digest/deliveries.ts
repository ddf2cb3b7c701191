import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { deliveries, digestSnapshots, type Delivery } from '../db/schema.js';
import type { LocalDay } from '../scoring/week.js';

/** How long a send may take before its claim is considered abandoned (the process died mid-send). */
export const LEASE_MS = 10 * 60 * 1000;

/**
 * Slack stamps a message with its own clock, ours stamps the delivery: the DM is searched from a
 * little before, so a clock running slightly ahead of Slack's cannot hide a message.
 */
const CLOCK_MARGIN_MS = 60_000;

/**
 * A claimed delivery. `outcomeUnknown`: the previous try may have reached Slack without our
 * knowing (its answer was lost, or its process died mid-send), so the DM must be checked
 * before anything is posted again.
 */
export type Claim = Delivery & { outcomeUnknown: boolean };

export interface ClaimRequest {
  kind: Delivery['kind'];
  recipientId: string;
  weekStart: LocalDay;
  now: Date;
  /** Claim even a delivery already sent or failed (an operator's `--force`). */
  force?: boolean;
}

/**
 * Takes the right to send one delivery. The unique (kind, recipient, week) row makes this safe
 * across processes: only one claimer gets it, a sent one is never claimed again, a retrying one
 * only once its time has come, and a stale claim only after its lease ran out. A stale claim,
 * or a retry whose last try's answer was lost, comes back with `outcomeUnknown` (never when
 * forced: `--force` means send it again).
 */
export function claimDelivery(db: Db, req: ClaimRequest): Claim | undefined {
  const now = req.now.getTime();
  return db.transaction((tx) => {
    const inserted = tx
      .insert(deliveries)
      .values({
        kind: req.kind,
        recipientId: req.recipientId,
        weekStart: req.weekStart,
        status: 'sending',
        attempts: 1,
        leaseUntil: now + LEASE_MS,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning()
      .get();
    if (inserted) return { ...inserted, outcomeUnknown: false };
    const key = and(eq(deliveries.kind, req.kind), eq(deliveries.recipientId, req.recipientId), eq(deliveries.weekStart, req.weekStart));
    // Read in the same transaction as the update, so it is the row this claim replaced.
    const before = tx.select({ status: deliveries.status, leaseUntil: deliveries.leaseUntil }).from(deliveries).where(key).get();
    const claimable = req.force
      ? or(
          eq(deliveries.status, 'sent'),
          eq(deliveries.status, 'failed'),
          eq(deliveries.status, 'pending'),
          and(eq(deliveries.status, 'sending'), lt(deliveries.leaseUntil, now)),
        )
      : or(
          and(eq(deliveries.status, 'pending'), sql`coalesce(${deliveries.nextAttemptAt}, 0) <= ${now}`),
          and(eq(deliveries.status, 'sending'), lt(deliveries.leaseUntil, now)),
        );
    const claimed = tx
      .update(deliveries)
      .set({
        status: 'sending',
        attempts: sql`${deliveries.attempts} + 1`,
        leaseUntil: now + LEASE_MS,
        ...(req.force ? { partsSent: 0 } : {}),
      })
      .where(and(key, claimable))
      .returning()
      .get();
    if (!claimed) return undefined;
    // A 'sending' row claimed again is one whose process died mid-send; a 'pending' one keeps
    // the lease of a try whose answer was lost (see markRetry).
    const unsettled = before?.status === 'sending' || (before?.status === 'pending' && before.leaseUntil !== null);
    return { ...claimed, outcomeUnknown: !req.force && unsettled };
  });
}

/**
 * Where in the DM to look for the messages of a try whose outcome is unknown: from the
 * delivery's creation, as nothing of it can be older. A delivery sent again with `--force` is
 * the same delivery, so its earlier copy counts as found: the manager still has one.
 */
export function unknownOutcomeSince(claim: Pick<Delivery, 'createdAt'>): Date {
  return new Date(claim.createdAt - CLOCK_MARGIN_MS);
}

/** What a sent delivery covered: how many reps, and for a digest what it showed each of them and when it was read. */
export interface Coverage {
  reps: number;
  /** A digest's figures: when they were read and each rep's total then. */
  snapshot?: { asOf: Date; points: ReadonlyArray<{ repId: string; points: number }> };
}

/**
 * Records a delivery as sent, with every part delivered, and in the same transaction what it
 * covered: a digest's snapshot is what its week's final numbers are compared with.
 */
export function markSent(db: Db, id: number, now: Date, partsSent: number, coverage?: Coverage): void {
  db.transaction((tx) => {
    tx.update(deliveries)
      .set({
        status: 'sent',
        sentAt: now.getTime(),
        partsSent,
        leaseUntil: null,
        nextAttemptAt: null,
        lastError: null,
        ...(coverage ? { reps: coverage.reps, asOf: coverage.snapshot?.asOf.getTime() ?? null } : {}),
      })
      .where(eq(deliveries.id, id))
      .run();
    const snapshot = coverage?.snapshot;
    if (!snapshot) return;
    // A forced resend replaces the digest's snapshot with what the new copy showed.
    tx.delete(digestSnapshots).where(eq(digestSnapshots.deliveryId, id)).run();
    for (let i = 0; i < snapshot.points.length; i += 300)
      tx.insert(digestSnapshots)
        .values(snapshot.points.slice(i, i + 300).map((p) => ({ deliveryId: id, repId: p.repId, points: p.points })))
        .run();
  });
}

/** A manager's sent digest of a week, if there is one: the final numbers compare with it. */
export function sentDigest(db: Db, managerId: string, weekStart: LocalDay): Delivery | undefined {
  return db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.kind, 'digest'),
        eq(deliveries.recipientId, managerId),
        eq(deliveries.weekStart, weekStart),
        eq(deliveries.status, 'sent'),
      ),
    )
    .get();
}

/**
 * Puts a claimed delivery back to be tried again at `retry.at`. When the try's outcome is unknown
 * (Slack may have posted a message whose answer never came), the row keeps the try's lease: the
 * next claim sees it and checks the DM before posting anything.
 */
export function markRetry(
  db: Db,
  claim: Pick<Delivery, 'id' | 'leaseUntil'>,
  retry: { at: Date; error: string; partsSent: number; outcomeUnknown: boolean },
): void {
  db.update(deliveries)
    .set({
      status: 'pending',
      nextAttemptAt: retry.at.getTime(),
      lastError: retry.error,
      partsSent: retry.partsSent,
      leaseUntil: retry.outcomeUnknown ? (claim.leaseUntil ?? retry.at.getTime()) : null,
    })
    .where(eq(deliveries.id, claim.id))
    .run();
}

/** Records a delivery that retrying will not fix, with the reason, for `digest status`. */
export function markFailed(db: Db, id: number, error: string, partsSent: number): void {
  db.update(deliveries)
    .set({ status: 'failed', lastError: error, partsSent, leaseUntil: null, nextAttemptAt: null })
    .where(eq(deliveries.id, id))
    .run();
}

/** A week's deliveries of one kind, for `/points-admin digest status`. */
export function deliveriesForWeek(db: Db, weekStart: LocalDay): Delivery[] {
  return db.select().from(deliveries).where(eq(deliveries.weekStart, weekStart)).all();
}

/** How a week's Friday delivery stands while it runs, for `digest status`. */
export interface DeliveryProgress {
  /** Digests and rep notes the roster is owed this week. */
  expected: number;
  sent: number;
  failed: number;
  /** Owed and neither sent nor failed: not yet tried, being sent, or waiting to be retried. */
  pending: number;
  /** Whether a run holds live claims now (a delivery is under way). */
  running: boolean;
  /** When the rest should be out at the pace of the last minute, if anything went in it. */
  finishAt: Date | undefined;
}

/**
 * A week's delivery progress: counted from the deliveries table, so a run in another process
 * (`npm run digest -- --send`) shows too. The pace is what was sent in the last minute.
 */
export function deliveryProgress(db: Db, weekStart: LocalDay, now: Date, expected: number): DeliveryProgress {
  const rows = db
    .select({ status: deliveries.status, sentAt: deliveries.sentAt, leaseUntil: deliveries.leaseUntil })
    .from(deliveries)
    .where(and(eq(deliveries.weekStart, weekStart), or(eq(deliveries.kind, 'digest'), eq(deliveries.kind, 'rep_note'))))
    .all();
  const at = now.getTime();
  const sent = rows.filter((r) => r.status === 'sent').length;
  const failed = rows.filter((r) => r.status === 'failed').length;
  const running = rows.some((r) => r.status === 'sending' && (r.leaseUntil ?? 0) > at);
  const pending = Math.max(0, expected - sent - failed);
  const lastMinute = rows.filter((r) => r.sentAt !== null && r.sentAt > at - 60_000 && r.sentAt <= at).length;
  const finishAt = running && lastMinute > 0 ? new Date(at + (pending / lastMinute) * 60_000) : undefined;
  return { expected, sent, failed, pending, running, finishAt };
}

/**
 * Records on a sent digest that its chart was not attached, and why, for `digest status`. The
 * digest itself stays sent: its text went out. A later send of it (`--force`) clears the note.
 */
export function markChartMissing(db: Db, id: number, reason: string): void {
  db.update(deliveries)
    .set({ lastError: `chart not attached: ${reason}` })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, 'sent')))
    .run();
}
