CREATE TABLE `summary_groups` (
	`key` text PRIMARY KEY NOT NULL,
	`noun` text NOT NULL,
	`noun_plural` text NOT NULL,
	`sort_order` integer NOT NULL,
	`always_shown` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE `activities` ADD `noun` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `noun_plural` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `summary_group` text REFERENCES summary_groups(key);--> statement-breakpoint
-- The summary lines and nouns the views wrote from tables in the code until now, so existing installations read the same.
INSERT INTO `summary_groups` (`key`, `noun`, `noun_plural`, `sort_order`, `always_shown`) VALUES
  ('call', 'call', 'calls', 1, 1),
  ('email', 'email', 'emails', 2, 1),
  ('conversation', 'DM conversation', 'DM conversations', 3, 1),
  ('connection', 'DM connection', 'DM connections', 4, 0),
  ('meeting', 'meeting booked', 'meetings booked', 5, 1),
  ('discovery', 'discovery call', 'discovery calls', 6, 0),
  ('demo', 'demo', 'demos', 7, 1),
  ('closed_won', 'closed-won deal', 'closed-won deals', 8, 1);
--> statement-breakpoint
UPDATE `activities` SET `summary_group` = `category` WHERE `category` IN (SELECT `key` FROM `summary_groups`);
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'call', `noun_plural` = 'calls' WHERE `key` = 'call';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'email', `noun_plural` = 'emails' WHERE `key` = 'email';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'DM conversation', `noun_plural` = 'DM conversations' WHERE `key` = 'dm_conversation';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'DM connection', `noun_plural` = 'DM connections' WHERE `key` = 'dm_connection';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'meeting booked', `noun_plural` = 'meetings booked' WHERE `key` = 'meeting_booked';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'self-led discovery call', `noun_plural` = 'self-led discovery calls' WHERE `key` = 'discovery_self';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'mentor-led discovery call', `noun_plural` = 'mentor-led discovery calls' WHERE `key` = 'discovery_mentor';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'shadowed demo', `noun_plural` = 'shadowed demos' WHERE `key` = 'demo_shadow';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'demo booked', `noun_plural` = 'demos booked' WHERE `key` = 'demo_booked';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'self-led demo', `noun_plural` = 'self-led demos' WHERE `key` = 'demo_self';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'mentor-led demo', `noun_plural` = 'mentor-led demos' WHERE `key` = 'demo_mentor';
--> statement-breakpoint
UPDATE `activities` SET `noun` = 'closed-won deal', `noun_plural` = 'closed-won deals' WHERE `key` = 'closed_won';
