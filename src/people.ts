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

/** How long a command waits for users.info before answering with the cached or default zone. */
export const TZ_LOOKUP_BUDGET_MS = 1200;

/**
 * The user's Slack time zone (users.info `tz`), cached in the database. When Slack is slow or
 * cannot be asked, the cached zone or the configured default is used, so a rep is never kept
 * past Slack's 3-second answer window by it; a late answer still refreshes the cache.
 */
export async function userTimeZone(deps: TimeZoneDeps, userId: string): Promise<string> {
  const row = deps.db.select().from(users).where(eq(users.id, userId)).get();
  const fresh = row?.tzCheckedAt != null && deps.now.getTime() - row.tzCheckedAt < TZ_CACHE_MS;
  if (row && fresh && known(row.tz)) return row.tz;
  const fallback = known(row?.tz) ? row.tz : deps.defaultTimeZone;
  const lookup = refreshTimeZone(deps, userId).catch((err: unknown) => {
    deps.logger.warn(`users.info failed for ${userId}; using ${fallback}`, err);
    return undefined;
  });
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), TZ_LOOKUP_BUDGET_MS);
  });
  const zone = await Promise.race([lookup, budget]);
  clearTimeout(timer);
  return zone ?? fallback;
}

async function refreshTimeZone(deps: TimeZoneDeps, userId: string): Promise<string | undefined> {
  const info = await deps.client.users.info({ user: userId });
  const zone = known(info.user?.tz) ? info.user.tz : undefined;
  const now = deps.now.getTime();
  deps.db
    .insert(users)
    .values({ id: userId, tz: zone ?? null, tzCheckedAt: now, createdAt: now })
    .onConflictDoUpdate({ target: users.id, set: { tz: zone ?? null, tzCheckedAt: now } })
    .run();
  return zone;
}
