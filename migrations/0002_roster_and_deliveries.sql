CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`recipient_id` text NOT NULL,
	`week_start` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`next_attempt_at` integer,
	`parts_sent` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_once_idx` ON `deliveries` (`kind`,`recipient_id`,`week_start`);--> statement-breakpoint
ALTER TABLE `users` ADD `slack_admin` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `granted_admin` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `deactivated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `on_roster` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `manager_id` text;--> statement-breakpoint
ALTER TABLE `users` ADD `role` text DEFAULT 'AE' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `start_date` text;--> statement-breakpoint
CREATE INDEX `users_manager_idx` ON `users` (`manager_id`);