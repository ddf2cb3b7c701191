/** Which other role's catalogue has the activities a line names that the rep's own has not. */
import type { Db } from '../db/index.js';
import { catalogueByKey, catalogueFor, catalogueRoles, hasOwnCatalogue, DEFAULT_ROLE } from './catalogue.js';
import { parseLog, type ParseContext } from './parse/index.js';
import type { LocalDay } from './week.js';

/** Activities of another role's catalogue a rep named: the role and their short names. */
export interface OtherRoleActivities {
  ownRole: string;
  role: string;
  shorthands: string[];
}

/**
 * For a line the rep's own catalogue could not read: the first other role whose catalogue of
 * the same week reads it whole, and the activities in it the rep's catalogue lacks. Only on
 * that error path, so the common line costs nothing more.
 */
export function otherRoleActivities(
  db: Db,
  rep: { role: string; parse: ParseContext },
  text: string,
  weekStart: LocalDay,
): OtherRoleActivities | undefined {
  const ownRole = hasOwnCatalogue(db, rep.role) ? rep.role : DEFAULT_ROLE;
  const own = catalogueByKey(rep.parse.catalogue);
  for (const role of catalogueRoles(db)) {
    if (role === ownRole) continue;
    const catalogue = catalogueFor(db, role, weekStart);
    const parsed = parseLog(text, { ...rep.parse, catalogue });
    if (parsed.kind !== 'log') continue;
    const theirs = catalogueByKey(catalogue);
    const shorthands = parsed.items.filter((i) => !own.has(i.activityKey)).map((i) => theirs.get(i.activityKey)!.shorthand);
    if (shorthands.length > 0) return { ownRole: rep.role, role, shorthands };
  }
  return undefined;
}
