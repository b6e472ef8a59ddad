ALTER TABLE "notifications" ALTER COLUMN "raw_body" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "raw_retention_days" integer DEFAULT 365 NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_body_kept" ON "notifications" USING btree ("merchant_id","received_at") WHERE "notifications"."raw_body" is not null;