CREATE TABLE `waiting_rooms` (
	`event_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`enabled` integer NOT NULL,
	`pre_queue_opens_at` integer,
	`shuffle_at_start` integer NOT NULL,
	`rate_per_minute` integer,
	`max_active` integer NOT NULL,
	`session_minutes` integer NOT NULL,
	`max_seats_per_buyer` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `waiting_rooms_org_idx` ON `waiting_rooms` (`organization_id`,`event_id`);