-- Roles are open: the three every installation starts with, and those an admin adds.
CREATE TABLE `roles` (
	`name` text PRIMARY KEY NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `roles` (`name`, `created_by`, `created_at`) VALUES ('AE', NULL, 0), ('SDR', NULL, 0), ('AM', NULL, 0);
--> statement-breakpoint
-- Who made a dated change, and when (epoch ms); rows from before this migration have neither.
ALTER TABLE `settings_by_week` ADD `changed_by` text;
--> statement-breakpoint
ALTER TABLE `settings_by_week` ADD `changed_at` integer;
--> statement-breakpoint
-- Every week the old goal, first and last onboarding week changed, with the three values in force then.
CREATE TABLE `_legacy_goals` AS
  WITH `weeks`(`w`) AS (
    SELECT '0001-01-01'
    UNION SELECT `week_start` FROM `settings_by_week` WHERE `key` IN ('weekly_goal', 'goal_first_week', 'goal_last_week')
  )
  SELECT `w`, '[{"from":' || COALESCE((SELECT CAST(`value` AS integer) FROM `settings_by_week` s WHERE s.`key` = 'goal_first_week' AND s.`week_start` <= `w` ORDER BY s.`week_start` DESC LIMIT 1), 3)
    || ',"to":' || COALESCE((SELECT CAST(`value` AS integer) FROM `settings_by_week` s WHERE s.`key` = 'goal_last_week' AND s.`week_start` <= `w` ORDER BY s.`week_start` DESC LIMIT 1), 13)
    || ',"goal":' || COALESCE((SELECT CAST(`value` AS integer) FROM `settings_by_week` s WHERE s.`key` = 'weekly_goal' AND s.`week_start` <= `w` ORDER BY s.`week_start` DESC LIMIT 1), 500)
    || '}]' AS `ramp`
  FROM `weeks`;
--> statement-breakpoint
-- The old goal and window become the AE ramp, week for week.
INSERT INTO `settings_by_week` (`week_start`, `key`, `value`) SELECT `w`, 'goal_ramp:AE', `ramp` FROM `_legacy_goals`;
--> statement-breakpoint
-- An installation in use judged every rep by that table, and no one after the window: its past
-- weeks keep that (SDRs and AMs too), and the per-role goals start this week (Monday, UTC).
INSERT INTO `settings_by_week` (`week_start`, `key`, `value`)
  SELECT g.`w`, 'goal_ramp:' || r.`name`, g.`ramp` FROM `_legacy_goals` g, (SELECT 'SDR' AS `name` UNION SELECT 'AM') r
  WHERE EXISTS (SELECT 1 FROM `entries`) AND g.`w` < date('now', '-6 days', 'weekday 1');
--> statement-breakpoint
INSERT INTO `settings_by_week` (`week_start`, `key`, `value`)
  SELECT '0001-01-01', 'goal_established:' || r.`name`, 'none' FROM (SELECT 'AE' AS `name` UNION SELECT 'SDR' UNION SELECT 'AM') r
  WHERE EXISTS (SELECT 1 FROM `entries`);
--> statement-breakpoint
INSERT INTO `settings_by_week` (`week_start`, `key`, `value`)
  SELECT date('now', '-6 days', 'weekday 1'), 'goal_established:' || r.`name`, 'ramp' FROM (SELECT 'AE' AS `name` UNION SELECT 'SDR' UNION SELECT 'AM') r
  WHERE EXISTS (SELECT 1 FROM `entries`);
--> statement-breakpoint
INSERT INTO `settings_by_week` (`week_start`, `key`, `value`)
  SELECT date('now', '-6 days', 'weekday 1'), 'goal_ramp:' || r.`name`, '[{"from":3,"to":13,"goal":300}]' FROM (SELECT 'SDR' AS `name` UNION SELECT 'AM') r
  WHERE EXISTS (SELECT 1 FROM `entries`);
--> statement-breakpoint
DROP TABLE `_legacy_goals`;
--> statement-breakpoint
DELETE FROM `settings_by_week` WHERE `key` IN ('weekly_goal', 'goal_first_week', 'goal_last_week');
