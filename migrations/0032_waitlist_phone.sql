-- SMS/WhatsApp for waiting-list offers (#17): consent events may be about a waiting-list entry instead of an order
-- (order_id nullable, waitlist_entry_id), and an entry keeps the channel and number chosen when joining.
-- Edited by hand: drizzle-kit copied the new waitlist_entry_id column from the old table, which has none (NULL here).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_channel_consent_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text,
	`waitlist_entry_id` text,
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
INSERT INTO `__new_channel_consent_events`("id", "organization_id", "order_id", "waitlist_entry_id", "action", "source", "channel", "phone", "wording_version", "wording", "created_at") SELECT "id", "organization_id", "order_id", NULL, "action", "source", "channel", "phone", "wording_version", "wording", "created_at" FROM `channel_consent_events`;--> statement-breakpoint
DROP TABLE `channel_consent_events`;--> statement-breakpoint
ALTER TABLE `__new_channel_consent_events` RENAME TO `channel_consent_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `channel_consent_events_order_idx` ON `channel_consent_events` (`organization_id`,`order_id`,`id`);--> statement-breakpoint
CREATE INDEX `channel_consent_events_waitlist_idx` ON `channel_consent_events` (`organization_id`,`waitlist_entry_id`,`id`);--> statement-breakpoint
ALTER TABLE `waitlist_entries` ADD `phone_channel` text;--> statement-breakpoint
ALTER TABLE `waitlist_entries` ADD `phone` text;