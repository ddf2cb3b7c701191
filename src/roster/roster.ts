import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
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

/** Takes reps off the roster; their entries and totals stay. */
export const removeFromRoster = (db: Db, repIds: string[], now: Date) => changeAll(db, repIds, { onRoster: false, managerId: null }, now);

/** Grants or takes back the bot's admin rights. */
export const setGrantedAdmin = (db: Db, ids: string[], on: boolean, now: Date) => changeAll(db, ids, { grantedAdmin: on }, now);

/** Reps on the roster, optionally one manager's. */
export function rosterReps(db: Db, managerId?: string): User[] {
  const where = managerId ? and(eq(users.onRoster, true), eq(users.managerId, managerId)) : eq(users.onRoster, true);
  return db.select().from(users).where(where).orderBy(asc(users.managerId), asc(users.id)).all();
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
