import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { deliveries, type Delivery } from '../schema.js';
import type { LocalDay } from '../scoring/week.js';

/** How long a send may take before its claim is considered abandoned (the process died mid-send). */
export const LEASE_MS = 10 * 60 * 1000;

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
 * only once its time has come, and a stale claim only after its lease ran out.
 */
export function claimDelivery(db: Db, req: ClaimRequest): Delivery | undefined {
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
    if (inserted) return inserted;
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
    return tx
      .update(deliveries)
      .set({
        status: 'sending',
        attempts: sql`${deliveries.attempts} + 1`,
        leaseUntil: now + LEASE_MS,
        ...(req.force ? { partsSent: 0 } : {}),
      })
      .where(
        and(eq(deliveries.kind, req.kind), eq(deliveries.recipientId, req.recipientId), eq(deliveries.weekStart, req.weekStart), claimable),
      )
      .returning()
      .get();
  });
}

export function markSent(db: Db, id: number, now: Date, partsSent: number): void {
  db.update(deliveries)
    .set({ status: 'sent', sentAt: now.getTime(), partsSent, leaseUntil: null, nextAttemptAt: null, lastError: null })
    .where(eq(deliveries.id, id))
    .run();
}

export function markRetry(db: Db, id: number, retryAt: Date, error: string, partsSent: number): void {
  db.update(deliveries)
    .set({ status: 'pending', nextAttemptAt: retryAt.getTime(), lastError: error, partsSent, leaseUntil: null })
    .where(eq(deliveries.id, id))
    .run();
}

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
