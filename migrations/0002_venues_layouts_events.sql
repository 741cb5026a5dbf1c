CREATE TABLE `gates` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`venue_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gates_org_venue_idx` ON `gates` (`organization_id`,`venue_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `gates_venue_name_uq` ON `gates` (`venue_id`,`name`);--> statement-breakpoint
CREATE TABLE `layout_sections` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`layout_id` text NOT NULL,
	`key` text NOT NULL,
	`position` integer NOT NULL,
	`definition` text NOT NULL,
	`seat_count` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`layout_id`) REFERENCES `layouts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `layout_sections_org_layout_idx` ON `layout_sections` (`organization_id`,`layout_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `layout_sections_layout_key_uq` ON `layout_sections` (`layout_id`,`key`);--> statement-breakpoint
CREATE TABLE `layouts` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`venue_id` text NOT NULL,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`focal_x` integer NOT NULL,
	`focal_y` integer NOT NULL,
	`categories` text NOT NULL,
	`ga_areas` text NOT NULL,
	`seat_count` integer NOT NULL,
	`ga_capacity` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `layouts_org_venue_idx` ON `layouts` (`organization_id`,`venue_id`);--> statement-breakpoint
CREATE TABLE `venues` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`address_line1` text NOT NULL,
	`address_line2` text,
	`city` text NOT NULL,
	`region` text,
	`postal_code` text,
	`country` text NOT NULL,
	`timezone` text NOT NULL,
	`capacity` integer NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `venues_org_idx` ON `venues` (`organization_id`,`id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`venue_id` text NOT NULL,
	`layout_id` text,
	`layout_version` integer,
	`name` text NOT NULL,
	`description` text,
	`status` text NOT NULL,
	`timezone` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`doors_at` integer,
	`sale_starts_at` integer,
	`sale_ends_at` integer,
	`hold_ttl_seconds` integer NOT NULL,
	`published_at` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`layout_id`) REFERENCES `layouts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_org_idx` ON `events` (`organization_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_org_status_idx` ON `events` (`organization_id`,`status`);--> statement-breakpoint
CREATE TABLE `ticket_types` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`categories` text NOT NULL,
	`ga_area_key` text,
	`capacity` integer,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`min_per_order` integer NOT NULL,
	`max_per_order` integer NOT NULL,
	`sale_starts_at` integer,
	`sale_ends_at` integer,
	`visibility` text NOT NULL,
	`position` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_types_org_event_idx` ON `ticket_types` (`organization_id`,`event_id`);