ALTER TABLE "statement_lines" DROP CONSTRAINT "statement_lines_merchant_id_merchants_id_fk";
--> statement-breakpoint
ALTER TABLE "statement_lines" DROP CONSTRAINT "statement_lines_method_id_payment_methods_id_fk";
--> statement-breakpoint
DROP INDEX "statement_lines_attempt_id_index";--> statement-breakpoint
DROP INDEX "statement_lines_method_id_provider_refund_id_index";--> statement-breakpoint
DROP INDEX "statement_lines_refund_id_index";--> statement-breakpoint
CREATE INDEX "payment_attempts_method_id_succeeded_at_index" ON "payment_attempts" USING btree ("method_id","succeeded_at") WHERE "payment_attempts"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "refunds_method_id_provider_refund_id_index" ON "refunds" USING btree ("method_id","provider_refund_id");--> statement-breakpoint
CREATE INDEX "refunds_method_id_succeeded_at_index" ON "refunds" USING btree ("method_id","succeeded_at") WHERE "refunds"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "statement_lines_attempt_id_statement_id_index" ON "statement_lines" USING btree ("attempt_id","statement_id");--> statement-breakpoint
CREATE INDEX "statement_lines_method_id_provider_refund_id_index" ON "statement_lines" USING btree ("method_id","provider_refund_id") WHERE "statement_lines"."provider_refund_id" is not null;--> statement-breakpoint
CREATE INDEX "statement_lines_refund_id_index" ON "statement_lines" USING btree ("refund_id") WHERE "statement_lines"."refund_id" is not null;