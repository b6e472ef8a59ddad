CREATE TYPE "public"."refund_fee_rule" AS ENUM('full', 'proportional', 'none');--> statement-breakpoint
CREATE TYPE "public"."refund_reason" AS ENUM('customer_request', 'duplicate_payment', 'wrong_amount', 'product_issue', 'order_cancelled', 'other');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('awaiting_approval', 'requested', 'pending', 'succeeded', 'failed');--> statement-breakpoint
ALTER TYPE "public"."failure_kind" ADD VALUE 'refund_failed';--> statement-breakpoint
CREATE TABLE "sandbox_wallet_refunds" (
	"refund_id" text PRIMARY KEY NOT NULL,
	"method_id" uuid NOT NULL,
	"attempt_token" text NOT NULL,
	"provider_refund_id" text NOT NULL,
	"outcome" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_wallet_refunds_providerRefundId_unique" UNIQUE("provider_refund_id")
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"status" "refund_status" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" "refund_reason" NOT NULL,
	"reason_text" text,
	"requested_by" uuid,
	"approved_by" uuid,
	"refused_by" uuid,
	"refuse_reason" text,
	"decided_at" timestamp (3) with time zone,
	"redeemed_voucher_confirmed_by" uuid,
	"provider_refund_id" text,
	"failure_code" text,
	"failure_message" text,
	"fee_refunded_minor" bigint,
	"next_query_at" timestamp (3) with time zone,
	"query_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"succeeded_at" timestamp (3) with time zone,
	"failed_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "refund_approval_threshold_minor" bigint;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "refund_window_days" integer DEFAULT 365 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "refund_fee_rule" "refund_fee_rule" DEFAULT 'proportional' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD COLUMN "refund_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD COLUMN "refunds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD COLUMN "refund_fee_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD COLUMN "refunds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD COLUMN "refund_fee_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_wallet_refunds" ADD CONSTRAINT "sandbox_wallet_refunds_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_refused_by_users_id_fk" FOREIGN KEY ("refused_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_redeemed_voucher_confirmed_by_users_id_fk" FOREIGN KEY ("redeemed_voucher_confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refunds_merchant_id_created_at_id_index" ON "refunds" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "refunds_merchant_id_status_created_at_id_index" ON "refunds" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "refunds_order_id_created_at_index" ON "refunds" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "refunds_attempt_id_index" ON "refunds" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "refunds_open_by_next_query" ON "refunds" USING btree ("next_query_at") WHERE "refunds"."status" in ('requested', 'pending');--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_refunds_within_paid" CHECK ("payment_attempts"."refunded_minor" >= 0 and "payment_attempts"."refunded_minor" <= "payment_attempts"."amount_minor");