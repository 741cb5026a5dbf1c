CREATE TABLE `order_invoices` (
	`organization_id` text NOT NULL,
	`order_id` text NOT NULL,
	`invoice_number` integer NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_invoices_org_order_uq` ON `order_invoices` (`organization_id`,`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `order_invoices_org_number_uq` ON `order_invoices` (`organization_id`,`invoice_number`);--> statement-breakpoint
CREATE TABLE `organization_branding` (
	`organization_id` text PRIMARY KEY NOT NULL,
	`legal_name` text,
	`vat_number` text,
	`contact_email` text,
	`contact_phone` text,
	`website` text,
	`address` text,
	`primary_color` text,
	`accent_color` text,
	`logo_key` text,
	`logo_type` text,
	`logo_width` integer,
	`logo_height` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- hand-written
-- Invoice numbers are a legal sequence: once issued, never changed or taken back.
CREATE TRIGGER `order_invoices_no_update` BEFORE UPDATE ON `order_invoices` BEGIN SELECT RAISE(ABORT, 'invoice_numbers_are_final'); END;
--> statement-breakpoint
CREATE TRIGGER `order_invoices_no_delete` BEFORE DELETE ON `order_invoices` BEGIN SELECT RAISE(ABORT, 'invoice_numbers_are_final'); END;
--> statement-breakpoint
-- Carry the colours and a valid South African VAT number over from organization_settings (the console edited them there before).
INSERT INTO `organization_branding` (`organization_id`, `vat_number`, `primary_color`, `accent_color`, `updated_at`)
SELECT `organization_id`,
       CASE WHEN `vat_number` GLOB '4[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN `vat_number` END,
       `brand_primary_color`, `brand_accent_color`, `updated_at`
FROM `organization_settings`
WHERE `vat_number` IS NOT NULL OR `brand_primary_color` IS NOT NULL OR `brand_accent_color` IS NOT NULL;
