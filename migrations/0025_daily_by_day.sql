-- The daily running counts by day, then rep, with every column the digest reads: a whole
-- roster's week (its KPIs) and four weeks of discovery and demo days (stalled discoveries) are
-- one range of this index, where the primary key (rep first) needed a seek per rep. New rows
-- land among today's pages, so a write's cost does not grow with the history.
CREATE INDEX `daily_activity_totals_day_idx` ON `daily_activity_totals` (`day`,`activity_key`,`user_id`,`currency`,`count`,`amount_cents`);
