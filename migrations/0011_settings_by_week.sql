CREATE TABLE `settings_by_week` (
	`week_start` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`key`, `week_start`)
);
--> statement-breakpoint
-- The goal and onboarding window an installation had judged every week by so far, from the beginning of time (0001-01-01 was a Monday).
INSERT INTO `settings_by_week` (`week_start`, `key`, `value`)
  SELECT '0001-01-01', `key`, `value` FROM `settings` WHERE `key` IN ('weekly_goal', 'goal_first_week', 'goal_last_week');
--> statement-breakpoint
DELETE FROM `settings` WHERE `key` IN ('weekly_goal', 'goal_first_week', 'goal_last_week');
