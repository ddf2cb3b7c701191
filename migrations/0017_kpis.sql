-- The KPIs' running counts: per rep, local day, activity and deal currency ('' for an entry
-- without an amount), kept in the same transaction as the entries, so activity counts per day,
-- week, month and quarter are read from a short range of this key instead of summing entries.
-- WITHOUT ROWID: the row lives in its primary key's b-tree, so the one upsert every logged
-- activity adds writes one b-tree, not a table and its key index.
CREATE TABLE `daily_activity_totals` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`activity_key` text NOT NULL,
	`currency` text DEFAULT '' NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`amount_cents` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`, `activity_key`, `currency`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `daily_activity_totals` (`user_id`, `day`, `activity_key`, `currency`, `count`, `points`, `amount_cents`)
  SELECT `user_id`, `day`, `activity_key`, coalesce(`currency`, ''), sum(`count`), sum(`points`), coalesce(sum(`amount_cents`), 0)
  FROM `entries` WHERE `undone_at` IS NULL
  GROUP BY `user_id`, `day`, `activity_key`, coalesce(`currency`, '');
--> statement-breakpoint
CREATE TRIGGER `daily_activity_totals_exact_insert` BEFORE INSERT ON `daily_activity_totals`
  WHEN NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN -9007199254740991 AND 9007199254740991)
BEGIN
  SELECT RAISE(ABORT, 'daily_activity_totals.amount_cents must be whole cents within 2^53 - 1');
END;
--> statement-breakpoint
CREATE TRIGGER `daily_activity_totals_exact_update` BEFORE UPDATE OF `amount_cents` ON `daily_activity_totals`
  WHEN NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN -9007199254740991 AND 9007199254740991)
BEGIN
  SELECT RAISE(ABORT, 'daily_activity_totals.amount_cents must be whole cents within 2^53 - 1');
END;
