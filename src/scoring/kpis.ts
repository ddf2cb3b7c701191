import { idSlices, jsonRows, memo, rowsOfReps, selectList, type Db } from '../db/index.js';
import { findUser } from '../roster/people.js';
import { rosterReps } from '../roster/roster.js';
import type { CatalogueItem } from './catalogue.js';
import { sortAmounts } from './ledger.js';
import { dealKpis, type DealKpis } from './deals.js';
import type { KpiSpan } from './points-query.js';
import { addDays, calendarDate, daysBetween, monthYear, type LocalDay } from './week.js';

export type { KpiSpan };

/** The steps of the conversion chain, in order: the catalogue's summary groups (or categories) they read. */
export const CHAIN_STEPS = ['call', 'conversation', 'meeting', 'discovery', 'demo', 'closed_won'] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];

/** Each step as every view names it, a chart's label included: what the rep logs, in the plural. */
export const CHAIN_STEP_LABELS: Record<ChainStep, string> = {
  call: 'Calls',
  conversation: 'Conversations',
  meeting: 'Meetings booked',
  discovery: 'Discovery calls',
  demo: 'Demos',
  closed_won: 'Closed-won deals',
};

/**
 * What the bot counts as an opportunity for the published benchmark (about 32 opportunities per
 * 1,000 outbound calls): a meeting booked, the chain's `meeting` step.
 */
export const OPPORTUNITY_STEP: ChainStep = 'meeting';
/** The published benchmark: opportunities per 1,000 outbound calls. */
export const BENCHMARK_PER_1000_CALLS = 32;

/** Days from `from` to `to`, both included. */
export interface Period {
  from: LocalDay;
  to: LocalDay;
  /** "16–22 Nov 2026", "Nov 2026", "Q4 2026". */
  label: string;
}

/** The periods a KPI view covers: the week's days, the week, its month, and its quarter when asked for. */
export interface KpiPeriods {
  span: KpiSpan;
  week: Period;
  month: Period;
  quarter?: Period;
  /** The period the conversion chain and the deals are read over. */
  chain: Period;
}

const monthStart = (day: LocalDay) => `${day.slice(0, 8)}01`;

function monthPeriod(day: LocalDay): Period {
  const from = monthStart(day);
  const next = monthStart(addDays(from, 31));
  return { from, to: addDays(next, -1), label: monthYear(day) };
}

function quarterPeriod(day: LocalDay): Period {
  const year = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  const from = calendarDate(year, q * 3 + 1, 1);
  const to = addDays(q === 3 ? calendarDate(year + 1, 1, 1) : calendarDate(year, q * 3 + 4, 1), -1);
  return { from, to, label: `Q${q + 1} ${year}` };
}

/**
 * The periods of a KPI view. `anchor` is the day the month and quarter are read around: the
 * rep's today in the current week, the week's last day for an earlier week.
 */
export function kpiPeriods(span: KpiSpan, weekStart: LocalDay, weekLabelText: string, anchor: LocalDay): KpiPeriods {
  const week = { from: weekStart, to: addDays(weekStart, 6), label: weekLabelText };
  const month = monthPeriod(anchor);
  const quarter = span === 'quarter' ? quarterPeriod(anchor) : undefined;
  return { span, week, month, ...(quarter ? { quarter } : {}), chain: quarter ?? (span === 'month' ? month : week) };
}

/** One activity's counts: each day of the week (Monday first), the week, the month and the quarter. */
export interface ActivityCounts {
  activityKey: string;
  days: number[];
  week: number;
  month: number;
  quarter?: number;
}

/** Closed-won deals with an amount in one currency: how many, their total and their average. */
export interface CurrencyDeals {
  currency: string;
  deals: number;
  cents: number;
  /** Rounded to the cent. */
  averageCents: number;
}

/** One rep's KPIs, or a team's added up. */
export interface Kpis {
  /** Activities with any count in the periods, in catalogue order. */
  activities: ActivityCounts[];
  /** The conversion chain's counts over the chain period. */
  chain: Record<ChainStep, number>;
  /** Closed-won deals with an amount, per currency (never added across currencies), over the chain period. */
  deals: CurrencyDeals[];
  /** Closed-won deals logged without an amount, over the chain period. */
  dealsWithoutAmount: number;
  /** Whether anything was logged in any period shown. */
  logged: boolean;
  /** Deals by named account over the chain period, and open pipeline now (scoring/deals.ts). */
  accounts?: DealKpis;
}

export interface RepKpis extends Kpis {
  repId: string;
}

/** A rate as a fraction, or null when there is nothing to divide by (the views say so, never divide by zero). */
export function rate(count: number, of: number): number | null {
  return of > 0 ? count / of : null;
}

/** The chain step an activity counts towards: its summary group's, else its category's, if either is a step. */
export function chainStepOf(item: Pick<CatalogueItem, 'summaryGroup' | 'category'>): ChainStep | undefined {
  const steps: readonly string[] = CHAIN_STEPS;
  if (steps.includes(item.summaryGroup.key)) return item.summaryGroup.key as ChainStep;
  return steps.includes(item.category) ? (item.category as ChainStep) : undefined;
}

const emptyChain = (): Record<ChainStep, number> => ({ call: 0, conversation: 0, meeting: 0, discovery: 0, demo: 0, closed_won: 0 });

type DayRow = { userId: string; day: LocalDay; activityKey: string; currency: string; count: number; amountCents: number };

/**
 * Each rep's rows of the daily counts between two days: one range of the primary key per rep,
 * read for IDS_PER_READ reps at a time, or for a roster's worth of reps over a week at most the
 * days' range of every rep (rowsOfReps), through statements prepared once.
 */
function readRows(db: Db, repIds: readonly string[], from: LocalDay, to: LocalDay): Map<string, DayRow[]> {
  const read = memo(db, 'kpiDayRows', () => {
    const columns = {
      userId: 'user_id',
      day: 'day',
      activityKey: 'activity_key',
      currency: 'currency',
      count: 'count',
      amountCents: 'amount_cents',
    };
    return {
      some: db.$client.prepare<[string, LocalDay, LocalDay], DayRow>(
        `SELECT ${selectList(columns)} FROM daily_activity_totals WHERE user_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ?`,
      ),
      every: jsonRows<DayRow, [LocalDay, LocalDay]>(db, columns, 'FROM daily_activity_totals WHERE day BETWEEN ? AND ?'),
    };
  });
  const out = new Map<string, DayRow[]>(repIds.map((id) => [id, []]));
  const some = (ids: string) => read.some.all(ids, from, to);
  // A roster's week is one range; a longer span is read rep by rep, so that no single string
  // holds months of a whole roster's rows.
  const rows = daysBetween(from, to) < 7 ? rowsOfReps(repIds, some, () => read.every(from, to)) : [...idSlices(repIds)].flatMap(some);
  for (const row of rows) out.get(row.userId)!.push(row);
  return out;
}

const within = (day: LocalDay, p: Period) => day >= p.from && day <= p.to;

const stepMaps = new WeakMap<readonly CatalogueItem[], ReadonlyMap<string, ChainStep | undefined>>();

/** Each activity's step of the chain, worked out once per catalogue (a digest reads thousands of reps by one). */
function chainSteps(catalogue: readonly CatalogueItem[]): ReadonlyMap<string, ChainStep | undefined> {
  let steps = stepMaps.get(catalogue);
  if (!steps) {
    steps = new Map(catalogue.map((c) => [c.key, chainStepOf(c)]));
    stepMaps.set(catalogue, steps);
  }
  return steps;
}

/** One rep's KPIs from their rows: counts per period, the chain and the deals over the chain period. */
function kpisOf(rows: readonly DayRow[], periods: KpiPeriods, catalogue: readonly CatalogueItem[]): Kpis {
  const step = chainSteps(catalogue);
  const counts = new Map<string, ActivityCounts>();
  const chain = emptyChain();
  const deals = new Map<string, { deals: number; cents: number }>();
  let dealsWithoutAmount = 0;
  for (const r of rows) {
    if (r.count === 0) continue;
    let c = counts.get(r.activityKey);
    if (!c) {
      c = { activityKey: r.activityKey, days: [0, 0, 0, 0, 0, 0, 0], week: 0, month: 0, ...(periods.quarter ? { quarter: 0 } : {}) };
      counts.set(r.activityKey, c);
    }
    if (within(r.day, periods.week)) {
      c.week += r.count;
      c.days[daysBetween(periods.week.from, r.day)]! += r.count;
    }
    if (within(r.day, periods.month)) c.month += r.count;
    if (periods.quarter && within(r.day, periods.quarter)) c.quarter! += r.count;
    if (!within(r.day, periods.chain)) continue;
    const s = step.get(r.activityKey);
    if (s) chain[s] += r.count;
    if (s !== 'closed_won') continue;
    if (r.currency === '') dealsWithoutAmount += r.count;
    else {
      const d = deals.get(r.currency) ?? { deals: 0, cents: 0 };
      d.deals += r.count;
      d.cents += r.amountCents;
      deals.set(r.currency, d);
    }
  }
  const activities = inCatalogueOrder(
    [...counts.values()].filter((c) => c.week !== 0 || c.month !== 0 || (c.quarter ?? 0) !== 0),
    catalogue,
  );
  const perCurrency = dealsPerCurrency(deals);
  return { activities, chain, deals: perCurrency, dealsWithoutAmount, logged: activities.length > 0 };
}

/** Deals per currency, largest total first (as every view lists amounts), each with its average. */
function dealsPerCurrency(deals: ReadonlyMap<string, { deals: number; cents: number }>): CurrencyDeals[] {
  const withDeals = [...deals].filter(([, d]) => d.deals > 0);
  return sortAmounts(withDeals.map(([currency, d]) => ({ currency, cents: d.cents }))).map(({ currency, cents }) => {
    const n = deals.get(currency)!.deals;
    return { currency, deals: n, cents, averageCents: Math.round(cents / n) };
  });
}

/** Activities in the catalogue's order; any it no longer has after, by key. */
function inCatalogueOrder(list: ActivityCounts[], catalogue: readonly CatalogueItem[]): ActivityCounts[] {
  const order = new Map(catalogue.map((c, i) => [c.key, i]));
  const at = (key: string) => order.get(key) ?? Number.POSITIVE_INFINITY;
  return list.sort((a, b) => at(a.activityKey) - at(b.activityKey) || a.activityKey.localeCompare(b.activityKey));
}

/** The span of days every period of a view lies in. */
function outerSpan(periods: KpiPeriods): { from: LocalDay; to: LocalDay } {
  const all = [periods.week, periods.month, ...(periods.quarter ? [periods.quarter] : [])];
  return {
    from: all.map((p) => p.from).sort()[0]!,
    to: all
      .map((p) => p.to)
      .sort()
      .at(-1)!,
  };
}

/**
 * Several reps' KPIs, read from the daily running counts (no entry is summed), in the order given.
 * `weekOnly` reads the week's days alone, for a view that shows nothing else (the digest): the
 * month's and quarter's counts then hold only the week's, and no deal KPIs are read.
 */
export function repKpis(
  db: Db,
  repIds: readonly string[],
  periods: KpiPeriods,
  catalogue: readonly CatalogueItem[],
  opts: { weekOnly?: boolean } = {},
): RepKpis[] {
  const { from, to } = opts.weekOnly ? periods.week : outerSpan(periods);
  const rows = readRows(db, repIds, from, to);
  return repIds.map((repId) => ({
    repId,
    ...kpisOf(rows.get(repId) ?? [], periods, catalogue),
    ...(opts.weekOnly ? {} : { accounts: dealKpis(db, repId, periods.chain.from, periods.chain.to) }),
  }));
}

/**
 * The chain's counts of several reps added up, per week: one entry per week of `weekStarts`
 * (consecutive Mondays, oldest first), read from the daily running counts over those weeks alone.
 */
export function chainPerWeek(
  db: Db,
  repIds: readonly string[],
  weekStarts: readonly LocalDay[],
  catalogue: readonly CatalogueItem[],
): Array<Record<ChainStep, number>> {
  const out = weekStarts.map(emptyChain);
  if (repIds.length === 0 || weekStarts.length === 0) return out;
  // Added up per day in SQLite: a few hundred rows come back, however many reps.
  const statement = memo(db, 'chainPerDay', () =>
    db.$client.prepare<[string, LocalDay, LocalDay], { activityKey: string; day: LocalDay; count: number }>(
      `SELECT activity_key AS activityKey, day, sum(count) AS count FROM daily_activity_totals
        WHERE user_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ? GROUP BY activity_key, day`,
    ),
  );
  const step = chainSteps(catalogue);
  const from = weekStarts[0]!;
  const to = addDays(weekStarts.at(-1)!, 6);
  for (const ids of idSlices([...new Set(repIds)]))
    for (const r of statement.all(ids, from, to)) {
      const s = step.get(r.activityKey);
      if (s) out[Math.floor(daysBetween(from, r.day) / 7)]![s] += r.count;
    }
  return out;
}

/** A team's KPIs: its reps' counts and deals added up (each currency apart). */
export function teamKpis(reps: readonly Kpis[], catalogue: readonly CatalogueItem[]): Kpis {
  const counts = new Map<string, ActivityCounts>();
  const chain = emptyChain();
  const deals = new Map<string, { deals: number; cents: number }>();
  let dealsWithoutAmount = 0;
  for (const r of reps) {
    for (const a of r.activities) {
      const c = counts.get(a.activityKey);
      if (!c) {
        counts.set(a.activityKey, { ...a, days: [...a.days] });
        continue;
      }
      a.days.forEach((n, i) => (c.days[i]! += n));
      c.week += a.week;
      c.month += a.month;
      if (c.quarter !== undefined) c.quarter += a.quarter ?? 0;
    }
    for (const s of CHAIN_STEPS) chain[s] += r.chain[s];
    for (const d of r.deals) {
      const t = deals.get(d.currency) ?? { deals: 0, cents: 0 };
      t.deals += d.deals;
      t.cents += d.cents;
      deals.set(d.currency, t);
    }
    dealsWithoutAmount += r.dealsWithoutAmount;
  }
  const activities = inCatalogueOrder([...counts.values()], catalogue);
  const perCurrency = dealsPerCurrency(deals);
  return { activities, chain, deals: perCurrency, dealsWithoutAmount, logged: activities.length > 0, accounts: teamDeals(reps) };
}

/** A team's deal KPIs: every rep's won and lost deals and open pipeline; the quotas added up when all are in one currency. */
function teamDeals(reps: readonly Kpis[]): DealKpis {
  const all = reps.flatMap((r) => (r.accounts ? [r.accounts] : []));
  const pipeline = new Map<string, number>();
  for (const a of all) for (const p of a.pipeline) pipeline.set(p.currency, (pipeline.get(p.currency) ?? 0) + p.cents);
  const quotas = all.flatMap((a) => (a.quota ? [a.quota] : []));
  const oneCurrency = quotas.length > 0 && quotas.every((q) => q.currency === quotas[0]!.currency);
  return {
    named: all.some((a) => a.named),
    won: all.flatMap((a) => a.won).sort((a, b) => a.account.localeCompare(b.account)),
    lost: all.reduce((n, a) => n + a.lost, 0),
    pipeline: sortAmounts([...pipeline].map(([currency, cents]) => ({ currency, cents }))),
    quota: oneCurrency ? { currency: quotas[0]!.currency, cents: quotas.reduce((n, q) => n + q.cents, 0) } : null,
  };
}

/** What a rep's rates are compared with: their team's conversion chain, added up. */
export type TeamChain = Pick<Kpis, 'chain'>;

/**
 * The chain's counts of several reps over a period, added up in SQLite: one row per activity
 * comes back, however many reps and days the period holds.
 */
export function chainTotals(
  db: Db,
  repIds: readonly string[],
  period: Pick<Period, 'from' | 'to'>,
  catalogue: readonly CatalogueItem[],
): Record<ChainStep, number> {
  const statement = memo(db, 'chainTotals', () =>
    db.$client.prepare<[string, LocalDay, LocalDay], { activityKey: string; count: number }>(
      `SELECT activity_key AS activityKey, sum(count) AS count FROM daily_activity_totals
        WHERE user_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ? GROUP BY activity_key`,
    ),
  );
  const step = chainSteps(catalogue);
  const chain = emptyChain();
  for (const ids of idSlices(repIds))
    for (const row of statement.all(ids, period.from, period.to)) {
      const s = step.get(row.activityKey);
      if (s) chain[s] += row.count;
    }
  return chain;
}

/**
 * A rep's KPIs and, when they are on a team of more than one, the team's chain to compare their
 * rates with: their manager's reps on the roster, the rep among them. Only the rep's own deals
 * are read (the team's are not shown here).
 */
export function repKpiReport(
  db: Db,
  args: { repId: string; periods: KpiPeriods; catalogue: readonly CatalogueItem[] },
): { kpis: RepKpis; team?: TeamChain } {
  const managerId = findUser(db, args.repId)?.managerId;
  const teamIds = managerId ? rosterReps(db, managerId).map((u) => u.id) : [];
  const kpis = repKpis(db, [args.repId], args.periods, args.catalogue)[0]!;
  // A team of one is no comparison.
  if (!teamIds.includes(args.repId) || teamIds.length < 2) return { kpis };
  return { kpis, team: { chain: chainTotals(db, teamIds, args.periods.chain, args.catalogue) } };
}

/**
 * Reps repKpisPaced reads in one turn of the event loop: a quarter of fifty reps takes tens of
 * milliseconds, where a whole roster of 10,000 read at once took seconds, during which no one's
 * `/log` was answered.
 */
export const KPI_REPS_PER_TURN = 50;

/**
 * repKpis for a view that may cover thousands of reps (a whole roster, a director's tree):
 * KPI_REPS_PER_TURN reps at a time, the event loop let go between, so no other request waits
 * for it. Each rep's figures are of one read.
 */
export async function repKpisPaced(
  db: Db,
  repIds: readonly string[],
  periods: KpiPeriods,
  catalogue: readonly CatalogueItem[],
): Promise<RepKpis[]> {
  const reps: RepKpis[] = [];
  for (let i = 0; i < repIds.length; i += KPI_REPS_PER_TURN) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    reps.push(...repKpis(db, repIds.slice(i, i + KPI_REPS_PER_TURN), periods, catalogue));
  }
  return reps;
}

/** A manager's team (every rep on the roster without one given), each rep and the team added up; reps with most calls first. */
export async function teamKpiReport(
  db: Db,
  args: { managerId?: string; periods: KpiPeriods; catalogue: readonly CatalogueItem[] },
): Promise<{ reps: RepKpis[]; team: Kpis }> {
  const ids = rosterReps(db, args.managerId).map((u) => u.id);
  const reps = await repKpisPaced(db, ids, args.periods, args.catalogue);
  const team = teamKpis(reps, args.catalogue);
  return { reps: reps.sort((a, b) => b.chain.call - a.chain.call || a.repId.localeCompare(b.repId)), team };
}

/** Fewer calls than this in a week say too little about a rep's conversion to give it as a reason. */
export const REASON_MIN_CALLS = 50;

/**
 * Why a rep behind the goal is behind, as the numbers show it; each names the figures it comes
 * from, and none is a guess.
 * - `quiet_days`: nothing logged from Monday to `to` (two working days or more), something after.
 * - `no_meetings`: at least REASON_MIN_CALLS calls and no meeting booked, with the team's rate.
 * - `low_conversion`: meetings booked per call under half the team's rate.
 * - `no_demo`: STALL_MIN_DISCOVERIES discovery calls or more and no demo since the first of them,
 *   at least STALL_MIN_DAYS before (a look across weeks: see stalledDiscoveries).
 * - `few_calls`: under half the team's average calls per rep.
 */
export type BehindReason =
  | { kind: 'quiet_days'; to: LocalDay }
  | { kind: 'no_meetings'; calls: number; teamAverageCalls: number; teamRate: number | null }
  | { kind: 'low_conversion'; calls: number; meetings: number; rate: number; teamRate: number }
  | { kind: 'few_calls'; calls: number; teamAverageCalls: number }
  | ({ kind: 'no_demo' } & StalledDiscoveries);

/**
 * The first reason the numbers give for a rep behind the goal in a week, or none. `lastDay`: the
 * last day of the week that counts (today in a week still open, Friday after). `teamSize`: the
 * reps the team's figures add up.
 */
export function behindReason(args: {
  rep: Kpis;
  team: Kpis;
  teamSize: number;
  weekStart: LocalDay;
  lastDay: LocalDay;
  /** The rep's discoveries not followed by a demo, when they have some (stalledDiscoveries). */
  stalled?: StalledDiscoveries;
}): BehindReason | undefined {
  const { rep, team } = args;
  const perDay = [0, 0, 0, 0, 0, 0, 0];
  for (const a of rep.activities) a.days.forEach((n, i) => (perDay[i]! += n));
  const daysGone = Math.min(7, daysBetween(args.weekStart, args.lastDay) + 1);
  const firstLogged = perDay.slice(0, daysGone).findIndex((n) => n > 0);
  if (firstLogged >= 2) return { kind: 'quiet_days', to: addDays(args.weekStart, firstLogged - 1) };
  const calls = rep.chain.call;
  const meetings = rep.chain[OPPORTUNITY_STEP];
  const teamAverageCalls = args.teamSize > 0 ? Math.round(team.chain.call / args.teamSize) : 0;
  const teamRate = rate(team.chain[OPPORTUNITY_STEP], team.chain.call);
  if (calls >= REASON_MIN_CALLS && meetings === 0) return { kind: 'no_meetings', calls, teamAverageCalls, teamRate };
  if (calls >= REASON_MIN_CALLS && teamRate !== null && meetings / calls < teamRate / 2)
    return { kind: 'low_conversion', calls, meetings, rate: meetings / calls, teamRate };
  if (args.stalled) return { kind: 'no_demo', ...args.stalled };
  if (calls < teamAverageCalls / 2) return { kind: 'few_calls', calls, teamAverageCalls };
  return undefined;
}

/** The reasons that come after stalled discoveries: a rep given one (or none) is read for stalled discoveries. */
export const STALL_OUTRANKS: ReadonlySet<BehindReason['kind']> = new Set(['few_calls']);

/** How far back "no demo since" looks, in days up to the digest's last day. */
export const STALL_DAYS = 28;
/** Discovery calls without a demo after them that make a reason. */
export const STALL_MIN_DISCOVERIES = 2;
/** The first of them at least this many days before the last day: a demo a few days after a discovery is no stall. */
export const STALL_MIN_DAYS = 7;

/** Discovery calls since the rep's last demo (or in the whole look-back without one), and the day of the first. */
export interface StalledDiscoveries {
  discoveries: number;
  since: LocalDay;
}

/**
 * Each rep's discoveries with no demo after them, over the STALL_DAYS up to `lastDay`, read from
 * the daily running counts (a look across weeks no weekly figure gives); reps with fewer than
 * STALL_MIN_DISCOVERIES such, or whose first is under STALL_MIN_DAYS old, are left out.
 *
 * Worked out in SQLite, one row per stalled rep: the days' discovery and demo counts are found
 * by the (day, activity) index and never cross into JavaScript. For 10,000 reps over 10 million
 * entries, SQLite found their 37,000 rows in 2 ms; making them into objects took 90.
 */
export function stalledDiscoveries(
  db: Db,
  repIds: readonly string[],
  lastDay: LocalDay,
  catalogue: readonly CatalogueItem[],
): Map<string, StalledDiscoveries> {
  const step = chainSteps(catalogue);
  const keysOf = (s: ChainStep) => JSON.stringify([...step].filter(([, t]) => t === s).map(([key]) => key));
  const read = memo(db, 'stalledDiscoveries', () => {
    type Values = {
      ids?: string;
      from: LocalDay;
      lastDay: LocalDay;
      days: string;
      demos: string;
      discoveries: string;
      least: number;
      latestSince: LocalDay;
    };
    // `rows`: which rows of a table hold the reps' days. A day with nothing left (all undone) is no day.
    const query = (rows: (table: string) => string) => `
      WITH demos AS (
        SELECT user_id, max(day) AS last FROM daily_activity_totals
         WHERE ${rows('daily_activity_totals')} AND activity_key IN (SELECT value FROM json_each(@demos)) AND count > 0
         GROUP BY user_id)
      SELECT d.user_id AS userId, sum(d.count) AS discoveries, min(d.day) AS since
        FROM daily_activity_totals AS d LEFT JOIN demos ON demos.user_id = d.user_id
       WHERE ${rows('d')} AND d.activity_key IN (SELECT value FROM json_each(@discoveries)) AND d.count > 0
         AND d.day > coalesce(demos.last, '')
       GROUP BY d.user_id
      HAVING sum(d.count) >= @least AND min(d.day) <= @latestSince`;
    type Row = { userId: string } & StalledDiscoveries;
    return {
      // Some reps: each one's days, a range of the primary key.
      some: db.$client.prepare<[Values], Row>(
        query((t) => `${t}.user_id IN (SELECT value FROM json_each(@ids)) AND ${t}.day BETWEEN @from AND @lastDay`),
      ),
      // Every rep: each day's discovery and demo rows, a range of the (day, activity) index.
      every: db.$client.prepare<[Values], Row>(query((t) => `${t}.day IN (SELECT value FROM json_each(@days))`)),
    };
  });
  const from = addDays(lastDay, -(STALL_DAYS - 1));
  const values = {
    from,
    lastDay,
    days: JSON.stringify(Array.from({ length: STALL_DAYS }, (_, i) => addDays(from, i))),
    demos: keysOf('demo'),
    discoveries: keysOf('discovery'),
    least: STALL_MIN_DISCOVERIES,
    latestSince: addDays(lastDay, -STALL_MIN_DAYS),
  };
  const rows = rowsOfReps(
    repIds,
    (ids) => read.some.all({ ...values, ids }),
    () => read.every.all(values),
  );
  return new Map(rows.map(({ userId, ...stalled }) => [userId, stalled]));
}
