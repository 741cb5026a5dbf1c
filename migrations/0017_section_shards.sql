ALTER TABLE `events` ADD `shard_threshold` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `shard_count` integer DEFAULT 4 NOT NULL;