ALTER TABLE "check_ins" ADD COLUMN "session_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "locale" text;--> statement-breakpoint
CREATE INDEX "pg_orders_org_id_idx" ON "orders" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "pg_tickets_org_event_id_idx" ON "tickets" USING btree ("organization_id","event_id","id");