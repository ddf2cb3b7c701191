DROP INDEX `entries_user_week_idx`;--> statement-breakpoint
CREATE INDEX `entries_week_idx` ON `entries` (`week_start`);