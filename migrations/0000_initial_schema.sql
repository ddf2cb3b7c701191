CREATE TABLE `activities` (
	`key` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`shorthand` text NOT NULL,
	`points` integer NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`category` text NOT NULL,
	`takes_amount` integer DEFAULT false NOT NULL,
	`sort_order` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`activity_key` text NOT NULL,
	`count` integer NOT NULL,
	`unit_points` integer NOT NULL,
	`points` integer NOT NULL,
	`amount_cents` integer,
	`note` text,
	`day` text NOT NULL,
	`week_start` text NOT NULL,
	`batch_id` text NOT NULL,
	`source` text NOT NULL,
	`client_key` text,
	`logged_at` integer NOT NULL,
	`undone_at` integer,
	FOREIGN KEY (`activity_key`) REFERENCES `activities`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `entries_user_week_idx` ON `entries` (`user_id`,`week_start`);--> statement-breakpoint
CREATE INDEX `entries_user_logged_idx` ON `entries` (`user_id`,`logged_at`);--> statement-breakpoint
CREATE INDEX `entries_batch_idx` ON `entries` (`batch_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `entries_client_key_idx` ON `entries` (`user_id`,`client_key`,`activity_key`) WHERE client_key is not null;--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`tz` text,
	`tz_checked_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `weekly_activity_totals` (
	`user_id` text NOT NULL,
	`week_start` text NOT NULL,
	`activity_key` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`amount_cents` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `week_start`, `activity_key`)
);
--> statement-breakpoint
CREATE TABLE `weekly_totals` (
	`user_id` text NOT NULL,
	`week_start` text NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`entry_count` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `week_start`)
);
--> statement-breakpoint
CREATE INDEX `weekly_totals_week_idx` ON `weekly_totals` (`week_start`);