/**
 * The deal KPIs, from the accounts named on entries and the deal events (migration 0021): deals
 * closed (won or lost) in a period, time and touches to close, and open pipeline against the
 * rep's monthly quota. Read per rep from the accounts whose deal they closed in the period or
 * hold pipeline on, each with its own history: never from all entries, nor from every account
 * the rep ever touched.
 */
import { memo, type Db } from '../db/index.js';
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

/** A moment in an account's history: things that happened are ordered by day, then as logged. */
type Moment = { day: LocalDay; loggedAt: number };

/** Orders the things that happened to an account: by day, then as logged. */
const before = (a: Moment, b: Moment) => a.day < b.day || (a.day === b.day && a.loggedAt < b.loggedAt);

/**
 * Every read is bounded by the period or by one deal's own history, never by all the entries or
 * all an account's: the indexes are those of migration 0022 (a rep's entries naming an account by
 * day, an account's entries by day, an account's closed-won entries by day).
 */
const statements = (db: Db) =>
  memo(db, 'deal-kpis', () => {
    const c = db.$client;
    // The close of an account's deal (won or lost, anyone's) last before a moment: a range of
    // the account's closes by day (the day bound is what lets the index stop), the moment's own
    // day then decided by when each was logged.
    const closeBefore = c.prepare<[number, LocalDay, LocalDay, number, number, LocalDay, LocalDay, number], Moment>(
      `SELECT day, loggedAt FROM (
         SELECT day, logged_at AS loggedAt FROM entries
          WHERE account_id = ? AND activity_key = '${WON_KEY}' AND undone_at IS NULL AND day <= ? AND (day < ? OR logged_at < ?)
         UNION ALL
         SELECT day, logged_at AS loggedAt FROM deal_events
          WHERE account_id = ? AND kind = 'lost' AND undone_at IS NULL AND day <= ? AND (day < ? OR logged_at < ?))
       ORDER BY day DESC, loggedAt DESC LIMIT 1`,
    );
    return {
      named: c
        .prepare<[string, string], number>(
          `SELECT EXISTS (SELECT 1 FROM entries WHERE user_id = ? AND account_id IS NOT NULL AND undone_at IS NULL)
               OR EXISTS (SELECT 1 FROM deal_events WHERE user_id = ? AND undone_at IS NULL)`,
        )
        .pluck(),
      won: c.prepare<[string, LocalDay, LocalDay], { id: number; accountId: number; day: LocalDay; loggedAt: number }>(
        `SELECT id, account_id AS accountId, day, logged_at AS loggedAt FROM entries
          WHERE user_id = ? AND account_id IS NOT NULL AND day BETWEEN ? AND ? AND activity_key = '${WON_KEY}' AND undone_at IS NULL`,
      ),
      lost: c
        .prepare<[string, LocalDay, LocalDay], number>(
          `SELECT count(*) FROM deal_events WHERE user_id = ? AND kind = 'lost' AND day BETWEEN ? AND ? AND undone_at IS NULL`,
        )
        .pluck(),
      // Parameters: account, day, day, logged_at (the moment), twice (entries, then deal events).
      closeBefore,
      touches: c.prepare<[number, LocalDay, LocalDay], { id: number; day: LocalDay; loggedAt: number }>(
        'SELECT id, day, logged_at AS loggedAt FROM entries WHERE account_id = ? AND day BETWEEN ? AND ? AND undone_at IS NULL',
      ),
      // The rep's latest pipeline amount per account, unless the account's deal closed (won or
      // lost, anyone's) at or after it: one statement, each account's closes found by a seek.
      pipeline: c.prepare<[string], { cents: number; currency: string }>(
        `SELECT cents, currency FROM (
           SELECT account_id AS accountId, amount_cents AS cents, currency, day, logged_at AS loggedAt,
                  row_number() OVER (PARTITION BY account_id ORDER BY day DESC, logged_at DESC, id DESC) AS latest
             FROM deal_events WHERE user_id = ? AND kind = 'pipeline' AND undone_at IS NULL) AS p
         WHERE latest = 1 AND cents IS NOT NULL AND currency IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM entries AS e WHERE e.account_id = p.accountId AND e.activity_key = '${WON_KEY}'
                 AND e.undone_at IS NULL AND e.day >= p.day AND (e.day > p.day OR e.logged_at >= p.loggedAt))
           AND NOT EXISTS (SELECT 1 FROM deal_events AS d WHERE d.account_id = p.accountId AND d.kind = 'lost'
                 AND d.undone_at IS NULL AND d.day >= p.day AND (d.day > p.day OR d.logged_at >= p.loggedAt))`,
      ),
      quota: c.prepare<[string], CurrencyAmount>('SELECT amount_cents AS cents, currency FROM quotas WHERE user_id = ?'),
      name: c.prepare<[number], string>('SELECT name FROM accounts WHERE id = ?').pluck(),
    };
  });

/** The moment's parameters for closeBefore. */
const around = (accountId: number, m: Moment) => [accountId, m.day, m.day, m.loggedAt, accountId, m.day, m.day, m.loggedAt] as const;

/**
 * A rep's deal KPIs over `from`..`to` (pipeline is as of now, whatever the period). A deal's
 * history is the account's entries, anyone's, since its last close (won or lost) before it.
 */
export function dealKpis(db: Db, repId: string, from: LocalDay, to: LocalDay): DealKpis {
  const s = statements(db);
  const quota = s.quota.get(repId) ?? null;
  if (!s.named.get(repId, repId)) return { named: false, won: [], lost: 0, pipeline: [], quota };
  const won = s.won.all(repId, from, to).map((close): ClosedDeal => {
    const since = s.closeBefore.get(...around(close.accountId, close));
    const cycle = s.touches
      .all(close.accountId, since?.day ?? '0000-00-00', close.day)
      .filter((t) => (!since || before(since, t)) && before(t, close) && t.id !== close.id);
    const first = cycle.reduce<Moment | undefined>((a, t) => (a && !before(t, a) ? a : t), undefined);
    return {
      account: s.name.get(close.accountId) ?? '',
      days: daysBetween(first?.day ?? close.day, close.day),
      touches: cycle.length,
    };
  });
  const pipeline = new Map<string, number>();
  for (const e of s.pipeline.all(repId)) pipeline.set(e.currency, (pipeline.get(e.currency) ?? 0) + e.cents);
  return {
    named: true,
    won: won.sort((a, b) => a.account.localeCompare(b.account)),
    lost: s.lost.get(repId, from, to) ?? 0,
    pipeline: sortAmounts([...pipeline].map(([currency, cents]) => ({ currency, cents }))),
    quota,
  };
}
