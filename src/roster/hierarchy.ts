import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { users } from '../db/schema.js';
import { changeUsers, findUser } from './people.js';
import { reportingLines, reportingLoop } from './roster.js';

/**
 * The most levels a reporting chain may have, from a rep up to the top (rep → manager →
 * director → … counts each person): deeper chains are refused, so every walk up or down the
 * roster is short and a director's roll-up stays readable.
 */
export const MAX_REPORTING_DEPTH = 6;

/** Who reports to whom on the roster, read once: each person's manager, and each manager's reports. */
export interface ReportingTree {
  managerOf: ReadonlyMap<string, string>;
  reportsOf: ReadonlyMap<string, readonly string[]>;
}

/** The roster's reporting lines as a tree, in one read. */
export function reportingTree(db: Db): ReportingTree {
  const managerOf = reportingLines(db);
  const reportsOf = new Map<string, string[]>();
  for (const [repId, managerId] of [...managerOf].sort(([a], [b]) => a.localeCompare(b))) {
    const list = reportsOf.get(managerId) ?? [];
    list.push(repId);
    reportsOf.set(managerId, list);
  }
  return { managerOf, reportsOf };
}

/** Whether someone manages anyone on the roster. */
const manages = (tree: ReportingTree, id: string) => (tree.reportsOf.get(id)?.length ?? 0) > 0;

/** Whether a user is a director: someone who reports to them manages a team of their own. */
export function isDirector(tree: ReportingTree, userId: string): boolean {
  return (tree.reportsOf.get(userId) ?? []).some((id) => manages(tree, id));
}

/** Whether `viewerId` is above `userId` in the reporting lines (their manager, their manager's manager, …). */
export function isAbove(tree: ReportingTree, viewerId: string, userId: string): boolean {
  let at = tree.managerOf.get(userId);
  for (let level = 0; at !== undefined && level < MAX_REPORTING_DEPTH; level++, at = tree.managerOf.get(at))
    if (at === viewerId) return true;
  return false;
}

/**
 * `isDirector` for one user without reading the roster's lines: one indexed query. What a
 * request that is not about a director (most `/points team`) pays.
 */
export function directsAManager(db: Db, userId: string): boolean {
  const managers = sql`exists (select 1 from users as m where m.manager_id = ${users.id} and m.on_roster = 1)`;
  return (
    db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.managerId, userId), eq(users.onRoster, true), managers))
      .limit(1)
      .all().length > 0
  );
}

/** `isAbove` read from the cached users, one step up at a time (a chain is at most MAX_REPORTING_DEPTH long). */
export function isAboveUser(db: Db, viewerId: string, userId: string): boolean {
  let at = findUser(db, userId);
  for (let level = 0; at?.onRoster && at.managerId && level < MAX_REPORTING_DEPTH; level++) {
    if (at.managerId === viewerId) return true;
    at = findUser(db, at.managerId);
  }
  return false;
}

/** One team below a director: its manager, how far below the director (1: reports to them), and its reps (who manage no one). */
export interface TeamBelow {
  managerId: string;
  level: number;
  repIds: string[];
}

/**
 * Every team at or below a director, the director's own first (when they have reps who manage
 * no one), then each manager below them, level by level, by id. A manager's reps are those who
 * report to them and manage no one: a manager on the roster is a row of their own, not a rep.
 */
export function teamsBelow(tree: ReportingTree, directorId: string): TeamBelow[] {
  const out: TeamBelow[] = [];
  const seen = new Set<string>([directorId]);
  let level: Array<{ id: string; level: number }> = [{ id: directorId, level: 0 }];
  while (level.length > 0) {
    const next: Array<{ id: string; level: number }> = [];
    for (const m of level) {
      const reports = tree.reportsOf.get(m.id) ?? [];
      const repIds = reports.filter((id) => !manages(tree, id));
      if (m.level > 0 || repIds.length > 0) out.push({ managerId: m.id, level: m.level, repIds });
      // A loop cannot be made (assign refuses it), but a walk never trusts that.
      for (const id of reports)
        if (manages(tree, id) && !seen.has(id) && m.level < MAX_REPORTING_DEPTH) next.push({ id, level: m.level + 1 });
      for (const n of next) seen.add(n.id);
    }
    level = next;
  }
  return out;
}

/** Why reps may not report to a manager: the loop it would close, or the chain deeper than MAX_REPORTING_DEPTH it would make. */
export type ReportingProblem = { kind: 'loop'; chain: string[] } | { kind: 'too_deep'; chain: string[] };

/** The longest chain down from a person (them first), at most MAX_REPORTING_DEPTH + 1 long. */
function longestBelow(tree: ReportingTree, id: string, depth = 0): string[] {
  if (depth > MAX_REPORTING_DEPTH) return [id];
  let longest: string[] = [];
  for (const r of tree.reportsOf.get(id) ?? []) {
    const chain = longestBelow(tree, r, depth + 1);
    if (chain.length > longest.length) longest = chain;
  }
  return [id, ...longest];
}

/**
 * What is wrong with `repId` reporting to `managerId`, or undefined: a loop (any length), or a
 * chain from the bottom of the rep's own team up through the manager to the top that would be
 * more than MAX_REPORTING_DEPTH people long. The chain is given top first, as a manager reads it.
 */
export function reportingProblem(tree: ReportingTree, repId: string, managerId: string): ReportingProblem | undefined {
  const loop = reportingLoop(tree.managerOf, repId, managerId);
  if (loop) return { kind: 'loop', chain: loop };
  const above = [managerId];
  for (let at = tree.managerOf.get(managerId); at !== undefined && above.length <= MAX_REPORTING_DEPTH; at = tree.managerOf.get(at))
    above.unshift(at);
  // The rep's own reports, as they stand apart from the rep's current line.
  const below = longestBelow(tree, repId);
  const chain = [...above, ...below];
  return chain.length > MAX_REPORTING_DEPTH ? { kind: 'too_deep', chain } : undefined;
}

/** Turns a director's Friday roll-up digest on or off (the users table's writes go through people.ts). */
export function setRollupDigest(db: Db, directorId: string, on: boolean, now: Date): void {
  changeUsers(db, [{ id: directorId, change: { rollupDigest: on } }], now);
}

/** Users who opted in to the roll-up digest (whether they are directors now is the caller's to check). */
export function rollupOptedIn(db: Db): string[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.rollupDigest, true))
    .all()
    .map((r) => r.id)
    .sort();
}
