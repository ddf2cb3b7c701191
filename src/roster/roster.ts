import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { memo, type Db } from '../db/index.js';
import { changeUsers, type UserChange } from './people.js';
import { users, type User } from '../db/schema.js';
import type { Role } from './admin-parse.js';

/** Applies one change to several users in one transaction, creating rows for users not seen yet. */
const changeAll = (db: Db, ids: string[], change: UserChange, now: Date): User[] =>
  changeUsers(
    db,
    ids.map((id) => ({ id, change })),
    now,
  );

/** Puts reps on the roster under a manager. */
export const assignReps = (db: Db, repIds: string[], managerId: string, now: Date) =>
  changeAll(db, repIds, { onRoster: true, managerId }, now);

/** Sets reps' onboarding start date (and puts them on the roster). */
export const setStartDate = (db: Db, repIds: string[], date: string, now: Date) =>
  changeAll(db, repIds, { onRoster: true, startDate: date }, now);

/** Sets reps' role (and puts them on the roster). */
export const setRole = (db: Db, repIds: string[], role: Role, now: Date) => changeAll(db, repIds, { onRoster: true, role }, now);

/** Sets reps' region (null clears it), which picks the regional holidays that apply to them; puts them on the roster. */
export const setRegion = (db: Db, repIds: string[], region: string | null, now: Date) =>
  changeAll(db, repIds, { onRoster: true, region }, now);

/** Takes reps off the roster; their entries and totals stay. */
export const removeFromRoster = (db: Db, repIds: string[], now: Date) => changeAll(db, repIds, { onRoster: false, managerId: null }, now);

/** Grants or takes back the bot's admin rights. */
export const setGrantedAdmin = (db: Db, ids: string[], on: boolean, now: Date) => changeAll(db, ids, { grantedAdmin: on }, now);

/** Reps on the roster, optionally one manager's. */
export function rosterReps(db: Db, managerId?: string): User[] {
  // Prepared once: every /points kpis of a rep on a team reads their team's.
  const query = memo(db, 'rosterReps', () => {
    const order = [asc(users.managerId), asc(users.id)];
    return {
      all: db
        .select()
        .from(users)
        .where(eq(users.onRoster, true))
        .orderBy(...order)
        .prepare(),
      team: db
        .select()
        .from(users)
        .where(and(eq(users.onRoster, true), eq(users.managerId, sql.placeholder('managerId'))))
        .orderBy(...order)
        .prepare(),
    };
  });
  return managerId ? query.team.all({ managerId }) : query.all.all();
}

/** Users made admins with `/points-admin admins add`. */
export function grantedAdmins(db: Db): User[] {
  return db.select().from(users).where(eq(users.grantedAdmin, true)).orderBy(asc(users.id)).all();
}

/**
 * The managers: everyone who manages a rep on the roster, sorted (a manager need not be on the
 * roster themselves). The one place that says who is a manager: digests go to them, `/points
 * team` shows their team, `digest status` lists them. `among` narrows it to those users.
 */
export function rosterManagers(db: Db, among?: readonly string[]): string[] {
  if (among?.length === 0) return [];
  const managed = among ? inArray(users.managerId, [...among]) : isNotNull(users.managerId);
  return db
    .selectDistinct({ managerId: users.managerId })
    .from(users)
    .where(and(eq(users.onRoster, true), managed))
    .orderBy(asc(users.managerId))
    .all()
    .map((r) => r.managerId!);
}

/** Whether a user manages anyone on the roster. */
export const isManager = (db: Db, userId: string): boolean => rosterManagers(db, [userId]).length > 0;

/** Who reports to whom on the roster now: each rep's manager, by rep. */
export function reportingLines(db: Db): Map<string, string> {
  const rows = db
    .select({ id: users.id, managerId: users.managerId })
    .from(users)
    .where(and(eq(users.onRoster, true), isNotNull(users.managerId)))
    .all();
  return new Map(rows.map((r) => [r.id, r.managerId!]));
}

/**
 * The loop that making `repId` report to `managerId` would close, as the chain from the rep
 * back to the rep (`[rep, manager, …, rep]`), or undefined when there is none. Loops of any
 * length count: a manager whose chain of managers reaches one of their own reps would be asked
 * to review themselves, and the chain would never end. A loop already in `lines` that does not
 * pass through the rep is walked once, not forever.
 */
export function reportingLoop(lines: ReadonlyMap<string, string>, repId: string, managerId: string): string[] | undefined {
  const chain = [repId];
  const seen = new Set<string>();
  for (let at: string | undefined = managerId; at !== undefined && !seen.has(at); at = lines.get(at)) {
    chain.push(at);
    if (at === repId) return chain;
    seen.add(at);
  }
  return undefined;
}
