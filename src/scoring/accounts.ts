/**
 * Accounts named on entries and what happens to their deals (migration 0021): the only writer of
 * the accounts, deal_events and quotas tables. Every statement is prepared once per database: a
 * `/log` line that names an account runs two or three of them, one that names none runs none.
 */
import { randomUUID } from 'node:crypto';
import { memo, type Db } from '../db/index.js';
import type { DealEvent } from '../db/schema.js';
import { editDistance } from './parse/index.js';
import type { LocalDay } from './week.js';

/** An account's name as it is compared: lower case, letters and digits only ("Acme Corp." is "acmecorp"). */
export function accountKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The account an entry was filed under, and the existing one it may have been meant for. */
export interface NamedAccount {
  id: number;
  name: string;
  /** Set only when the name was new and an existing account's is within a typo of it: "did you mean Acme Corp?". */
  nearMatch: string | null;
}

const statements = (db: Db) =>
  memo(db, 'accounts', () => ({
    byKey: db.$client.prepare<[string], { id: number; name: string }>('SELECT id, name FROM accounts WHERE norm = ?'),
    insert: db.$client.prepare<[string, string, string, number], { id: number }>(
      'INSERT INTO accounts (name, norm, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    // The accounts nearest a key in alphabetical order, on each side: ranges of accounts_norm_idx.
    before: db.$client.prepare<[string, number], { id: number; name: string; norm: string }>(
      'SELECT id, name, norm FROM accounts WHERE norm < ? ORDER BY norm DESC LIMIT ?',
    ),
    after: db.$client.prepare<[string, number], { id: number; name: string; norm: string }>(
      'SELECT id, name, norm FROM accounts WHERE norm > ? ORDER BY norm LIMIT ?',
    ),
    // The accounts whose key starts with the given two characters, in alphabetical order.
    sameStart: db.$client.prepare<[string, string, number], { id: number; name: string; norm: string }>(
      'SELECT id, name, norm FROM accounts WHERE norm >= ? AND norm < ? ORDER BY norm LIMIT ?',
    ),
    insertEvent: db.$client.prepare<[number, string, string, number | null, string | null, string, string, number]>(
      'INSERT INTO deal_events (account_id, user_id, kind, amount_cents, currency, day, batch_id, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    undoBatch: db.$client.prepare<[number, string, string], DealEventRow>(
      'UPDATE deal_events SET undone_at = ? WHERE user_id = ? AND batch_id = ? AND undone_at IS NULL RETURNING *',
    ),
    batchEvents: db.$client.prepare<[string, string], DealEventRow>('SELECT * FROM deal_events WHERE user_id = ? AND batch_id = ?'),
    lastEvent: db.$client.prepare<[string], { batch_id: string; logged_at: number; id: number }>(
      'SELECT batch_id, logged_at, id FROM deal_events WHERE user_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1',
    ),
    setQuota: db.$client.prepare<[string, number, string, string, number]>(
      `INSERT INTO quotas (user_id, amount_cents, currency, set_by, set_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET amount_cents = excluded.amount_cents, currency = excluded.currency, set_by = excluded.set_by, set_at = excluded.set_at`,
    ),
  }));

type DealEventRow = {
  id: number;
  account_id: number;
  user_id: string;
  kind: DealEvent['kind'];
  amount_cents: number | null;
  currency: string | null;
  day: string;
  batch_id: string;
  logged_at: number;
  undone_at: number | null;
};

const asEvent = (r: DealEventRow): DealEvent => ({
  id: r.id,
  accountId: r.account_id,
  userId: r.user_id,
  kind: r.kind,
  amountCents: r.amount_cents,
  currency: r.currency,
  day: r.day,
  batchId: r.batch_id,
  loggedAt: r.logged_at,
  undoneAt: r.undone_at,
});

/**
 * Accounts a new name is compared with: this many on each side of it in alphabetical order, and
 * as many again of those starting with its first two characters. A typo after the first letters
 * keeps a name among its neighbours, one after the first two among those that start alike; in
 * a book of tens of thousands, a typo in the first two letters, or one far into a crowded
 * start, may go without a hint. A book of up to this many accounts is compared whole.
 * Comparing all of 200,000 held a line, and every request, for 0.2 to 1.7 s.
 */
export const NEAR_MATCH_NEIGHBOURS = 1000;

/** How far apart two account keys may be and still be "did you mean": a typo's reach. */
const reach = (key: string) => (key.length < 5 ? 1 : 2);

/**
 * The account a name stands for, added when new; null for a name with no letter or digit. A
 * new name within a typo of an existing account's comes back with that one as `nearMatch`: the
 * entry is saved under the name typed, and the rep is asked, never blocked.
 */
export function namedAccount(db: Db, name: string, userId: string, now: Date): NamedAccount | null {
  const key = accountKey(name);
  if (key === '') return null;
  const s = statements(db);
  const found = s.byKey.get(key);
  if (found) return { ...found, nearMatch: null };
  const { id } = s.insert.get(name.trim(), key, userId, now.getTime())!;
  // Only for a new name, against its neighbours: the work is bounded however many accounts there are.
  let nearMatch: { name: string; distance: number } | null = null;
  const start = Array.from(key).slice(0, 2).join('');
  const candidates = new Map(
    [
      ...s.before.all(key, NEAR_MATCH_NEIGHBOURS),
      ...s.after.all(key, NEAR_MATCH_NEIGHBOURS),
      ...s.sameStart.all(start, `${start}\u{10FFFF}`, NEAR_MATCH_NEIGHBOURS),
    ].map((a) => [a.id, a]),
  );
  // Oldest first, so of two as near the older account is named.
  const neighbours = [...candidates.values()].filter((a) => a.id !== id).sort((a, b) => a.id - b.id);
  for (const other of neighbours) {
    if (Math.abs(other.norm.length - key.length) > reach(key)) continue;
    const distance = editDistance(other.norm, key);
    if (distance <= reach(key) && (nearMatch === null || distance < nearMatch.distance)) nearMatch = { name: other.name, distance };
  }
  return { id, name: name.trim(), nearMatch: nearMatch?.name ?? null };
}

/** A `/log pipeline` or `/log closed lost` line. */
export interface DealEventRequest {
  userId: string;
  event: DealEvent['kind'];
  account: string;
  amountCents: number | null;
  currency: string | null;
  day: LocalDay;
  now: Date;
}

/** Records a pipeline amount or a lost deal for an account (added when new); null when the name has no letter or digit. */
export function recordDealEvent(db: Db, req: DealEventRequest): { event: DealEvent; account: NamedAccount } | null {
  const write = () => {
    const account = namedAccount(db, req.account, req.userId, req.now);
    if (!account) return null;
    const batchId = `${req.now.getTime().toString(36).padStart(9, '0')}-${randomUUID().slice(0, 18)}`;
    const amount = req.event === 'pipeline' ? req.amountCents : null;
    const currency = amount === null ? null : req.currency;
    const { lastInsertRowid } = statements(db).insertEvent.run(
      account.id,
      req.userId,
      req.event,
      amount,
      currency,
      req.day,
      batchId,
      req.now.getTime(),
    );
    const event: DealEvent = {
      id: Number(lastInsertRowid),
      accountId: account.id,
      userId: req.userId,
      kind: req.event,
      amountCents: amount,
      currency,
      day: req.day,
      batchId,
      loggedAt: req.now.getTime(),
      undoneAt: null,
    };
    return { event, account };
  };
  return db.$client.inTransaction ? write() : db.$client.transaction(write)();
}

/** Takes back a rep's deal events of one batch (an Undo button's); `alreadyUndone` those undone before. */
export function undoDealBatch(db: Db, userId: string, batchId: string, now: Date): { undone: DealEvent[]; alreadyUndone: DealEvent[] } {
  const s = statements(db);
  const undone = s.undoBatch.all(now.getTime(), userId, batchId).map(asEvent);
  const alreadyUndone = undone.length > 0 ? [] : s.batchEvents.all(userId, batchId).map(asEvent);
  return { undone, alreadyUndone };
}

/** The batch of the rep's latest deal event still standing, with when it was logged. */
export function lastDealBatch(db: Db, userId: string): { batchId: string; loggedAt: number } | undefined {
  const row = statements(db).lastEvent.get(userId);
  return row ? { batchId: row.batch_id, loggedAt: row.logged_at } : undefined;
}

/** Sets a rep's monthly quota (one currency), replacing any earlier one. */
export function setQuota(db: Db, args: { userId: string; cents: number; currency: string; setBy: string; now: Date }): void {
  statements(db).setQuota.run(args.userId, args.cents, args.currency, args.setBy, args.now.getTime());
}

/** The names of accounts by id, for the views. */
export function accountNames(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db.$client.prepare(`SELECT id, name FROM accounts WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as Array<{
    id: number;
    name: string;
  }>;
  return new Map(rows.map((r) => [r.id, r.name]));
}
