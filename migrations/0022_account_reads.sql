-- The deal KPIs read by the period and by one deal's history, never by an account's whole history
-- or every entry naming an account: an account's entries by day (a deal's touches since its last
-- close), its closed-won entries by day (the close before a deal, a close after a pipeline
-- amount), and a rep's entries naming an account by day (the deals they closed in the period).
-- All partial, so an entry without an account writes nothing to them. They replace
-- entries_account_idx, whose second column (the rep) no read needs.
DROP INDEX `entries_account_idx`;
--> statement-breakpoint
CREATE INDEX `entries_account_day_idx` ON `entries` (`account_id`,`day`) WHERE account_id is not null;
--> statement-breakpoint
CREATE INDEX `entries_account_won_idx` ON `entries` (`account_id`,`day`) WHERE account_id is not null and activity_key = 'closed_won';
--> statement-breakpoint
CREATE INDEX `entries_user_account_day_idx` ON `entries` (`user_id`,`day`) WHERE account_id is not null;
