-- When a rep joined their current team, epoch ms: a digest covers only reps on the team at its due time. Null for rows older than this column (on the team since before it was kept).
ALTER TABLE `users` ADD `team_since` integer;--> statement-breakpoint
-- How many reps a sent digest or note covered, and when its figures were read (the "as of" the manager saw).
ALTER TABLE `deliveries` ADD `reps` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `as_of` integer;--> statement-breakpoint
-- What a sent digest showed per rep, so the week's final follow-up can say what changed since.
CREATE TABLE `digest_snapshots` (
	`delivery_id` integer NOT NULL REFERENCES `deliveries`(`id`) ON DELETE CASCADE,
	`rep_id` text NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`delivery_id`, `rep_id`)
);
--> statement-breakpoint
CREATE INDEX `digest_snapshots_rep_idx` ON `digest_snapshots` (`rep_id`);--> statement-breakpoint
-- Activities a rep does by themselves, the only ones a pace plan suggests (outcomes such as a closed deal or a led demo are not planned).
ALTER TABLE `activities` ADD `plannable` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `activities` SET `plannable` = 1 WHERE `key` IN ('call', 'email', 'dm_conversation', 'dm_connection', 'meeting_booked', 'demo_booked');--> statement-breakpoint
-- The programme's own categories in the team summary: a demo booked is not a meeting booked, a shadowed demo not a led one.
-- Each shares the sort order of the line it leaves (ties keep the catalogue's order), so lines an organisation added keep their place.
INSERT INTO `summary_groups` (`key`, `noun`, `noun_plural`, `sort_order`, `always_shown`) VALUES
  ('demo_booked', 'demo booked', 'demos booked', 5, 0),
  ('demo_shadow', 'shadowed demo', 'shadowed demos', 7, 0);
--> statement-breakpoint
UPDATE `activities` SET `summary_group` = 'demo_booked' WHERE `key` = 'demo_booked';--> statement-breakpoint
UPDATE `activities` SET `summary_group` = 'demo_shadow' WHERE `key` = 'demo_shadow';
