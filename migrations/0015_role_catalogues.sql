-- Each role's catalogue, effective-dated: a row is an activity's whole state in a role's
-- catalogue from the week `week_start` on, until a later row of the same role and activity.
-- Rows are only added (the latest of a week wins), so every change stays on record with who
-- made it and when. `activities` stays the register of activity keys entries refer to.
CREATE TABLE `role_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`role` text NOT NULL,
	`week_start` text NOT NULL,
	`activity_key` text NOT NULL REFERENCES activities(key),
	`label` text NOT NULL,
	`shorthand` text NOT NULL,
	`points` integer NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`noun` text,
	`noun_plural` text,
	`summary_group` text REFERENCES summary_groups(key),
	`controllable` integer DEFAULT true NOT NULL,
	`sort_order` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`change_id` text,
	`changed_by` text NOT NULL,
	`changed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `role_activities_change_idx` ON `role_activities` (`change_id`) WHERE `change_id` is not null;
--> statement-breakpoint
-- The AE catalogue is the one every installation had, as it stands now, in force from the beginning of time.
-- What a pace plan may suggest (activities.plannable, migration 0013) becomes each role's own `controllable`.
INSERT INTO `role_activities` (`role`, `week_start`, `activity_key`, `label`, `shorthand`, `points`, `aliases`, `noun`, `noun_plural`, `summary_group`, `controllable`, `sort_order`, `active`, `changed_by`, `changed_at`)
  SELECT 'AE', '0001-01-01', `key`, `label`, `shorthand`, `points`, `aliases`, `noun`, `noun_plural`, `summary_group`, `plannable`, `sort_order`, `active`, 'migration', 0 FROM `activities`;
--> statement-breakpoint
-- Kept per role from now on, in role_activities.controllable only.
ALTER TABLE `activities` DROP COLUMN `plannable`;
--> statement-breakpoint
-- Activities only the SDR and AM programmes have (the KPI articles: qualified meetings handed to an AE; account work and upsell).
INSERT OR IGNORE INTO `activities` (`key`, `label`, `shorthand`, `points`, `aliases`, `category`, `takes_amount`, `sort_order`, `noun`, `noun_plural`) VALUES
  ('qualified_meeting', 'Qualified meeting handed to an AE', 'qualified meeting', 15, '[]', 'meeting', 0, 101, 'qualified meeting', 'qualified meetings'),
  ('account_check_in', 'Account check-in', 'check-in', 5, '[]', 'conversation', 0, 201, 'account check-in', 'account check-ins'),
  ('business_review', 'Business review', 'business review', 20, '[]', 'meeting', 0, 202, 'business review', 'business reviews'),
  ('upsell_opportunity', 'Upsell opportunity', 'upsell opportunity', 15, '[]', 'other', 0, 203, 'upsell opportunity', 'upsell opportunities'),
  ('renewal_closed', 'Renewal closed', 'renewal closed', 20, '[]', 'closed_won', 1, 204, 'renewal closed', 'renewals closed'),
  ('expansion_closed', 'Expansion closed', 'expansion closed', 25, '[]', 'closed_won', 1, 205, 'expansion closed', 'expansions closed');
--> statement-breakpoint
INSERT INTO `role_activities` (`role`, `week_start`, `activity_key`, `label`, `shorthand`, `points`, `aliases`, `noun`, `noun_plural`, `summary_group`, `controllable`, `sort_order`, `active`, `changed_by`, `changed_at`) VALUES
  ('SDR', '0001-01-01', 'call', 'Outbound call', 'calls', 1, '["call","calls","dial","dials","outbound call","cold call","phone call"]', 'call', 'calls', 'call', 1, 1, 1, 'migration', 0),
  ('SDR', '0001-01-01', 'email', 'Outbound email', 'emails', 1, '["email","emails","outbound email","cold email","mail"]', 'email', 'emails', 'email', 1, 2, 1, 'migration', 0),
  ('SDR', '0001-01-01', 'dm_conversation', 'Conversation with a decision maker', 'dm convo', 5, '["dm convo","dm conversation","decision maker conversation","convo","conversation","dm call","dm talk","spoke to dm"]', 'DM conversation', 'DM conversations', 'conversation', 1, 3, 1, 'migration', 0),
  ('SDR', '0001-01-01', 'dm_connection', 'Connection with a decision maker (LinkedIn or social)', 'dm connect', 5, '["dm connect","dm connection","linkedin connect","linkedin connection","linkedin","li connect","social connect","social connection","connect","connection","decision maker connection"]', 'DM connection', 'DM connections', 'connection', 1, 4, 1, 'migration', 0),
  ('SDR', '0001-01-01', 'meeting_booked', 'Meeting booked', 'meeting booked', 10, '["meeting booked","meeting","meetings","booked meeting","mtg booked","mtg","meeting set"]', 'meeting booked', 'meetings booked', 'meeting', 1, 5, 1, 'migration', 0),
  ('SDR', '0001-01-01', 'qualified_meeting', 'Qualified meeting handed to an AE', 'qualified meeting', 15, '["qualified meeting","qualified meetings","sql","sqls","qualified","handed to ae","handoff","hand-off"]', 'qualified meeting', 'qualified meetings', NULL, 0, 6, 1, 'migration', 0),
  ('AM', '0001-01-01', 'call', 'Outbound call', 'calls', 1, '["call","calls","dial","dials","outbound call","phone call"]', 'call', 'calls', 'call', 1, 1, 1, 'migration', 0),
  ('AM', '0001-01-01', 'email', 'Outbound email', 'emails', 1, '["email","emails","outbound email","mail"]', 'email', 'emails', 'email', 1, 2, 1, 'migration', 0),
  ('AM', '0001-01-01', 'account_check_in', 'Account check-in', 'check-in', 5, '["check-in","check in","checkin","account check-in","account check in","account call","customer call"]', 'account check-in', 'account check-ins', NULL, 1, 3, 1, 'migration', 0),
  ('AM', '0001-01-01', 'business_review', 'Business review', 'business review', 20, '["business review","qbr","ebr","account review","quarterly review"]', 'business review', 'business reviews', NULL, 1, 4, 1, 'migration', 0),
  ('AM', '0001-01-01', 'upsell_opportunity', 'Upsell opportunity', 'upsell opportunity', 15, '["upsell","upsell opportunity","upsell opp","cross-sell","cross sell","expansion opportunity"]', 'upsell opportunity', 'upsell opportunities', NULL, 1, 5, 1, 'migration', 0),
  ('AM', '0001-01-01', 'renewal_closed', 'Renewal closed', 'renewal closed', 20, '["renewal","renewal closed","renewed","closed renewal"]', 'renewal closed', 'renewals closed', NULL, 0, 6, 1, 'migration', 0),
  ('AM', '0001-01-01', 'expansion_closed', 'Expansion closed', 'expansion closed', 25, '["expansion","expansion closed","expanded","closed expansion","upsell closed","closed upsell"]', 'expansion closed', 'expansions closed', NULL, 0, 7, 1, 'migration', 0);
