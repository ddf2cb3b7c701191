-- Deal amounts carry their currency, and amounts in different currencies are never added up.
--
-- 1. Each entry with an amount gets the currency it is in. Amounts logged until now were written
--    without one; they are taken to be in the organisation's currency, US dollars unless a
--    `currency` setting says otherwise.
-- 2. The running deal amounts per rep, week, activity and currency, kept with the entries (the
--    amount column of weekly_activity_totals adds every currency together and is no longer
--    read), filled from the entries that are not undone.
ALTER TABLE `entries` ADD `currency` text;
--> statement-breakpoint
UPDATE `entries` SET `currency` = coalesce((SELECT `value` FROM `settings` WHERE `key` = 'currency'), 'USD')
  WHERE `amount_cents` IS NOT NULL;
--> statement-breakpoint
CREATE TABLE `weekly_amount_totals` (
	`user_id` text NOT NULL,
	`week_start` text NOT NULL,
	`activity_key` text NOT NULL,
	`currency` text NOT NULL,
	`amount_cents` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `week_start`, `activity_key`, `currency`)
);
--> statement-breakpoint
INSERT INTO `weekly_amount_totals` (`user_id`, `week_start`, `activity_key`, `currency`, `amount_cents`)
  SELECT `user_id`, `week_start`, `activity_key`, `currency`, sum(`amount_cents`) FROM `entries`
  WHERE `amount_cents` IS NOT NULL AND `undone_at` IS NULL
  GROUP BY `user_id`, `week_start`, `activity_key`, `currency`;
--> statement-breakpoint
CREATE TRIGGER `weekly_amount_totals_exact_insert` BEFORE INSERT ON `weekly_amount_totals`
  WHEN NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN -9007199254740991 AND 9007199254740991)
BEGIN
  SELECT RAISE(ABORT, 'weekly_amount_totals.amount_cents must be whole cents within 2^53 - 1');
END;
--> statement-breakpoint
CREATE TRIGGER `weekly_amount_totals_exact_update` BEFORE UPDATE OF `amount_cents` ON `weekly_amount_totals`
  WHEN NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN -9007199254740991 AND 9007199254740991)
BEGIN
  SELECT RAISE(ABORT, 'weekly_amount_totals.amount_cents must be whole cents within 2^53 - 1');
END;
