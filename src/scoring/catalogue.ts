import { asc, eq } from 'drizzle-orm';
import { cachedSetting, changeCached, type Db } from '../db/index.js';
import { activities, summaryGroups, type Activity } from '../db/schema.js';

/** A line of the team summary ("12 demos"), which activities count towards. */
export interface SummaryGroup {
  key: string;
  /** Null for an activity's own line when it has no noun: its count reads "3 × label". */
  noun: string | null;
  nounPlural: string | null;
  label: string;
  sortOrder: number;
  /** Shown even at zero; other lines only when the team did any. */
  alwaysShown: boolean;
}

/** A catalogue activity as the parser and the views use it. */
export interface CatalogueItem {
  key: string;
  label: string;
  shorthand: string;
  points: number;
  aliases: string[];
  category: string;
  takesAmount: boolean;
  /** "self-led demo" / "self-led demos"; without them a count reads "3 × label". */
  noun: string | null;
  nounPlural: string | null;
  /** The team summary line the activity counts towards: its group's, or a line of its own. */
  summaryGroup: SummaryGroup;
  /** Something a rep does by themselves (a call, a meeting they book): a pace plan suggests only these. */
  plannable: boolean;
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
  const groups = new Map<string, SummaryGroup>(
    db
      .select()
      .from(summaryGroups)
      .all()
      .map((g) => [g.key, { ...g, label: g.noun }]),
  );
  return db
    .select()
    .from(activities)
    .where(eq(activities.active, true))
    .orderBy(asc(activities.sortOrder))
    .all()
    .map((a) => {
      // Nouns come in pairs: one without the other would read "1 webinar" but "3 × Webinar hosted".
      const named = a.noun !== null && a.nounPlural !== null;
      const noun = named ? a.noun : null;
      const nounPlural = named ? a.nounPlural : null;
      return {
        key: a.key,
        label: a.label,
        shorthand: a.shorthand,
        points: a.points,
        aliases: parseAliases(a.aliases),
        category: a.category,
        takesAmount: a.takesAmount,
        noun,
        nounPlural,
        plannable: a.plannable,
        summaryGroup: (a.summaryGroup === null ? undefined : groups.get(a.summaryGroup)) ?? {
          // A line of its own, after the shared ones (in catalogue order), keyed apart from any group's key.
          key: `activity:${a.key}`,
          noun,
          nounPlural,
          label: a.label,
          sortOrder: Number.POSITIVE_INFINITY,
          alwaysShown: false,
        },
      };
    });
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
