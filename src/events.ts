import { lt } from 'drizzle-orm';
import type { Db } from './db/index.js';
import { processedEvents } from './db/schema.js';

/** How long an event id is remembered: Slack's retries come within minutes. */
const REMEMBER_MS = 24 * 60 * 60 * 1000;

/** True the first time an event id is seen; false for Slack's retries of the same delivery. */
export function firstDelivery(db: Db, eventId: string, now: Date): boolean {
  return db.transaction((tx) => {
    tx.delete(processedEvents)
      .where(lt(processedEvents.receivedAt, now.getTime() - REMEMBER_MS))
      .run();
    const inserted = tx.insert(processedEvents).values({ eventId, receivedAt: now.getTime() }).onConflictDoNothing().returning().get();
    return inserted !== undefined;
  });
}
