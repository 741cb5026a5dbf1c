CREATE TABLE `channel_consent_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`action` text NOT NULL,
	`source` text NOT NULL,
	`channel` text NOT NULL,
	`phone` text NOT NULL,
	`wording_version` text NOT NULL,
	`wording` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `channel_consent_events_order_idx` ON `channel_consent_events` (`organization_id`,`order_id`,`id`);--> statement-breakpoint
CREATE TABLE `order_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`channel` text NOT NULL,
	`phone` text NOT NULL,
	`wording_version` text NOT NULL,
	`opted_in_at` integer NOT NULL,
	`opted_out_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_channels_order_uq` ON `order_channels` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_channels_org_idx` ON `order_channels` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `phone_outbox_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`notification_id` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`template` text NOT NULL,
	`locale` text NOT NULL,
	`text` text NOT NULL,
	`encoding` text NOT NULL,
	`segments` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phone_outbox_notification_uq` ON `phone_outbox_messages` (`notification_id`);--> statement-breakpoint
CREATE INDEX `phone_outbox_org_idx` ON `phone_outbox_messages` (`organization_id`,`id`);--> statement-breakpoint
CREATE INDEX `phone_outbox_recipient_idx` ON `phone_outbox_messages` (`recipient`,`id`);