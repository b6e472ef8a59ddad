DROP INDEX "orders_merchant_id_status_created_at_index";--> statement-breakpoint
DROP INDEX "orders_merchant_id_store_id_created_at_index";--> statement-breakpoint
DROP INDEX "alerts_merchant_id_resolved_at_created_at_index";--> statement-breakpoint
DROP INDEX "notifications_merchant_id_received_at_index";--> statement-breakpoint
DROP INDEX "orders_merchant_id_created_at_id_index";--> statement-breakpoint
CREATE INDEX "orders_merchant_id_status_created_at_id_index" ON "orders" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_merchant_id_store_id_created_at_id_index" ON "orders" USING btree ("merchant_id","store_id","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_merchant_id_amount_minor_id_index" ON "orders" USING btree ("merchant_id","amount_minor","id");--> statement-breakpoint
CREATE INDEX "alerts_merchant_id_resolved_at_created_at_index" ON "alerts" USING btree ("merchant_id","resolved_at","created_at");--> statement-breakpoint
CREATE INDEX "notifications_merchant_id_received_at_index" ON "notifications" USING btree ("merchant_id","received_at");--> statement-breakpoint
CREATE INDEX "orders_merchant_id_created_at_id_index" ON "orders" USING btree ("merchant_id","created_at","id");