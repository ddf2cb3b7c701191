/**
 * What an export holds, read from the database a page at a time: the entries (and admins'
 * adjustments), each rep's weeks judged by the goal in force, and the weekly KPI counts. Rows are
 * produced lazily by generators, so writing a file over millions of entries keeps one page in
 * memory; each page is its own read, so the database is never held busy between pages (better-
 * sqlite3 allows no other statement on the connection while an iterator is open, and judging a
 * week runs several).
 */
import type { Db } from '../db/index.js';
import { ADJUSTMENT_KEY } from '../db/schema.js';
import { catalogueByKey, DEFAULT_ROLE, loadCatalogue, weekCatalogue } from '../scoring/catalogue.js';
import { programmeForWeek, type Programme } from '../scoring/programme.js';
import { weekStanding } from '../scoring/standing.js';
import { addDays, localDay, weekStartOf, type LocalDay } from '../scoring/week.js';

/** Which entries an export covers: one user's, and days from `from` to `to` (both included). */
export interface ExportFilter {
  userId?: string;
  from?: LocalDay;
  to?: LocalDay;
}

/** One line of the Entries sheet: an entry, or an admin's adjustment of a week (activity `adjustment`). */
export interface EntryRow {
  day: LocalDay;
  repId: string;
  managerId: string | null;
  role: string;
  /** The activity's label in the rep's role's catalogue of that week; "Adjustment" for an admin's. */
  activity: string;
  /** Null for an adjustment, which counts points only. */
  count: number | null;
  points: number;
  amountCents: number | null;
  currency: string | null;
  note: string | null;
  /** The account the entry names, as first typed; null without one and for an adjustment. */
  account: string | null;
  loggedAt: number;
  undoneAt: number | null;
  /** An adjustment's reason, or why an admin took the entry back. */
  adjustmentReason: string | null;
}

/** One rep's week as the bot judged it: the week's points against the goal in force for them then. */
export interface WeekRow {
  weekStart: LocalDay;
  repId: string;
  managerId: string | null;
  role: string;
  points: number;
  /** The goal in force, prorated by the days off; null when the week is not judged. */
  goal: number | null;
  onboardingWeek: number | null;
  daysOff: number;
  /** Null when there is no goal to reach. */
  reached: boolean | null;
}

/** One rep's week of KPI counts: the count per activity and the deal amounts per currency, from the running totals. */
export interface KpiRow {
  weekStart: LocalDay;
  repId: string;
  counts: ReadonlyMap<string, number>;
  amountCents: ReadonlyMap<string, number>;
}

/** The KPI sheet's columns: the activities done and the currencies of deals closed in the export. */
export interface KpiColumns {
  activities: Array<{ key: string; label: string }>;
  currencies: string[];
}

/** Everything a file export writes, each part read only when written. */
export interface ExportData {
  entries: Iterable<EntryRow>;
  weeks: Iterable<WeekRow>;
  kpiColumns: KpiColumns;
  kpi: Iterable<KpiRow>;
}

/** Rows read per query: small enough to hold, large enough that the queries cost little. */
const PAGE = 1000;

/**
 * The export's data for a filter. `today` (a calendar day) ends the weeks listed for reps on the
 * roster, who get a row for each week from their start even when they logged nothing.
 */
export function exportData(db: Db, filter: ExportFilter, today: LocalDay): ExportData {
  return {
    entries: entryRows(db, filter),
    weeks: weekRows(db, filter, weekStartOf(today)),
    kpiColumns: kpiColumns(db, filter),
    kpi: kpiRows(db, filter),
  };
}

/** Each rep's manager and role, read once per export (the users table holds one row per person). */
function people(
  db: Db,
): Map<string, { managerId: string | null; role: string; onRoster: boolean; startDate: string | null; since: number }> {
  const rows = db.$client
    .prepare('SELECT id, manager_id, role, on_roster, start_date, coalesce(team_since, created_at) AS since FROM users')
    .all() as Array<{ id: string; manager_id: string | null; role: string; on_roster: number; start_date: string | null; since: number }>;
  return new Map(
    rows.map((r) => [
      r.id,
      { managerId: r.manager_id, role: r.role, onRoster: r.on_roster === 1, startDate: r.start_date, since: r.since },
    ]),
  );
}

/** The user IDs an export names (reps and their managers), for the names to be looked up before writing. */
export function exportPeople(db: Db, filter: ExportFilter): string[] {
  const ids = new Set<string>(filter.userId ? [filter.userId] : repIds(db, filter));
  for (const [id, p] of people(db)) {
    if (ids.has(id) && p.managerId) ids.add(p.managerId);
  }
  return [...ids];
}

/** The range's conditions on a column of Mondays: weeks that overlap from…to. */
function weekRange(filter: ExportFilter, column: string): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (filter.userId) {
    parts.push('user_id = ?');
    params.push(filter.userId);
  }
  if (filter.from) {
    parts.push(`${column} >= ?`);
    params.push(weekStartOf(filter.from));
  }
  if (filter.to) {
    parts.push(`${column} <= ?`);
    params.push(filter.to);
  }
  return { sql: parts.length ? `AND ${parts.join(' AND ')}` : '', params };
}

/** Reps with running totals in the range, or on the roster now, in ID order. */
function repIds(db: Db, filter: ExportFilter): string[] {
  const range = weekRange(filter, 'week_start');
  const withTotals = db.$client
    .prepare(`SELECT DISTINCT user_id FROM weekly_activity_totals WHERE 1 ${range.sql}`)
    .pluck()
    .all(...range.params) as string[];
  const onRoster = db.$client.prepare('SELECT id FROM users WHERE on_roster = 1').pluck().all() as string[];
  return [...new Set([...withTotals, ...(filter.userId ? [] : onRoster)])].sort();
}

/**
 * The entries in the filter, in the order they were logged, then the admins' adjustments of
 * the weeks in it. Paged by entry id, so a page costs the same however far the export is.
 */
export function* entryRows(db: Db, filter: ExportFilter): Generator<EntryRow> {
  const who = people(db);
  const labels = new Map(
    (db.$client.prepare('SELECT key, label FROM activities').all() as Array<{ key: string; label: string }>).map((a) => [a.key, a.label]),
  );
  const labelOf = (role: string, key: string, weekStart: LocalDay) =>
    catalogueByKey(weekCatalogue(db, weekStart, role)).get(key)?.label ?? labels.get(key) ?? key;
  const conditions: string[] = [];
  const params: string[] = [];
  if (filter.userId) (conditions.push('user_id = ?'), params.push(filter.userId));
  if (filter.from) (conditions.push('day >= ?'), params.push(filter.from));
  if (filter.to) (conditions.push('day <= ?'), params.push(filter.to));
  const page = db.$client.prepare(
    `SELECT id, user_id, activity_key, count, points, amount_cents, currency, note, day, week_start, logged_at, undone_at,
       (SELECT name FROM accounts WHERE accounts.id = entries.account_id) AS account
     FROM entries WHERE id > ? ${conditions.map((c) => `AND ${c}`).join(' ')} ORDER BY id LIMIT ${PAGE}`,
  );
  // Why an admin took an entry back: admins' corrections are few, so one read for all of them.
  const takenBack = new Map(
    (
      db.$client.prepare("SELECT entry_id, reason FROM adjustments WHERE kind = 'take_back' AND entry_id IS NOT NULL").all() as Array<{
        entry_id: number;
        reason: string;
      }>
    ).map((a) => [a.entry_id, a.reason]),
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, ...params) as Array<{
      id: number;
      user_id: string;
      activity_key: string;
      count: number;
      points: number;
      amount_cents: number | null;
      currency: string | null;
      note: string | null;
      day: string;
      week_start: string;
      logged_at: number;
      undone_at: number | null;
      account: string | null;
    }>;
    if (rows.length === 0) break;
    for (const e of rows) {
      const rep = who.get(e.user_id);
      const role = rep?.role ?? DEFAULT_ROLE;
      yield {
        day: e.day,
        repId: e.user_id,
        managerId: rep?.managerId ?? null,
        role,
        activity: labelOf(role, e.activity_key, e.week_start),
        count: e.count,
        points: e.points,
        amountCents: e.amount_cents,
        currency: e.currency,
        note: e.note,
        account: e.account,
        loggedAt: e.logged_at,
        undoneAt: e.undone_at,
        adjustmentReason: takenBack.get(e.id) ?? null,
      };
    }
    after = rows.at(-1)!.id;
  }
  const range = weekRange(filter, 'week_start');
  const adjusted = db.$client
    .prepare(`SELECT user_id, week_start, points, reason, created_at FROM adjustments WHERE kind = 'adjust' ${range.sql} ORDER BY id`)
    .all(...range.params) as Array<{ user_id: string; week_start: string; points: number; reason: string; created_at: number }>;
  for (const a of adjusted) {
    const rep = who.get(a.user_id);
    yield {
      day: a.week_start,
      repId: a.user_id,
      managerId: rep?.managerId ?? null,
      role: rep?.role ?? DEFAULT_ROLE,
      activity: 'Adjustment',
      count: null,
      points: a.points,
      amountCents: null,
      currency: null,
      note: null,
      account: null,
      loggedAt: a.created_at,
      undoneAt: null,
      adjustmentReason: a.reason,
    };
  }
}

/**
 * Each rep's weeks, rep by rep, judged by the same functions the bot judges by (weekStanding:
 * the programme of that week, the rep's onboarding week, days off prorated). A rep on the roster
 * gets every week from their start (or from joining, without a start date) up to this week, so
 * a week with nothing logged shows as not reached; anyone else only the weeks they logged in.
 */
export function* weekRows(db: Db, filter: ExportFilter, thisWeek: LocalDay): Generator<WeekRow> {
  const who = people(db);
  const programmes = new Map<LocalDay, Programme>();
  const programmeOf = (week: LocalDay) => {
    let p = programmes.get(week);
    if (!p) programmes.set(week, (p = programmeForWeek(db, week)));
    return p;
  };
  const range = weekRange({ ...filter, userId: undefined }, 'week_start');
  const totals = db.$client.prepare(
    `SELECT week_start, sum(points) AS points FROM weekly_activity_totals WHERE user_id = ? ${range.sql} GROUP BY week_start ORDER BY week_start`,
  );
  const first = filter.from ? weekStartOf(filter.from) : undefined;
  const last = filter.to ? weekStartOf(filter.to) : thisWeek;
  for (const repId of filter.userId ? [filter.userId] : repIds(db, filter)) {
    const rep = who.get(repId);
    const points = new Map(
      (totals.all(repId, ...range.params) as Array<{ week_start: string; points: number }>).map((r) => [r.week_start, r.points]),
    );
    const weeks = new Set(points.keys());
    if (rep?.onRoster) {
      const joined = weekStartOf(rep.startDate ?? localDay(new Date(rep.since), 'UTC'));
      const logged = [...points.keys()].sort()[0];
      let week = logged && logged < joined ? logged : joined;
      if (first && first > week) week = first;
      for (; week <= last; week = addDays(week, 7)) weeks.add(week);
    }
    for (const week of [...weeks].sort()) {
      const standing = weekStanding(db, repId, week, programmeOf(week));
      const total = points.get(week) ?? 0;
      yield {
        weekStart: week,
        repId,
        managerId: rep?.managerId ?? null,
        role: rep?.role ?? DEFAULT_ROLE,
        points: total,
        goal: standing.goal,
        onboardingWeek: standing.onboardingWeek,
        daysOff: standing.absence?.off.length ?? 0,
        reached: standing.goal === null ? null : total >= standing.goal,
      };
    }
  }
}

/** The activities counted and the currencies of deal amounts in the range, in catalogue order. */
export function kpiColumns(db: Db, filter: ExportFilter): KpiColumns {
  const range = weekRange(filter, 'week_start');
  const keys = new Set(
    db.$client
      .prepare(`SELECT DISTINCT activity_key FROM weekly_activity_totals WHERE activity_key <> ? ${range.sql}`)
      .pluck()
      .all(ADJUSTMENT_KEY, ...range.params) as string[],
  );
  const registered = db.$client.prepare('SELECT key, label, sort_order FROM activities ORDER BY sort_order, key').all() as Array<{
    key: string;
    label: string;
  }>;
  const shown = catalogueByKey(loadCatalogue(db));
  const activities = registered.filter((a) => keys.has(a.key)).map((a) => ({ key: a.key, label: shown.get(a.key)?.label ?? a.label }));
  const currencies = db.$client
    .prepare(`SELECT DISTINCT currency FROM weekly_amount_totals WHERE 1 ${range.sql} ORDER BY currency`)
    .pluck()
    .all(...range.params) as string[];
  return { activities, currencies };
}

/** Each rep's weeks of counts and deal amounts, rep by rep, from the running totals (one rep's rows per read). */
export function* kpiRows(db: Db, filter: ExportFilter): Generator<KpiRow> {
  const range = weekRange({ ...filter, userId: undefined }, 'week_start');
  const counts = db.$client.prepare(
    `SELECT week_start, activity_key, count FROM weekly_activity_totals WHERE user_id = ? AND activity_key <> ? ${range.sql}`,
  );
  const amounts = db.$client.prepare(
    `SELECT week_start, currency, sum(amount_cents) AS cents FROM weekly_amount_totals WHERE user_id = ? ${range.sql} GROUP BY week_start, currency`,
  );
  for (const repId of filter.userId ? [filter.userId] : repIds(db, filter)) {
    const weeks = new Map<LocalDay, { counts: Map<string, number>; amountCents: Map<string, number> }>();
    const weekOf = (w: LocalDay) => {
      let entry = weeks.get(w);
      if (!entry) weeks.set(w, (entry = { counts: new Map(), amountCents: new Map() }));
      return entry;
    };
    for (const r of counts.all(repId, ADJUSTMENT_KEY, ...range.params) as Array<{
      week_start: string;
      activity_key: string;
      count: number;
    }>)
      weekOf(r.week_start).counts.set(r.activity_key, r.count);
    for (const r of amounts.all(repId, ...range.params) as Array<{ week_start: string; currency: string; cents: number }>)
      weekOf(r.week_start).amountCents.set(r.currency, r.cents);
    for (const week of [...weeks.keys()].sort()) yield { weekStart: week, repId, ...weeks.get(week)! };
  }
}
