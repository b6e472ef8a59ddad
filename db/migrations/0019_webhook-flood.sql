ALTER TABLE "sign_in_throttles" RENAME TO "throttles";--> statement-breakpoint
ALTER TABLE "payment_failures" ADD COLUMN "occurrences" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_failures_rejected_hour" ON "payment_failures" USING btree ("method_id","occurred_at") WHERE "payment_failures"."kind" = 'notification_rejected';