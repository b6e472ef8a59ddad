CREATE TYPE "public"."alert_status" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
DROP INDEX "alerts_merchant_id_resolved_at_created_at_index";--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "email_owners_on_alert" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "status" "alert_status" DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "acknowledged_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "acknowledged_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "resolution_note" text;--> statement-breakpoint
-- Alerts resolved before the console existed keep their state.
UPDATE "alerts" SET "status" = 'resolved' WHERE "resolved_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_merchant_created" ON "alerts" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "alerts_merchant_status_created" ON "alerts" USING btree ("merchant_id","status","created_at","id");