CREATE TABLE `hold_claims` (
	`hold_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`order_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hold_claims_org_order_idx` ON `hold_claims` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `refund_ticket_claims` (
	`ticket_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`refund_id` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refund_ticket_claims_org_refund_idx` ON `refund_ticket_claims` (`organization_id`,`refund_id`);--> statement-breakpoint
ALTER TABLE `orders` ADD `refund_reserved_minor` integer DEFAULT 0 NOT NULL;