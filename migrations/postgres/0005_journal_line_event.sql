ALTER TABLE "journal_lines" ADD COLUMN "event_id" text;--> statement-breakpoint
-- Lines copied before this migration take their entry's event (later copies carry it: src/domains/replication/tables.ts).
UPDATE "journal_lines" l SET "event_id" = e."event_id" FROM "journal_entries" e WHERE e."organization_id" = l."organization_id" AND e."id" = l."entry_id" AND e."event_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "pg_journal_lines_org_event_idx" ON "journal_lines" USING btree ("organization_id","event_id");
