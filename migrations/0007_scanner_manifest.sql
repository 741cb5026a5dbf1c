ALTER TABLE `tickets` ADD `change_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_event_change_idx` ON `tickets` (`event_id`,`change_seq`);--> statement-breakpoint
-- Scanner manifests sync tickets from a per-event change number (src/domains/scanning/manifest.ts).
-- Every ticket change a gate must learn gets the event's next number: issuing, cancelling (refunds)
-- and re-issuing (a new secret version revokes the old token). D1 runs one batch at a time, so the
-- MAX + 1 read and the write cannot interleave with another batch's.
UPDATE tickets SET change_seq = (
  SELECT count(*) FROM tickets t2 WHERE t2.event_id = tickets.event_id AND t2.rowid <= tickets.rowid
);
--> statement-breakpoint
CREATE TRIGGER tickets_change_seq_on_issue
AFTER INSERT ON tickets
BEGIN
  UPDATE tickets SET change_seq = (SELECT coalesce(max(change_seq), 0) + 1 FROM tickets WHERE event_id = NEW.event_id)
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER tickets_change_seq_on_change
AFTER UPDATE OF status, secret_version ON tickets
WHEN NEW.status IS NOT OLD.status OR NEW.secret_version IS NOT OLD.secret_version
BEGIN
  UPDATE tickets SET change_seq = (SELECT coalesce(max(change_seq), 0) + 1 FROM tickets WHERE event_id = NEW.event_id)
  WHERE id = NEW.id;
END;
