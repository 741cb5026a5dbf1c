CREATE TABLE `event_transfer_policies` (
	`event_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`allowed` integer NOT NULL,
	`cutoff_minutes` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_transfer_policies_org_idx` ON `event_transfer_policies` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `ticket_transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`order_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`seq` integer NOT NULL,
	`from_secret_version` integer NOT NULL,
	`to_secret_version` integer NOT NULL,
	`recipient_name` text NOT NULL,
	`recipient_email` text NOT NULL,
	`recipient_phone` text,
	`locale` text NOT NULL,
	`link_hash` text NOT NULL,
	`link_sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_transfers_ticket_seq_uq` ON `ticket_transfers` (`ticket_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_transfers_link_uq` ON `ticket_transfers` (`link_hash`);--> statement-breakpoint
CREATE INDEX `ticket_transfers_org_order_idx` ON `ticket_transfers` (`organization_id`,`order_id`);--> statement-breakpoint
-- hand-written
-- A transfer commits only over the ticket as it was read: still valid, at the secret version the transfer re-keys from,
-- and not claimed by a refund in flight. Of two racing transfers (or a transfer racing a re-issue or refund) the
-- second batch fails here and writes nothing.
CREATE TRIGGER ticket_transfers_guard
BEFORE INSERT ON ticket_transfers
WHEN NOT EXISTS (
  SELECT 1 FROM tickets
  WHERE id = NEW.ticket_id AND organization_id = NEW.organization_id AND status = 'valid' AND secret_version = NEW.from_secret_version
) OR EXISTS (SELECT 1 FROM refund_ticket_claims WHERE ticket_id = NEW.ticket_id)
BEGIN
  SELECT RAISE(ABORT, 'ticket_transfer_conflict');
END;
