import type { Logger, webApi } from '@slack/bolt';
import { eq, sql } from 'drizzle-orm';
import { cachedSetting, changeCached, memo, type Db } from '../db/index.js';
import { users, type User } from '../db/schema.js';
import { isTimeZone } from '../time-zone.js';
import type { WriteQueue } from '../db/write-queue.js';

/** A cached Slack profile is trusted for a day; Slack users who travel change their zone. */
const PROFILE_CACHE_MS = 24 * 60 * 60 * 1000;

/** How long a command waits for users.info before answering with the cached or default zone. */
export const TZ_LOOKUP_BUDGET_MS = 1200;

export interface PeopleDeps {
  db: Db;
  client: webApi.WebClient;
  defaultTimeZone: string;
  now: Date;
  logger: Logger;
  /**
   * The bot's write queue. A profile read while answering a request is kept through it, in
   * passing: the answer does not wait for the save, nor fails with it (the profile is read
   * again next time). Without one (tools, jobs) the profile is saved before returning.
   */
  writes?: WriteQueue;
}

/*
 * This module is the users table's only writer (test/unit/cache-owners.test.ts checks it): every
 * write below goes through changeCached, so findUser never serves a row this process changed.
 */

/** A user's row, kept in memory between changes (every request reads the rep's); shared, so frozen. */
export function findUser(db: Db, userId: string): User | undefined {
  return cachedSetting(db, `user:${userId}`, () => {
    const row = memo(db, 'findUser', () =>
      db
        .select()
        .from(users)
        .where(eq(users.id, sql.placeholder('id')))
        .prepare(),
    ).get({ id: userId });
    return row && Object.freeze(row);
  });
}

/** What users.info said of a user: missing from the workspace, or their profile (now cached). */
export type SlackProfile = { found: false } | { found: true; user: User };

/** What users.info tells of a user that the bot keeps. */
export type Profile = Pick<User, 'tz' | 'tzCheckedAt' | 'slackAdmin' | 'deactivated'>;

/**
 * Reads a user's profile from Slack (users.info) and caches the time zone and the admin and
 * deactivated flags. Throws when Slack cannot be reached; `found: false` when the user does not exist.
 */
export async function refreshProfile(deps: PeopleDeps, userId: string): Promise<SlackProfile> {
  let info;
  try {
    info = await deps.client.users.info({ user: userId });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code === 'user_not_found' || code === 'users_not_found') return { found: false };
    throw err;
  }
  const u = info.user;
  const now = deps.now.getTime();
  const profile: Profile = {
    tz: isTimeZone(u?.tz) ? u.tz : null,
    tzCheckedAt: now,
    slackAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner),
    deactivated: Boolean(u?.deleted),
  };
  if (!deps.writes) return { found: true, user: saveProfile(deps.db, userId, now, profile) };
  deps.writes
    .run(() => saveProfile(deps.db, userId, now, profile))
    .catch((err: unknown) => deps.logger.warn(`could not keep ${userId}'s Slack profile; it is read again next time`, err));
  const saved = findUser(deps.db, userId);
  return { found: true, user: Object.freeze({ ...(saved ?? newUser(userId, now)), ...profile }) };
}

/** Keeps what Slack said of a user's profile, creating their row if needed; returns the row as saved. */
export function saveProfile(db: Db, userId: string, now: number, profile: Profile): User {
  return changeCached(db, () =>
    db
      .insert(users)
      .values({ id: userId, createdAt: now, ...profile })
      .onConflictDoUpdate({ target: users.id, set: profile })
      .returning()
      .get(),
  );
}

/** What an admin or a roster import changes about a user: their place in the programme and their rights. */
export type UserChange = Partial<Pick<User, 'onRoster' | 'managerId' | 'role' | 'startDate' | 'grantedAdmin' | 'region' | 'rollupDigest'>>;

/**
 * When a change puts a rep on a team, the moment they joined it: kept when they were already on
 * the roster under the same manager, now when they join or move, cleared when they leave. A
 * digest covers only the reps on the team at its due time. SET expressions read the row as it
 * was, so the comparison is with the manager before the change.
 */
function teamSince(change: UserChange, now: Date): Pick<User, 'teamSince'> | Record<string, never> {
  if (change.onRoster === false) return { teamSince: null };
  if (!change.onRoster && change.managerId === undefined) return {};
  const same =
    change.managerId === undefined ? sql`${users.onRoster} = 1` : sql`${users.onRoster} = 1 and ${users.managerId} is ${change.managerId}`;
  return { teamSince: sql`case when ${same} then ${users.teamSince} else ${now.getTime()} end` as unknown as number };
}

/** Applies each change to its user in one transaction, creating rows for users not seen yet; returns the rows as saved. */
export function changeUsers(db: Db, changes: ReadonlyArray<{ id: string; change: UserChange }>, now: Date): User[] {
  return changeCached(db, () =>
    db.transaction((tx) =>
      changes.map(({ id, change }) =>
        tx
          .insert(users)
          .values({ id, createdAt: now.getTime(), ...change, ...(change.onRoster ? { teamSince: now.getTime() } : {}) })
          .onConflictDoUpdate({ target: users.id, set: { ...change, ...teamSince(change, now) } })
          .returning()
          .get(),
      ),
    ),
  );
}

/**
 * Deletes a user's row; reps they managed keep their place, without a manager. Runs inside the
 * caller's transaction when there is one (privacy's erasure), as a savepoint of it.
 */
export function removeUser(db: Db, userId: string): void {
  changeCached(db, () =>
    db.transaction((tx) => {
      tx.update(users).set({ managerId: null }).where(eq(users.managerId, userId)).run();
      tx.delete(users).where(eq(users.id, userId)).run();
    }),
  );
}

/** A user's row as the database would create it. */
function newUser(id: string, now: number): User {
  return {
    id,
    tz: null,
    tzCheckedAt: null,
    createdAt: now,
    slackAdmin: false,
    grantedAdmin: false,
    deactivated: false,
    rollupDigest: false,
    onRoster: false,
    managerId: null,
    role: 'AE',
    startDate: null,
    teamSince: null,
    region: null,
  };
}

/** A user's time zone, and whether it is only the configured default standing in for Slack's answer. */
export interface UserZone {
  zone: string;
  /**
   * True when Slack could not be asked (or did not answer in time) and nothing is cached: the
   * zone is the configured default, a guess. A user Slack knows without a zone is not a guess.
   */
  guessed: boolean;
}

/**
 * The user's Slack time zone (users.info `tz`), cached in the database. When Slack is slow or
 * cannot be asked, the cached zone or the configured default is used, so a rep is never kept
 * past Slack's 3-second answer window by it; a late answer still refreshes the cache.
 */
export async function userTimeZone(deps: PeopleDeps, userId: string, row: User | undefined = findUser(deps.db, userId)): Promise<UserZone> {
  const cached = freshTimeZone(row, deps.now);
  if (cached) return { zone: cached, guessed: false };
  const fallback: UserZone = isTimeZone(row?.tz) ? { zone: row.tz, guessed: false } : { zone: deps.defaultTimeZone, guessed: true };
  const lookup = refreshProfile(deps, userId).then(
    (p): UserZone => (p.found && p.user.tz ? { zone: p.user.tz, guessed: false } : { zone: fallback.zone, guessed: false }),
    (err: unknown) => {
      deps.logger.warn(`users.info failed for ${userId}; using ${fallback.zone}`, err);
      return undefined;
    },
  );
  return (await withinBudget(lookup, TZ_LOOKUP_BUDGET_MS)) ?? fallback;
}

/** The user's cached zone while it is fresh (read from Slack within a day), else undefined. */
export function freshTimeZone(row: User | undefined, now: Date): string | undefined {
  return !profileIsStale(row, now) && isTimeZone(row?.tz) ? row.tz : undefined;
}

/** The promise's value if it settles within `ms`, else undefined (the promise carries on). */
export async function withinBudget<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, budget]);
  } finally {
    clearTimeout(timer);
  }
}

/** A cached zone without asking Slack (for jobs that refresh profiles separately). */
export function cachedTimeZone(db: Db, userId: string, defaultTimeZone: string): string {
  const row = findUser(db, userId);
  return isTimeZone(row?.tz) ? row.tz : defaultTimeZone;
}

/** Whether a profile read long ago should be read again. */
export function profileIsStale(user: User | undefined, now: Date): boolean {
  return user?.tzCheckedAt == null || now.getTime() - user.tzCheckedAt >= PROFILE_CACHE_MS;
}

/** How many users.info calls an export's name lookup keeps in flight (Tier 4: 100+ a minute). */
const NAME_LOOKUPS_AT_ONCE = 4;

/**
 * Each user's name as Slack shows it (users.info: the profile's real name, else its display
 * name), for an export or a chart. The bot keeps no names (the users table has no column for
 * one), so they are read when a file is written or a chart drawn. A user Slack does not know, or
 * whose lookup fails, is left out: they are named by Slack ID.
 */
export async function slackNames(client: webApi.WebClient, userIds: readonly string[], logger?: Logger): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < userIds.length) {
      const id = userIds[next++]!;
      try {
        const u = (await client.users.info({ user: id })).user;
        const name = u?.profile?.real_name || u?.real_name || u?.profile?.display_name;
        if (name) names.set(id, name);
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: NAME_LOOKUPS_AT_ONCE }, worker));
  if (failures > 0) logger?.warn(`users.info failed for ${failures} of ${userIds.length} people; they are named by Slack ID`);
  return names;
}
