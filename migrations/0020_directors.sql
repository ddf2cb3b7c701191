-- Managers of managers: a director may opt in to a Friday roll-up digest of every team below them.
ALTER TABLE `users` ADD `rollup_digest` integer DEFAULT false NOT NULL;
