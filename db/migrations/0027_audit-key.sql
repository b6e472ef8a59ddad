ALTER TABLE "audit_log" ADD COLUMN "key_id" text;--> statement-breakpoint
CREATE INDEX "audit_log_page" ON "audit_log" USING btree ("merchant_id","seq","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_page" ON "audit_log" USING btree ("merchant_id","actor_user_id","seq","id");