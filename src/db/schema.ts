import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The highest cap `MAX_DEAL_AMOUNT` may be set to, in major units. The database refuses an
 * entry amount above it in cents (migration 0007_amounts_exact). Even at this cap, 90,000
 * deals in one rep's week sum below 2^53, the last integer a JavaScript number holds exactly.
 */
export const AMOUNT_CEILING = 1_000_000_000;

/**
 * The register of activity keys entries refer to, with what belongs to the activity itself
 * (its kind, whether it takes a deal amount). What a role's reps log it as and earn for it is
 * in roleActivities; this table's label, points and aliases are those it was first added with.
 */
export const activities = sqliteTable('activities', {
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  /** The short phrase reps are shown in help and suggestions ("demo self-led"). */
  shorthand: text('shorthand').notNull(),
  points: integer('points').notNull(),
  /** JSON array of extra phrases the parser accepts for this activity. */
  aliases: text('aliases').notNull().default('[]'),
  /** The activity's kind as first seeded; the team summary groups by summaryGroup instead, which an organisation may extend. */
  category: text('category', {
    enum: ['call', 'email', 'conversation', 'connection', 'meeting', 'discovery', 'demo', 'closed_won', 'other'],
  }).notNull(),
  /** Whether an entry may carry a deal amount (closed-won). */
  takesAmount: integer('takes_amount', { mode: 'boolean' }).notNull().default(false),
  sortOrder: integer('sort_order').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /**
   * How a count of this activity reads ("1 self-led demo", "30 self-led demos"): data, so an
   * activity an organisation adds reads as well as the seeded ones. Without both, a count reads
   * "3 × label".
   */
  noun: text('noun'),
  nounPlural: text('noun_plural'),
  /**
   * The team summary line this activity counts towards (demos of every kind add up to "12
   * demos"). Without one, the activity gets a summary line of its own, shown when it was done.
   */
  summaryGroup: text('summary_group').references(() => summaryGroups.key),
});

/**
 * The lines of a team's weekly summary ("220 calls, 0 emails, …, 12 demos"), which activities
 * count towards through their summary group. Read with the catalogue (catalogue.ts owns both).
 */
export const summaryGroups = sqliteTable('summary_groups', {
  key: text('key').primaryKey(),
  noun: text('noun').notNull(),
  nounPlural: text('noun_plural').notNull(),
  sortOrder: integer('sort_order').notNull(),
  /** Shown even at zero, so a manager sees the gap; the others only when the team did any. */
  alwaysShown: integer('always_shown', { mode: 'boolean' }).notNull().default(false),
});

/**
 * Each role's catalogue, effective-dated (migration 0015): a row is an activity's whole state in
 * a role's catalogue from the Monday `weekStart` on, until a later row of the same role and
 * activity. Rows are only added, the latest of a week winning, so every change stays on record
 * with who made it and when. Read whole into memory (catalogue.ts, its only writer).
 */
export const roleActivities = sqliteTable(
  'role_activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The role's name as text ("AE", "SDR", or one an admin adds). */
    role: text('role').notNull(),
    weekStart: text('week_start').notNull(),
    activityKey: text('activity_key')
      .notNull()
      .references(() => activities.key),
    label: text('label').notNull(),
    shorthand: text('shorthand').notNull(),
    points: integer('points').notNull(),
    /** JSON array of extra phrases the parser accepts for this activity in this role. */
    aliases: text('aliases').notNull().default('[]'),
    noun: text('noun'),
    nounPlural: text('noun_plural'),
    summaryGroup: text('summary_group').references(() => summaryGroups.key),
    /**
     * Something a rep of the role does by themselves (a call, a meeting they book): the only
     * activities a pace plan suggests; an outcome (a closed deal, a led demo) is not. Migration
     * 0015 moved it here from activities.plannable, so it is the one place it is kept.
     */
    controllable: integer('controllable', { mode: 'boolean' }).notNull().default(true),
    sortOrder: integer('sort_order').notNull(),
    /** False from the week the activity was retired. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** The previewed change this row applies, so a second click on Apply adds nothing. */
    changeId: text('change_id'),
    changedBy: text('changed_by').notNull(),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [
    uniqueIndex('role_activities_change_idx')
      .on(t.changeId)
      .where(sql`change_id is not null`),
  ],
);

export type RoleActivity = typeof roleActivities.$inferSelect;

/** Programme settings that judge no week (the digest schedule, reps' notes), as text values. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * The settings that judge a week (the weekly goal, the onboarding window), each value in force
 * from the Monday `weekStart` until a later row of the same key: a change applies from a week
 * on and every past week keeps what it was judged by. Settings from before this table are
 * dated 0001-01-01, the beginning of time. Keys may be qualified later (a role's own goal, a
 * catalogue version) without a new table. scoring/programme.ts is its only writer.
 */
export const settingsByWeek = sqliteTable(
  'settings_by_week',
  {
    weekStart: text('week_start').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    /** Who made the change (a Slack user id), when it was made through the bot. */
    changedBy: text('changed_by'),
    /** When the change was made, epoch ms. */
    changedAt: integer('changed_at'),
  },
  (t) => [primaryKey({ columns: [t.key, t.weekStart] })],
);

/** The roles reps have: AE, SDR and AM to start with, and those an admin adds. Each has its own goals. */
export const roles = sqliteTable('roles', {
  name: text('name').primaryKey(),
  createdBy: text('created_by'),
  createdAt: integer('created_at').notNull(),
});

/** Everyone the bot has seen: their Slack time zone, and for reps their place on the roster. */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    tz: text('tz'),
    /** When the Slack profile (tz, admin flags) was last read from users.info; refreshed after a day. */
    tzCheckedAt: integer('tz_checked_at'),
    createdAt: integer('created_at').notNull(),
    /** Workspace admin or owner, as users.info last said. */
    slackAdmin: integer('slack_admin', { mode: 'boolean' }).notNull().default(false),
    /** Made a bot admin with `/points-admin admins add`. */
    grantedAdmin: integer('granted_admin', { mode: 'boolean' }).notNull().default(false),
    /** Deactivated in Slack, as users.info last said. */
    deactivated: integer('deactivated', { mode: 'boolean' }).notNull().default(false),
    /** On the roster: counted in team views and digests. Removing a rep clears it and keeps history. */
    onRoster: integer('on_roster', { mode: 'boolean' }).notNull().default(false),
    managerId: text('manager_id'),
    /** One of the roles table's names (open: admins add roles); its goals judge the rep. */
    role: text('role').notNull().default('AE'),
    /** First day of the rep's onboarding, YYYY-MM-DD; the week containing it is onboarding week 1. */
    startDate: text('start_date'),
    /**
     * When the rep joined their current team (epoch ms): a digest covers only the reps on the
     * team at its due time. Null for reps on a team since before it was kept.
     */
    teamSince: integer('team_since'),
    /** The rep's region (US, UK, …): which regional holidays apply to them (migration 0016); null: only holidays for everyone. */
    region: text('region'),
    /** A director's opt-in to the Friday roll-up digest of every team below them (migration 0020). */
    rollupDigest: integer('rollup_digest', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('users_manager_idx').on(t.managerId)],
);

/**
 * Each Friday message the bot owes: one row per kind, recipient and week, so that a restart, a
 * second process or a second `--send` never sends it twice.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /**
     * 'final': the follow-up after a week closes, with what changed since its digest; 'rollup': a
     * director's roll-up of the teams below them (a text column: no migration needed for a kind).
     */
    kind: text('kind', { enum: ['digest', 'rep_note', 'final', 'rollup'] }).notNull(),
    recipientId: text('recipient_id').notNull(),
    weekStart: text('week_start').notNull(),
    status: text('status', { enum: ['sending', 'pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** A 'sending' claim older than this (epoch ms) belonged to a process that died mid-send. */
    leaseUntil: integer('lease_until'),
    /** When a 'pending' (retrying) delivery may be tried again, epoch ms. */
    nextAttemptAt: integer('next_attempt_at'),
    /** Messages of a multi-part digest already delivered, so a retry resumes instead of repeating. */
    partsSent: integer('parts_sent').notNull().default(0),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
    /** How many reps a sent delivery covered (a final follow-up: how many changed), for `digest status`. */
    reps: integer('reps'),
    /** When a sent digest's figures were read, epoch ms: what it says "as of", and what counts as late after it. */
    asOf: integer('as_of'),
  },
  (t) => [uniqueIndex('deliveries_once_idx').on(t.kind, t.recipientId, t.weekStart)],
);

/** What a sent digest showed for each rep: the final follow-up compares the closed week with it. */
export const digestSnapshots = sqliteTable(
  'digest_snapshots',
  {
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    repId: text('rep_id').notNull(),
    points: integer('points').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.repId] }), index('digest_snapshots_rep_idx').on(t.repId)],
);

/**
 * The accounts named on entries (migration 0021): the workspace's, not a rep's. `norm` (the name
 * lower-cased, letters and digits only) is unique, so "Acme Corp." and "acme corp" are one.
 * scoring/accounts.ts is its only writer.
 */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** As first typed. */
    name: text('name').notNull(),
    norm: text('norm').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('accounts_norm_idx').on(t.norm)],
);

export type Account = typeof accounts.$inferSelect;

/** One logged activity. Never deleted: an undo sets `undoneAt`, so history stays auditable. */
export const entries = sqliteTable(
  'entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    activityKey: text('activity_key')
      .notNull()
      .references(() => activities.key),
    count: integer('count').notNull(),
    /** Points per unit when logged; catalogue changes never rewrite history. */
    unitPoints: integer('unit_points').notNull(),
    /** count x unitPoints, frozen at logging time. */
    points: integer('points').notNull(),
    /**
     * Closed-won deal amount in whole cents, when given. Triggers (migration 0007) refuse
     * anything but an integer from 0 to AMOUNT_CEILING in cents: a JavaScript number too big
     * for a 64-bit integer would otherwise be stored as a REAL.
     */
    amountCents: integer('amount_cents'),
    /** ISO code of the amount's currency (migration 0010); null without an amount. */
    currency: text('currency'),
    note: text('note'),
    /** The rep's local calendar day of the activity, YYYY-MM-DD. */
    day: text('day').notNull(),
    /** Monday (YYYY-MM-DD) of the week `day` falls in: the key of the running totals. */
    weekStart: text('week_start').notNull(),
    /** Entries logged by one command or form share a batch, so one Undo can take them all back. */
    batchId: text('batch_id').notNull(),
    source: text('source', { enum: ['command', 'modal', 'import'] }).notNull(),
    /** Idempotency key from Slack (a modal's view id), so a repeated submission records once. */
    clientKey: text('client_key'),
    loggedAt: integer('logged_at').notNull(),
    undoneAt: integer('undone_at'),
    /** The account the entry names (migration 0021), when the rep named one: its history is made of these. */
    accountId: integer('account_id').references(() => accounts.id),
  },
  (t) => [
    // By week first, not by rep: a new entry's week is the latest, so its index entry lands among
    // the index's last pages, where a (user, week) index put every write on a page of its own (half
    // the CPU of writing an entry). The rep second (migration 0023): the digest's flags and undo
    // read some reps' week without reading everyone's. The admin's erase and the per-rep export,
    // both rare, read the whole table.
    index('entries_week_user_idx').on(t.weekStart, t.userId),
    index('entries_batch_idx').on(t.batchId),
    // Partial, so an entry without an account writes nothing to them (migration 0022): an
    // account's entries by day, its closed-won ones by day, and a rep's entries naming one by day.
    index('entries_account_day_idx')
      .on(t.accountId, t.day)
      .where(sql`account_id is not null`),
    index('entries_account_won_idx')
      .on(t.accountId, t.day)
      .where(sql`account_id is not null and activity_key = 'closed_won'`),
    index('entries_user_account_day_idx')
      .on(t.userId, t.day)
      .where(sql`account_id is not null`),
    uniqueIndex('entries_client_key_idx')
      .on(t.userId, t.clientKey, t.activityKey)
      .where(sql`client_key is not null`),
  ],
);

/**
 * The running weekly totals: count, points and amount per rep, week and activity, kept in the
 * same transaction as the entries. A week's total is the sum of its rows (a dozen at most, on
 * one page), so a logged activity updates one row here instead of two tables.
 */
export const weeklyActivityTotals = sqliteTable(
  'weekly_activity_totals',
  {
    userId: text('user_id').notNull(),
    weekStart: text('week_start').notNull(),
    activityKey: text('activity_key').notNull(),
    count: integer('count').notNull().default(0),
    points: integer('points').notNull().default(0),
    /** The week's deal amounts in cents; triggers (migration 0007) keep it an integer JavaScript reads exactly. */
    amountCents: integer('amount_cents').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.weekStart, t.activityKey] }),
    // By week, then rep, holding every column (migration 0024): a roster's week is read from this
    // index alone, its rows side by side, not one page of the table per rep.
    index('weekly_activity_totals_week_idx').on(t.weekStart, t.userId, t.activityKey, t.count, t.points, t.amountCents),
  ],
);

/**
 * The running deal amounts per rep, week, activity and currency (migration 0010): amounts in
 * different currencies are never added together. Kept in the same transaction as the entries;
 * weekly_activity_totals.amount_cents, which adds every currency up, only says whether a week holds
 * any amount (the digest reads these rows for those reps alone).
 */
export const weeklyAmountTotals = sqliteTable(
  'weekly_amount_totals',
  {
    userId: text('user_id').notNull(),
    weekStart: text('week_start').notNull(),
    activityKey: text('activity_key').notNull(),
    currency: text('currency').notNull(),
    /** Triggers (migration 0010) keep it an integer JavaScript reads exactly. */
    amountCents: integer('amount_cents').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.weekStart, t.activityKey, t.currency] })],
);

/**
 * The running counts the KPIs read (migration 0017): count, points and deal amount per rep, local
 * day, activity and currency ('' for an entry without an amount), kept in the same transaction as
 * the entries by the ledger's one upsert per entry. Counts per day, week, month or quarter are a
 * short range of the key, however long the history. Admins' adjustments are not here: they have
 * no day and are no activity. A WITHOUT ROWID table (see the migration): drizzle cannot say so.
 */
export const dailyActivityTotals = sqliteTable(
  'daily_activity_totals',
  {
    userId: text('user_id').notNull(),
    /** The rep's local calendar day, as on the entries. */
    day: text('day').notNull(),
    activityKey: text('activity_key').notNull(),
    /** The deal amounts' currency; '' for entries without an amount (a key column cannot usefully be NULL). */
    currency: text('currency').notNull().default(''),
    count: integer('count').notNull().default(0),
    points: integer('points').notNull().default(0),
    /** Triggers (migration 0017) keep it an integer JavaScript reads exactly. */
    amountCents: integer('amount_cents').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.day, t.activityKey, t.currency] }),
    // By day, then rep, holding every column the digest reads (migration 0025): a whole roster's
    // days are one range of it. New rows land among today's pages, whatever the history.
    index('daily_activity_totals_day_idx').on(t.day, t.activityKey, t.userId, t.currency, t.count, t.amountCents),
  ],
);

export type Activity = typeof activities.$inferSelect;
export type Entry = typeof entries.$inferSelect;
export type User = typeof users.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;

/**
 * Events API deliveries already handled. Slack retries a delivery it thinks was missed (with
 * X-Slack-Retry-Num) and Bolt does not deduplicate, so each event id is recorded once.
 */
export const processedEvents = sqliteTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  receivedAt: integer('received_at').notNull(),
});

/**
 * Admins' corrections of a rep's week, kept for the audit (migration 0012). An 'adjust' row's
 * points count in the week: they are added to weekly_activity_totals under ADJUSTMENT_KEY with
 * a count of 0, so every total read there includes them. A 'take_back' row records who undid
 * which entry and why; the entry's own undo takes its points back.
 */
export const adjustments = sqliteTable(
  'adjustments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    /** Monday (YYYY-MM-DD) of the rep's week the correction is for. */
    weekStart: text('week_start').notNull(),
    kind: text('kind', { enum: ['adjust', 'take_back'] }).notNull(),
    /** The change in points: added to the week for 'adjust'; the entry's points, negated, for 'take_back'. */
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    adminId: text('admin_id').notNull(),
    entryId: integer('entry_id').references(() => entries.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('adjustments_user_week_idx').on(t.userId, t.weekStart)],
);

export type Adjustment = typeof adjustments.$inferSelect;

/** The activity key under which adjustments count in weekly_activity_totals; never a catalogue key. */
export const ADJUSTMENT_KEY = 'adjustment';

/**
 * The working days (Monday to Friday) a rep is away, one row per day (migration 0016): the week's
 * goal is prorated by the days present. Taking a day back deletes its row. scoring/absence.ts is
 * its only writer.
 */
export const awayDays = sqliteTable(
  'away_days',
  {
    userId: text('user_id').notNull(),
    day: text('day').notNull(),
    /** Who marked it: the rep, their manager or an admin. */
    setBy: text('set_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index('away_days_day_idx').on(t.day)],
);

/** Public holidays (migration 0016): for everyone when `region` is '', else for the reps of that region. */
export const holidays = sqliteTable(
  'holidays',
  {
    day: text('day').notNull(),
    /** '' for everyone (a primary key column cannot usefully be NULL), else a region such as US. */
    region: text('region').notNull().default(''),
    name: text('name').notNull(),
    setBy: text('set_by').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.region] })],
);

export type Holiday = typeof holidays.$inferSelect;

/**
 * What happens to an account's deal that is no activity and earns nothing (migration 0021): an
 * open opportunity's amount ('pipeline', the latest one counts) and a deal lost ('lost'). Never
 * deleted: an undo sets `undoneAt`. scoring/accounts.ts is its only writer.
 */
export const dealEvents = sqliteTable(
  'deal_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['pipeline', 'lost'] }).notNull(),
    amountCents: integer('amount_cents'),
    currency: text('currency'),
    day: text('day').notNull(),
    /** As on entries: the confirmation's Undo names it. */
    batchId: text('batch_id').notNull(),
    loggedAt: integer('logged_at').notNull(),
    undoneAt: integer('undone_at'),
  },
  (t) => [
    index('deal_events_account_idx').on(t.accountId),
    index('deal_events_user_idx').on(t.userId),
    index('deal_events_batch_idx').on(t.batchId),
  ],
);

export type DealEvent = typeof dealEvents.$inferSelect;

/** Each rep's monthly quota in one currency (migration 0021): pipeline coverage is open pipeline in it over the quota. */
export const quotas = sqliteTable('quotas', {
  userId: text('user_id').primaryKey(),
  amountCents: integer('amount_cents').notNull(),
  currency: text('currency').notNull(),
  setBy: text('set_by').notNull(),
  setAt: integer('set_at').notNull(),
});
