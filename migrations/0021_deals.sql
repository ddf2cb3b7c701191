-- Deals, lightly: accounts named on entries, the pipeline and closed-lost events, and each rep's
-- monthly quota. An account is the workspace's (the company's), not a rep's: `norm`, the name
-- lower-cased with everything but letters and digits taken out, is unique, so "Acme Corp." and
-- "acme corp" are one account.
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`norm` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_norm_idx` ON `accounts` (`norm`);
--> statement-breakpoint
ALTER TABLE `entries` ADD `account_id` integer REFERENCES accounts(id);
--> statement-breakpoint
-- Partial: an entry without an account (most of them) writes nothing to it, so a line that names
-- no account costs what it did.
CREATE INDEX `entries_account_idx` ON `entries` (`account_id`, `user_id`) WHERE `account_id` IS NOT NULL;
--> statement-breakpoint
-- What is no activity and earns nothing: an open opportunity's amount ('pipeline') and a deal
-- lost ('lost'). Never deleted: an undo sets `undone_at`, as on entries.
CREATE TABLE `deal_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL REFERENCES accounts(id),
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount_cents` integer,
	`currency` text,
	`day` text NOT NULL,
	`batch_id` text NOT NULL,
	`logged_at` integer NOT NULL,
	`undone_at` integer
);
--> statement-breakpoint
CREATE INDEX `deal_events_account_idx` ON `deal_events` (`account_id`);
--> statement-breakpoint
CREATE INDEX `deal_events_user_idx` ON `deal_events` (`user_id`);
--> statement-breakpoint
CREATE INDEX `deal_events_batch_idx` ON `deal_events` (`batch_id`);
--> statement-breakpoint
-- A rep's monthly quota in one currency: pipeline coverage is open pipeline in that currency over it.
CREATE TABLE `quotas` (
	`user_id` text PRIMARY KEY NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL
);
