import type { Db } from '../../src/db/index.js';
import { users } from '../../src/db/schema.js';

/** Who is on the roster, as [id, manager, role, start date], ordered by id. */
export function rosterRows(db: Db): Array<[string, string | null, string, string | null]> {
  return db
    .select()
    .from(users)
    .all()
    .filter((u) => u.onRoster)
    .map((u): [string, string | null, string, string | null] => [u.id, u.managerId, u.role, u.startDate])
    .sort((a, b) => a[0].localeCompare(b[0]));
}
