CREATE TABLE `waitlist_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`ticket_type_id` text,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`locale` text NOT NULL,
	`position` integer NOT NULL,
	`status` text NOT NULL,
	`offer_hold_id` text,
	`offer_expires_at` integer,
	`offers` integer DEFAULT 0 NOT NULL,
	`order_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `waitlist_entries_event_idx` ON `waitlist_entries` (`organization_id`,`event_id`,`status`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_entries_event_position_idx` ON `waitlist_entries` (`event_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_entries_open_email_idx` ON `waitlist_entries` (`event_id`,`email`) WHERE status in ('waiting', 'offered');--> statement-breakpoint
CREATE TABLE `waitlist_settings` (
	`event_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`enabled` integer NOT NULL,
	`offer_minutes` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
