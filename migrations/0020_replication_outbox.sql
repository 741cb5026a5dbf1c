CREATE TABLE `replication_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`changed_at` integer NOT NULL,
	`enqueued_at` integer,
	`done_at` integer
);
--> statement-breakpoint
CREATE INDEX `replication_outbox_pending_idx` ON `replication_outbox` (`done_at`,`enqueued_at`,`seq`);--> statement-breakpoint
CREATE INDEX `replication_outbox_row_idx` ON `replication_outbox` (`table_name`,`row_id`,`seq`);--> statement-breakpoint
CREATE INDEX `replication_outbox_org_idx` ON `replication_outbox` (`organization_id`,`seq`);
-- Triggers (hand-written, docs/postgres.md "Replication"): every insert or update of a replicated table's row writes
-- one outbox row in the same transaction. Bodies are one statement each (no CASE … END: wrangler's splitter).
-- Deletes are not replicated: the only deletes of these rows are archival's, which must not reach the replica.
--> statement-breakpoint
CREATE TRIGGER `replicate_orders_insert` AFTER INSERT ON `orders` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('orders', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_orders_update` AFTER UPDATE ON `orders` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('orders', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_order_lines_insert` AFTER INSERT ON `order_lines` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('order_lines', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_order_lines_update` AFTER UPDATE ON `order_lines` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('order_lines', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_payments_insert` AFTER INSERT ON `payments` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('payments', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_payments_update` AFTER UPDATE ON `payments` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('payments', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_refunds_insert` AFTER INSERT ON `refunds` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('refunds', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_refunds_update` AFTER UPDATE ON `refunds` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('refunds', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_tickets_insert` AFTER INSERT ON `tickets` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('tickets', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_tickets_update` AFTER UPDATE ON `tickets` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('tickets', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_journal_entries_insert` AFTER INSERT ON `journal_entries` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('journal_entries', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_journal_entries_update` AFTER UPDATE ON `journal_entries` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('journal_entries', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_journal_lines_insert` AFTER INSERT ON `journal_lines` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('journal_lines', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_journal_lines_update` AFTER UPDATE ON `journal_lines` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('journal_lines', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_scans_insert` AFTER INSERT ON `scans` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('scans', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_scans_update` AFTER UPDATE ON `scans` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('scans', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_audit_logs_insert` AFTER INSERT ON `audit_logs` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('audit_logs', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_audit_logs_update` AFTER UPDATE ON `audit_logs` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('audit_logs', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_occupancy_snapshots_insert` AFTER INSERT ON `occupancy_snapshots` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('occupancy_snapshots', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
--> statement-breakpoint
CREATE TRIGGER `replicate_occupancy_snapshots_update` AFTER UPDATE ON `occupancy_snapshots` BEGIN INSERT INTO `replication_outbox` (`table_name`, `row_id`, `organization_id`, `changed_at`) VALUES ('occupancy_snapshots', NEW.`id`, NEW.`organization_id`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
