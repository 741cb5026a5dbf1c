ALTER TABLE `scans` ADD `shown_result` text;--> statement-breakpoint
ALTER TABLE `scans` ADD `double_admission` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `scans_double_admission_idx` ON `scans` (`organization_id`,`event_id`,`gate_id`) WHERE "scans"."double_admission" = 1;