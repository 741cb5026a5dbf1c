CREATE TABLE `refund_policies` (
	`event_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`mode` text NOT NULL,
	`days_before` integer DEFAULT 0 NOT NULL,
	`fee_basis_points` integer DEFAULT 0 NOT NULL,
	`fee_fixed_minor` integer DEFAULT 0 NOT NULL,
	`refund_booking_fee` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refund_policies_org_idx` ON `refund_policies` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `refund_request_tickets` (
	`ticket_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`request_id` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refund_request_tickets_org_request_idx` ON `refund_request_tickets` (`organization_id`,`request_id`);--> statement-breakpoint
CREATE TABLE `refund_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`event_id` text NOT NULL,
	`ticket_ids` text NOT NULL,
	`reason` text,
	`status` text NOT NULL,
	`within_policy` integer NOT NULL,
	`base_minor` integer NOT NULL,
	`fee_minor` integer NOT NULL,
	`quoted_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`refund_id` text,
	`refunded_minor` integer,
	`decline_reason` text,
	`decided_by` text,
	`decided_at` integer,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refund_requests_org_key_uq` ON `refund_requests` (`organization_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `refund_requests_org_status_idx` ON `refund_requests` (`organization_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `refund_requests_org_order_idx` ON `refund_requests` (`organization_id`,`order_id`);--> statement-breakpoint
-- hand-written
-- A request is decided once: open -> approved | declined, approved -> refunded | open (nothing was paid), and
-- refunded again by a twin that paid the same refund. Any other write of the status (a second approval or decline,
-- approved -> approved included) aborts its batch.
CREATE TRIGGER refund_requests_decide_once
BEFORE UPDATE OF status ON refund_requests
WHEN NOT (
  (OLD.status = 'open' AND NEW.status IN ('approved', 'declined'))
  OR (OLD.status = 'approved' AND NEW.status IN ('refunded', 'open'))
  OR (OLD.status = 'refunded' AND NEW.status = 'refunded')
)
BEGIN
  SELECT RAISE(ABORT, 'refund_request_decided');
END;
