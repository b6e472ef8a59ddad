ALTER TABLE "orders" ADD COLUMN "items_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_number_trgm" ON "orders" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_items_text_trgm" ON "orders" USING gin ("items_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_pending_by_created" ON "orders" USING btree ("created_at") WHERE "orders"."status" = 'pending';