-- What an offline gate showed and whether the scan let someone in on a used ticket (D1 0034), so they outlive archival.
ALTER TABLE "check_ins" ADD COLUMN "shown_result" text;--> statement-breakpoint
ALTER TABLE "check_ins" ADD COLUMN "double_admission" boolean DEFAULT false NOT NULL;