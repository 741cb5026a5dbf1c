CREATE TABLE `event_archives` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`archived_at` integer,
	`counts` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_archives_org_event_uq` ON `event_archives` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `replica_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`ran_at` integer NOT NULL,
	`status` text NOT NULL,
	`differences` text NOT NULL,
	`pending` integer NOT NULL,
	`resent` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `replica_checks_org_event_idx` ON `replica_checks` (`organization_id`,`event_id`,`ran_at`);--> statement-breakpoint
CREATE INDEX `replica_checks_ran_idx` ON `replica_checks` (`ran_at`);--> statement-breakpoint
CREATE INDEX `orders_updated_idx` ON `orders` (`updated_at`);