CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`token_prefix` text NOT NULL,
	`token_hash` text NOT NULL,
	`event_ids` text NOT NULL,
	`gate_id` text,
	`created_by_user_id` text NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_token_hash_uq` ON `devices` (`token_hash`);--> statement-breakpoint
CREATE INDEX `devices_org_idx` ON `devices` (`organization_id`,`id`);--> statement-breakpoint
CREATE TABLE `scan_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`device_id` text NOT NULL,
	`event_id` text NOT NULL,
	`gate_id` text,
	`operator_name` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scan_sessions_org_device_idx` ON `scan_sessions` (`organization_id`,`device_id`);--> statement-breakpoint
CREATE INDEX `scan_sessions_org_event_idx` ON `scan_sessions` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `scans` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`ticket_id` text,
	`device_id` text NOT NULL,
	`gate_id` text,
	`session_id` text,
	`result` text NOT NULL,
	`direction` text NOT NULL,
	`scanned_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`offline` integer NOT NULL,
	`nonce` text,
	`first_scan_id` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scans_device_nonce_uq` ON `scans` (`device_id`,`nonce`);--> statement-breakpoint
CREATE INDEX `scans_org_event_idx` ON `scans` (`organization_id`,`event_id`,`scanned_at`);--> statement-breakpoint
CREATE INDEX `scans_org_ticket_idx` ON `scans` (`organization_id`,`ticket_id`);--> statement-breakpoint
ALTER TABLE `events` ADD `reentry_allowed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `ticket_types` ADD `gate_ids` text DEFAULT '[]' NOT NULL;