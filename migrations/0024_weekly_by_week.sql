-- The weekly running totals by week, then rep, with every column a digest reads: a roster's week
-- (this week's totals, last week's) is read from the index alone, its rows side by side, where
-- the primary key (rep first) found each rep's rows in a page of their own and then each row in
-- the table. New rows land among the current week's pages.
CREATE INDEX `weekly_activity_totals_week_idx` ON `weekly_activity_totals` (`week_start`,`user_id`,`activity_key`,`count`,`points`,`amount_cents`);
