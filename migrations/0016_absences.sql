-- Absences and holidays: the goal of a week is prorated by the working days a rep is present.
-- A rep's region (e.g. US, UK) picks the regional holidays that apply to them; NULL: none.
ALTER TABLE `users` ADD `region` text;
--> statement-breakpoint
-- The working days a rep is away, one row per day (Monday to Friday only). Taking a day back
-- deletes its row: the goal is worked out from what is marked now.
CREATE TABLE `away_days` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`set_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `away_days_day_idx` ON `away_days` (`day`);
--> statement-breakpoint
-- Public holidays, for everyone (region '') or for the reps of one region.
CREATE TABLE `holidays` (
	`day` text NOT NULL,
	`region` text NOT NULL DEFAULT '',
	`name` text NOT NULL,
	`set_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`day`, `region`)
);
