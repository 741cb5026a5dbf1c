CREATE TABLE `coupon_redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`coupon_id` text NOT NULL,
	`order_id` text NOT NULL,
	`buyer_email` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_redemptions_coupon_order_uq` ON `coupon_redemptions` (`coupon_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `coupon_redemptions_org_coupon_email_idx` ON `coupon_redemptions` (`organization_id`,`coupon_id`,`buyer_email`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`percent_bps` integer,
	`amount_minor` integer,
	`currency` text,
	`max_redemptions` integer,
	`max_per_buyer` integer,
	`redeemed_count` integer DEFAULT 0 NOT NULL,
	`valid_from` integer,
	`valid_until` integer,
	`ticket_type_ids` text NOT NULL,
	`unlocks_hidden` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_org_code_uq` ON `coupons` (`organization_id`,`code`);--> statement-breakpoint
CREATE INDEX `coupons_org_event_idx` ON `coupons` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `fee_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`percent_bps` integer NOT NULL,
	`fixed_minor` integer NOT NULL,
	`cap_minor` integer,
	`currency` text NOT NULL,
	`payer` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fee_policies_org_currency_uq` ON `fee_policies` (`organization_id`,`currency`);--> statement-breakpoint
CREATE TABLE `pricing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`ticket_type_id` text,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`category` text,
	`min_quantity` integer,
	`starts_at` integer,
	`ends_at` integer,
	`unit_price_minor` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pricing_rules_org_event_idx` ON `pricing_rules` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `event_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`version` integer NOT NULL,
	`public_key` text NOT NULL,
	`encrypted_private_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_keys_event_version_uq` ON `event_keys` (`event_id`,`version`);--> statement-breakpoint
CREATE INDEX `event_keys_org_event_idx` ON `event_keys` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`ticket_type_id` text NOT NULL,
	`hold_id` text NOT NULL,
	`seat_id` text,
	`attendee_name` text,
	`unit_price_minor` integer NOT NULL,
	`discount_minor` integer NOT NULL,
	`buyer_fee_minor` integer NOT NULL,
	`organizer_fee_minor` integer NOT NULL,
	`vat_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_lines_org_order_idx` ON `order_lines` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`access_token_hash` text NOT NULL,
	`buyer_name` text NOT NULL,
	`buyer_email` text NOT NULL,
	`locale` text NOT NULL,
	`currency` text NOT NULL,
	`subtotal_minor` integer NOT NULL,
	`discount_minor` integer NOT NULL,
	`buyer_fee_minor` integer NOT NULL,
	`organizer_fee_minor` integer NOT NULL,
	`vat_minor` integer NOT NULL,
	`donation_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`coupon_id` text,
	`quote` text NOT NULL,
	`hold_ids` text NOT NULL,
	`payment_provider` text NOT NULL,
	`expires_at` integer NOT NULL,
	`paid_at` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `orders_org_idx` ON `orders` (`organization_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_org_event_status_idx` ON `orders` (`organization_id`,`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `orders_org_email_idx` ON `orders` (`organization_id`,`buyer_email`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_access_token_uq` ON `orders` (`access_token_hash`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`provider` text NOT NULL,
	`provider_session_id` text NOT NULL,
	`provider_payment_id` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`redirect_url` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_provider_session_uq` ON `payments` (`provider`,`provider_session_id`);--> statement-breakpoint
CREATE INDEX `payments_org_order_idx` ON `payments` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `provider_events` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`provider` text NOT NULL,
	`provider_event_id` text NOT NULL,
	`type` text NOT NULL,
	`order_id` text,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`outcome` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_events_provider_event_uq` ON `provider_events` (`provider`,`provider_event_id`);--> statement-breakpoint
CREATE INDEX `provider_events_org_idx` ON `provider_events` (`organization_id`,`id`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`payment_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`reason` text NOT NULL,
	`ticket_ids` text NOT NULL,
	`status` text NOT NULL,
	`provider_refund_id` text,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_org_key_uq` ON `refunds` (`organization_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `refunds_org_order_idx` ON `refunds` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text NOT NULL,
	`order_id` text NOT NULL,
	`order_line_id` text NOT NULL,
	`ticket_type_id` text NOT NULL,
	`seat_id` text,
	`attendee_name` text,
	`status` text NOT NULL,
	`qr_token` text NOT NULL,
	`secret_version` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_order_line_uq` ON `tickets` (`order_line_id`);--> statement-breakpoint
CREATE INDEX `tickets_org_order_idx` ON `tickets` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `tickets_org_event_idx` ON `tickets` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `journal_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`event_id` text,
	`order_id` text,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`currency` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `journal_entries_org_key_uq` ON `journal_entries` (`organization_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `journal_entries_org_event_idx` ON `journal_entries` (`organization_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `journal_entries_org_order_idx` ON `journal_entries` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `journal_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`account_id` text NOT NULL,
	`debit_minor` integer NOT NULL,
	`credit_minor` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `ledger_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `journal_lines_org_entry_idx` ON `journal_lines` (`organization_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `journal_lines_org_account_idx` ON `journal_lines` (`organization_id`,`account_id`);--> statement-breakpoint
CREATE TABLE `ledger_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`code` text NOT NULL,
	`currency` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_accounts_org_code_currency_uq` ON `ledger_accounts` (`organization_id`,`code`,`currency`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`response_headers` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_scope_key_uq` ON `idempotency_keys` (`scope`,`key`);--> statement-breakpoint
CREATE INDEX `idempotency_keys_org_idx` ON `idempotency_keys` (`organization_id`,`id`);--> statement-breakpoint
ALTER TABLE `organization_settings` ADD `vat_mode` text DEFAULT 'inclusive' NOT NULL;--> statement-breakpoint
ALTER TABLE `organization_settings` ADD `vat_rate_bps` integer DEFAULT 0 NOT NULL;