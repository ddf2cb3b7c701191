/**
 * The deal KPIs, from the accounts named on entries and the deal events (migration 0021): deals
 * closed (won or lost) in a period, time and touches to close, and open pipeline against the
 * rep's monthly quota. Read per rep from the accounts they touched, never from all entries.
 */
import type { Db } from '../db/index.js';
import { sortAmounts, type CurrencyAmount } from './ledger.js';
import { daysBetween, type LocalDay } from './week.js';

/** A deal won for a named account: how long and how many touches it took. */
export interface ClosedDeal {
  account: string;
  /** Days from the account's first touch (since its last close) to the closed-won entry. */
  days: number;
  /** Entries naming the account before the closed-won one (since its last close), anyone's. */
  touches: number;
}

/** One rep's deal KPIs; `named` is false for a rep who has never named an account. */
export interface DealKpis {
  named: boolean;
  won: ClosedDeal[];
  lost: number;
  /** Open pipeline now, per currency, largest first. */
  pipeline: CurrencyAmount[];
  /** The rep's monthly quota, when one is set. */
  quota: CurrencyAmount | null;
}

/** The activity key of a closed-won deal: what closes an account's deal with a win. */
const WON_KEY = 'closed_won';

type Touch = { id: number; accountId: number; userId: string; activityKey: string; day: LocalDay; loggedAt: number };
type Event = {
  accountId: number;
  userId: string;
  kind: 'pipeline' | 'lost';
  cents: number | null;
  currency: string | null;
  day: LocalDay;
  loggedAt: number;
};

/** Orders the things that happened to an account: by day, then as logged. */
const before = (a: { day: LocalDay; loggedAt: number }, b: { day: LocalDay; loggedAt: number }) =>
  a.day < b.day || (a.day === b.day && a.loggedAt < b.loggedAt);

/** A rep's deal KPIs over `from`..`to` (pipeline is as of now, whatever the period). */
export function dealKpis(db: Db, repId: string, from: LocalDay, to: LocalDay): DealKpis {
  const c = db.$client;
  const accountIds = c
    .prepare(
      `SELECT DISTINCT account_id FROM entries WHERE account_id IS NOT NULL AND user_id = ? AND undone_at IS NULL
       UNION SELECT DISTINCT account_id FROM deal_events WHERE user_id = ? AND undone_at IS NULL`,
    )
    .pluck()
    .all(repId, repId) as number[];
  const quotaRow = c.prepare('SELECT amount_cents AS cents, currency FROM quotas WHERE user_id = ?').get(repId) as
    CurrencyAmount | undefined;
  const quota = quotaRow ?? null;
  if (accountIds.length === 0) return { named: false, won: [], lost: 0, pipeline: [], quota };
  const marks = accountIds.map(() => '?').join(',');
  const touches = c
    .prepare(
      `SELECT id, account_id AS accountId, user_id AS userId, activity_key AS activityKey, day, logged_at AS loggedAt
       FROM entries WHERE account_id IN (${marks}) AND undone_at IS NULL ORDER BY day, logged_at, id`,
    )
    .all(...accountIds) as Touch[];
  const events = c
    .prepare(
      `SELECT account_id AS accountId, user_id AS userId, kind, amount_cents AS cents, currency, day, logged_at AS loggedAt
       FROM deal_events WHERE account_id IN (${marks}) AND undone_at IS NULL ORDER BY day, logged_at, id`,
    )
    .all(...accountIds) as Event[];
  const names = new Map(
    (c.prepare(`SELECT id, name FROM accounts WHERE id IN (${marks})`).all(...accountIds) as Array<{ id: number; name: string }>).map(
      (r) => [r.id, r.name],
    ),
  );
  const won: ClosedDeal[] = [];
  let lost = 0;
  const pipeline = new Map<string, number>();
  for (const accountId of accountIds) {
    const mine = touches.filter((t) => t.accountId === accountId);
    const ends = events.filter((e) => e.accountId === accountId);
    // Every close of the account, anyone's, in order: each starts the next deal's history.
    const closes = [...mine.filter((t) => t.activityKey === WON_KEY), ...ends.filter((e) => e.kind === 'lost')].sort((a, b) =>
      before(a, b) ? -1 : before(b, a) ? 1 : 0,
    );
    let since: { day: LocalDay; loggedAt: number } | undefined;
    for (const close of closes) {
      const inPeriod = close.userId === repId && close.day >= from && close.day <= to;
      if (inPeriod && 'activityKey' in close) {
        const cycle = mine.filter((t) => (!since || before(since, t)) && before(t, close) && t.id !== close.id);
        won.push({
          account: names.get(accountId) ?? '',
          days: daysBetween(cycle[0]?.day ?? close.day, close.day),
          touches: cycle.length,
        });
      } else if (inPeriod) lost += 1;
      since = close;
    }
    // The rep's latest pipeline amount for the account, unless a close came after it.
    const latest = ends.filter((e) => e.kind === 'pipeline' && e.userId === repId).at(-1);
    if (latest && latest.cents !== null && latest.currency !== null && !closes.some((x) => !before(x, latest))) {
      pipeline.set(latest.currency, (pipeline.get(latest.currency) ?? 0) + latest.cents);
    }
  }
  return {
    named: true,
    won: won.sort((a, b) => a.account.localeCompare(b.account)),
    lost,
    pipeline: sortAmounts([...pipeline].map(([currency, cents]) => ({ currency, cents }))),
    quota,
  };
}
