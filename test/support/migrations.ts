import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

/**
 * A database file migrated only up to the migration before the one whose tag ends in `before`,
 * as an older release left it: for testing what that migration does to existing data. `dir`
 * receives a trimmed copy of the migrations folder.
 */
export function databaseMigratedBefore(dir: string, file: string, before: string): Database.Database {
  const folder = path.join(dir, 'migrations');
  fs.cpSync(fileURLToPath(new URL('../../migrations', import.meta.url)), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(before));
  if (at < 1) throw new Error(`no migration tagged …${before} after the first`);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  return sqlite;
}
