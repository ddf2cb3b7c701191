import { asc, eq } from 'drizzle-orm';
import { cachedSetting, changeCached, type Db } from '../db.js';
import { activities, type Activity } from '../schema.js';

/** A catalogue activity as the parser and the views use it. */
export interface CatalogueItem {
  key: string;
  label: string;
  shorthand: string;
  points: number;
  aliases: string[];
  category: string;
  takesAmount: boolean;
}

const lookups = new WeakMap<readonly CatalogueItem[], ReadonlyMap<string, CatalogueItem>>();

/**
 * The catalogue's activities by key. Built once per catalogue (a loaded catalogue is kept
 * until the database changes it), not once per request by every reader.
 */
export function catalogueByKey(catalogue: readonly CatalogueItem[]): ReadonlyMap<string, CatalogueItem> {
  let byKey = lookups.get(catalogue);
  if (!byKey) {
    byKey = new Map(catalogue.map((c) => [c.key, c]));
    lookups.set(catalogue, byKey);
  }
  return byKey;
}

function parseAliases(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The active catalogue, in its display order. Kept in memory and read again only when the
 * database changed it (so the parser's lookup tables are built once, not per request).
 */
export function loadCatalogue(db: Db): CatalogueItem[] {
  return cachedSetting(db, 'catalogue', () => readCatalogue(db));
}

function readCatalogue(db: Db): CatalogueItem[] {
  return db
    .select()
    .from(activities)
    .where(eq(activities.active, true))
    .orderBy(asc(activities.sortOrder))
    .all()
    .map((a) => ({
      key: a.key,
      label: a.label,
      shorthand: a.shorthand,
      points: a.points,
      aliases: parseAliases(a.aliases),
      category: a.category,
      takesAmount: a.takesAmount,
    }));
}

/** What may change about a catalogue activity; its key stays, since entries refer to it. */
export type ActivityChange = Partial<Omit<Activity, 'key'>>;

/**
 * Changes one catalogue activity. The catalogue's only write path (migrations seed it; this
 * module is the activities table's only writer, which test/unit/cache-owners.test.ts checks), so
 * the catalogue kept in memory is emptied with every change. Entries keep the points they earned.
 */
export function changeActivity(db: Db, key: string, change: ActivityChange): void {
  changeCached(db, () => db.update(activities).set(change).where(eq(activities.key, key)).run());
}
