ALTER TABLE "voucher_code_failures" ADD COLUMN "cleared_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "voucher_code_failures" ADD COLUMN "cleared_by" uuid;--> statement-breakpoint
ALTER TABLE "voucher_code_failures" ADD CONSTRAINT "voucher_code_failures_cleared_by_users_id_fk" FOREIGN KEY ("cleared_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "voucher_code_failures_merchant_id_created_at_index" ON "voucher_code_failures" USING btree ("merchant_id","created_at");