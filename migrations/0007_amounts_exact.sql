-- Deal amounts are whole cents, never floating point. Until now the form took any amount, and
-- one too large for a 64-bit integer (99999999999999999999999, 1e25 cents) was stored as a
-- REAL: the week's total went REAL with it and lost its other deals' digits.
--
-- 1. An entry amount outside 0 to 100,000,000,000 cents (1,000,000,000, the most
--    MAX_DEAL_AMOUNT can be set to) or not an integer is repaired: a REAL within that range is
--    rounded to the cent; anything else cannot be a real deal and becomes NULL, so the deal and
--    its points stay, without an amount. Valid amounts are left alone, also those above the
--    cap now configured.
-- 2. The running amount of each rep's week and activity holding such an entry, and any running
--    amount that is not an integer, is recounted from the entries that are not undone.
-- 3. From now on triggers refuse an entry amount outside that range or not an integer, and a
--    running amount that is not an integer JavaScript reads exactly (at most 2^53 - 1 either
--    way). Triggers, not CHECK constraints: SQLite adds a CHECK only by rebuilding the table,
--    and entries may hold millions of rows. A later migration that rebuilds either table must
--    create its triggers again.
CREATE TEMP TABLE `amount_repair` (`entry_id` integer, `user_id` text, `week_start` text, `activity_key` text);
--> statement-breakpoint
-- The one read of every entry: the rest goes by the ids and keys found here.
INSERT INTO `amount_repair`
  SELECT `id`, `user_id`, `week_start`, `activity_key` FROM `entries`
  WHERE `amount_cents` IS NOT NULL
    AND NOT (typeof(`amount_cents`) = 'integer' AND `amount_cents` BETWEEN 0 AND 100000000000);
--> statement-breakpoint
INSERT INTO `amount_repair`
  SELECT NULL, `user_id`, `week_start`, `activity_key` FROM `weekly_activity_totals`
  WHERE typeof(`amount_cents`) <> 'integer';
--> statement-breakpoint
UPDATE `entries` SET `amount_cents` = CASE
    WHEN typeof(`amount_cents`) = 'real' AND round(`amount_cents`) BETWEEN 0 AND 100000000000
      THEN CAST(round(`amount_cents`) AS INTEGER)
    ELSE NULL
  END
  WHERE `id` IN (SELECT `entry_id` FROM `amount_repair`);
--> statement-breakpoint
UPDATE `weekly_activity_totals` SET `amount_cents` = coalesce((
    SELECT sum(e.`amount_cents`) FROM `entries` e
    WHERE e.`week_start` = `weekly_activity_totals`.`week_start`
      AND e.`user_id` = `weekly_activity_totals`.`user_id`
      AND e.`activity_key` = `weekly_activity_totals`.`activity_key`
      AND e.`undone_at` IS NULL
  ), 0)
  WHERE (`user_id`, `week_start`, `activity_key`) IN (SELECT `user_id`, `week_start`, `activity_key` FROM `amount_repair`);
--> statement-breakpoint
DROP TABLE `amount_repair`;
--> statement-breakpoint
CREATE TRIGGER `entries_amount_exact_insert` BEFORE INSERT ON `entries`
  WHEN NEW.`amount_cents` IS NOT NULL
    AND NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN 0 AND 100000000000)
BEGIN
  SELECT RAISE(ABORT, 'entries.amount_cents must be whole cents from 0 to 100000000000');
END;
--> statement-breakpoint
CREATE TRIGGER `entries_amount_exact_update` BEFORE UPDATE OF `amount_cents` ON `entries`
  WHEN NEW.`amount_cents` IS NOT NULL
    AND NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN 0 AND 100000000000)
BEGIN
  SELECT RAISE(ABORT, 'entries.amount_cents must be whole cents from 0 to 100000000000');
END;
--> statement-breakpoint
CREATE TRIGGER `weekly_activity_totals_amount_exact_insert` BEFORE INSERT ON `weekly_activity_totals`
  WHEN NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN -9007199254740991 AND 9007199254740991)
BEGIN
  SELECT RAISE(ABORT, 'weekly_activity_totals.amount_cents must be whole cents within 2^53 - 1');
END;
--> statement-breakpoint
CREATE TRIGGER `weekly_activity_totals_amount_exact_update` BEFORE UPDATE OF `amount_cents` ON `weekly_activity_totals`
  WHEN NOT (typeof(NEW.`amount_cents`) = 'integer' AND NEW.`amount_cents` BETWEEN -9007199254740991 AND 9007199254740991)
BEGIN
  SELECT RAISE(ABORT, 'weekly_activity_totals.amount_cents must be whole cents within 2^53 - 1');
END;
