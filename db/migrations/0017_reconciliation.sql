CREATE TYPE "public"."recon_day_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."recon_difference_kind" AS ENUM('missing_here', 'missing_there', 'amount_mismatch', 'fee_mismatch', 'refund_mismatch', 'duplicate_line');--> statement-breakpoint
CREATE TYPE "public"."recon_difference_status" AS ENUM('open', 'resolved', 'cleared');--> statement-breakpoint
CREATE TYPE "public"."recon_resolution" AS ENUM('applied_by_query', 'accepted', 'provider_error', 'fee_rule_corrected');--> statement-breakpoint
CREATE TYPE "public"."statement_format" AS ENUM('wechat_trade', 'alipay_trade', 'paypal_trr', 'stripe_balance', 'stripe_itemized', 'generic_csv');--> statement-breakpoint
CREATE TYPE "public"."statement_line_kind" AS ENUM('payment', 'refund', 'other');--> statement-breakpoint
CREATE TYPE "public"."statement_line_state" AS ENUM('pending', 'matched', 'difference', 'repeat', 'ignored');--> statement-breakpoint
CREATE TYPE "public"."statement_status" AS ENUM('importing', 'imported', 'failed');--> statement-breakpoint
CREATE TABLE "recon_days" (
	"merchant_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"day" date NOT NULL,
	"status" "recon_day_status" DEFAULT 'open' NOT NULL,
	"currency" char(3),
	"line_count" integer,
	"gross_minor" bigint,
	"their_fees_minor" bigint,
	"our_fees_minor" bigint,
	"refunds_minor" bigint,
	"net_minor" bigint,
	"expected_settlement_day" date,
	"closed_by" uuid,
	"closed_at" timestamp (3) with time zone,
	"reopened_reason" text,
	"reopened_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recon_days_method_id_day_pk" PRIMARY KEY("method_id","day")
);
--> statement-breakpoint
CREATE TABLE "recon_differences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"day" date NOT NULL,
	"kind" "recon_difference_kind" NOT NULL,
	"subject_key" text NOT NULL,
	"status" "recon_difference_status" DEFAULT 'open' NOT NULL,
	"line_id" uuid,
	"attempt_id" uuid,
	"refund_id" uuid,
	"order_id" uuid,
	"currency" char(3) NOT NULL,
	"our_amount_minor" bigint,
	"their_amount_minor" bigint,
	"our_fee_minor" bigint,
	"their_fee_minor" bigint,
	"resolution" "recon_resolution",
	"resolution_note" text,
	"resolved_by" uuid,
	"resolved_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recon_differences_once" UNIQUE("method_id","kind","subject_key")
);
--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"statement_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"kind" "statement_line_kind" NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"day" date NOT NULL,
	"provider_txn_id" text,
	"merchant_ref" text,
	"provider_refund_id" text,
	"merchant_refund_ref" text,
	"currency" char(3) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	"provider_status" text,
	"raw" text NOT NULL,
	"state" "statement_line_state" DEFAULT 'pending' NOT NULL,
	"attempt_id" uuid,
	"refund_id" uuid,
	CONSTRAINT "statement_lines_statementId_lineNo_unique" UNIQUE("statement_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "statement_mappings" (
	"method_id" uuid PRIMARY KEY NOT NULL,
	"merchant_id" uuid NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"format" "statement_format" NOT NULL,
	"status" "statement_status" DEFAULT 'importing' NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" char(64) NOT NULL,
	"byte_size" bigint NOT NULL,
	"encoding" text NOT NULL,
	"currency" char(3),
	"first_day" date,
	"last_day" date,
	"line_count" integer DEFAULT 0 NOT NULL,
	"payments_minor" bigint DEFAULT 0 NOT NULL,
	"refunds_minor" bigint DEFAULT 0 NOT NULL,
	"fees_minor" bigint DEFAULT 0 NOT NULL,
	"declared_line_count" integer,
	"declared_payments_minor" bigint,
	"declared_refunds_minor" bigint,
	"declared_fees_minor" bigint,
	"error_key" text,
	"error_details" jsonb,
	"imported_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"imported_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "recon_days" ADD CONSTRAINT "recon_days_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_days" ADD CONSTRAINT "recon_days_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_days" ADD CONSTRAINT "recon_days_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_line_id_statement_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."statement_lines"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_differences" ADD CONSTRAINT "recon_differences_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_mappings" ADD CONSTRAINT "statement_mappings_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_mappings" ADD CONSTRAINT "statement_mappings_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_mappings" ADD CONSTRAINT "statement_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recon_days_merchant_id_day_index" ON "recon_days" USING btree ("merchant_id","day");--> statement-breakpoint
CREATE INDEX "recon_differences_merchant_id_status_day_id_index" ON "recon_differences" USING btree ("merchant_id","status","day","id");--> statement-breakpoint
CREATE INDEX "recon_differences_method_id_day_index" ON "recon_differences" USING btree ("method_id","day");--> statement-breakpoint
CREATE INDEX "statement_lines_method_id_provider_txn_id_index" ON "statement_lines" USING btree ("method_id","provider_txn_id");--> statement-breakpoint
CREATE INDEX "statement_lines_method_id_provider_refund_id_index" ON "statement_lines" USING btree ("method_id","provider_refund_id");--> statement-breakpoint
CREATE INDEX "statement_lines_merchant_id_method_id_day_index" ON "statement_lines" USING btree ("merchant_id","method_id","day");--> statement-breakpoint
CREATE INDEX "statement_lines_attempt_id_index" ON "statement_lines" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "statement_lines_refund_id_index" ON "statement_lines" USING btree ("refund_id");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_file_once" ON "statements" USING btree ("merchant_id","method_id","file_sha256") WHERE "statements"."status" <> 'failed';--> statement-breakpoint
CREATE INDEX "statements_merchant_id_created_at_id_index" ON "statements" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "statements_method_id_first_day_last_day_index" ON "statements" USING btree ("method_id","first_day","last_day");