import type { Logger, webApi } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { users } from './schema.js';

/** A cached time zone is trusted for a day; Slack users who travel change theirs. */
const TZ_CACHE_MS = 24 * 60 * 60 * 1000;

export interface TimeZoneDeps {
  db: Db;
  client: webApi.WebClient;
  defaultTimeZone: string;
  now: Date;
  logger: Logger;
}

const known = (zone: unknown): zone is string => {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * The user's Slack time zone (users.info `tz`), cached in the database. When Slack cannot be
 * asked, the cached zone or the configured default is used, so a rep is never blocked by it.
 */
export async function userTimeZone(deps: TimeZoneDeps, userId: string): Promise<string> {
  const row = deps.db.select().from(users).where(eq(users.id, userId)).get();
  const fresh = row?.tzCheckedAt != null && deps.now.getTime() - row.tzCheckedAt < TZ_CACHE_MS;
  if (row && fresh && known(row.tz)) return row.tz;
  let zone: string | undefined;
  try {
    const info = await deps.client.users.info({ user: userId });
    zone = known(info.user?.tz) ? info.user.tz : undefined;
  } catch (err) {
    deps.logger.warn(`users.info failed for ${userId}; using ${row?.tz ?? deps.defaultTimeZone}`, err);
    return known(row?.tz) ? row.tz : deps.defaultTimeZone;
  }
  const now = deps.now.getTime();
  deps.db
    .insert(users)
    .values({ id: userId, tz: zone ?? null, tzCheckedAt: now, createdAt: now })
    .onConflictDoUpdate({ target: users.id, set: { tz: zone ?? null, tzCheckedAt: now } })
    .run();
  return zone ?? deps.defaultTimeZone;
}
