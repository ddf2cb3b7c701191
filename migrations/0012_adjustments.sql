-- Admins' corrections of a rep's week, kept as an audit: an adjustment ('adjust') adds its
-- points to the week (and to weekly_activity_totals under the reserved key 'adjustment', with a
-- count of 0, so every total read from there includes it); an entry taken back ('take_back')
-- is undone in entries as a rep's undo is, and recorded here with who did it and why.
CREATE TABLE `adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`week_start` text NOT NULL,
	`kind` text NOT NULL CHECK (`kind` IN ('adjust', 'take_back')),
	`points` integer NOT NULL,
	`reason` text NOT NULL,
	`admin_id` text NOT NULL,
	`entry_id` integer REFERENCES `entries`(`id`),
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `adjustments_user_week_idx` ON `adjustments` (`user_id`,`week_start`);
