CREATE TABLE `report_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`event_ids` text NOT NULL,
	`frequency` text NOT NULL,
	`weekday` integer,
	`hour` integer NOT NULL,
	`last_sent_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_schedules_org_user_idx` ON `report_schedules` (`organization_id`,`user_id`);