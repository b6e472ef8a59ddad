CREATE TYPE "public"."promotion_benefit" AS ENUM('amount_off', 'percent_off', 'item_price');--> statement-breakpoint
CREATE TYPE "public"."promotion_hold_status" AS ENUM('reserved', 'consumed', 'released');--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"key_hash" text,
	"first_method_id" uuid,
	"first_seen_at" timestamp (3) with time zone NOT NULL,
	"last_seen_at" timestamp (3) with time zone NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"switched_order_id" uuid,
	"switched_to_method_id" uuid,
	"switched_at" timestamp (3) with time zone,
	"erased_at" timestamp (3) with time zone,
	CONSTRAINT "customers_merchantId_keyHash_unique" UNIQUE("merchant_id","key_hash")
);
--> statement-breakpoint
CREATE TABLE "customer_daily_rollups" (
	"merchant_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"day" date NOT NULL,
	"method_id" uuid NOT NULL,
	"is_returning" boolean NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_daily_rollups_merchant_id_currency_day_method_id_is_returning_pk" PRIMARY KEY("merchant_id","currency","day","method_id","is_returning")
);
--> statement-breakpoint
CREATE TABLE "customer_method_totals" (
	"customer_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_method_totals_customer_id_method_id_currency_pk" PRIMARY KEY("customer_id","method_id","currency")
);
--> statement-breakpoint
CREATE TABLE "receipt_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"method_id" uuid,
	"cashier_id" uuid,
	"score" smallint NOT NULL,
	"comment" text,
	"locale" "locale",
	"day" date NOT NULL,
	"reply_note_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receipt_feedback_orderId_unique" UNIQUE("order_id"),
	CONSTRAINT "receipt_feedback_score" CHECK ("receipt_feedback"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "satisfaction_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"store_id" uuid NOT NULL,
	"method_id" uuid,
	"cashier_id" uuid,
	"answers" integer DEFAULT 0 NOT NULL,
	"score_sum" integer DEFAULT 0 NOT NULL,
	"low_scores" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "satisfaction_rollups_bucket" UNIQUE NULLS NOT DISTINCT("merchant_id","day","store_id","method_id","cashier_id")
);
--> statement-breakpoint
CREATE TABLE "promotion_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"promotion_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"attempt_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"customer_key" text,
	"status" "promotion_hold_status" DEFAULT 'reserved' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"currency" char(3) NOT NULL,
	"any_wallet" boolean DEFAULT false NOT NULL,
	"method_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"store_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"hour_from" smallint DEFAULT 0 NOT NULL,
	"hour_to" smallint DEFAULT 24 NOT NULL,
	"min_order_minor" bigint DEFAULT 0 NOT NULL,
	"benefit" "promotion_benefit" NOT NULL,
	"amount_off_minor" bigint,
	"percent_off_bps" integer,
	"cap_minor" bigint,
	"item_name" text,
	"item_price_minor" bigint,
	"provider_share_bps" integer DEFAULT 0 NOT NULL,
	"budget_minor" bigint NOT NULL,
	"reserved_minor" bigint DEFAULT 0 NOT NULL,
	"spent_minor" bigint DEFAULT 0 NOT NULL,
	"per_customer_limit" integer,
	"stackable" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotions_within_budget" CHECK ("promotions"."reserved_minor" >= 0 and "promotions"."spent_minor" >= 0 and "promotions"."reserved_minor" + "promotions"."spent_minor" <= "promotions"."budget_minor")
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_first_method_id_payment_methods_id_fk" FOREIGN KEY ("first_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_switched_to_method_id_payment_methods_id_fk" FOREIGN KEY ("switched_to_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_daily_rollups" ADD CONSTRAINT "customer_daily_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_daily_rollups" ADD CONSTRAINT "customer_daily_rollups_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_method_totals" ADD CONSTRAINT "customer_method_totals_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_method_totals" ADD CONSTRAINT "customer_method_totals_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_method_totals" ADD CONSTRAINT "customer_method_totals_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_feedback" ADD CONSTRAINT "receipt_feedback_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_feedback" ADD CONSTRAINT "receipt_feedback_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_feedback" ADD CONSTRAINT "receipt_feedback_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_feedback" ADD CONSTRAINT "receipt_feedback_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_feedback" ADD CONSTRAINT "receipt_feedback_cashier_id_users_id_fk" FOREIGN KEY ("cashier_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_feedback" ADD CONSTRAINT "receipt_feedback_reply_note_id_support_notes_id_fk" FOREIGN KEY ("reply_note_id") REFERENCES "public"."support_notes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_rollups" ADD CONSTRAINT "satisfaction_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_rollups" ADD CONSTRAINT "satisfaction_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_rollups" ADD CONSTRAINT "satisfaction_rollups_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "satisfaction_rollups" ADD CONSTRAINT "satisfaction_rollups_cashier_id_users_id_fk" FOREIGN KEY ("cashier_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_merchant_id_first_method_id_index" ON "customers" USING btree ("merchant_id","first_method_id");--> statement-breakpoint
CREATE INDEX "customer_method_totals_merchant_id_currency_index" ON "customer_method_totals" USING btree ("merchant_id","currency");--> statement-breakpoint
CREATE INDEX "receipt_feedback_merchant_id_created_at_id_index" ON "receipt_feedback" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "receipt_feedback_merchant_id_score_created_at_id_index" ON "receipt_feedback" USING btree ("merchant_id","score","created_at","id");--> statement-breakpoint
CREATE INDEX "promotion_holds_attempt_id_index" ON "promotion_holds" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "promotion_holds_order_id_index" ON "promotion_holds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "promotion_holds_promotion_id_customer_key_index" ON "promotion_holds" USING btree ("promotion_id","customer_key");--> statement-breakpoint
CREATE INDEX "promotions_merchant_id_starts_on_index" ON "promotions" USING btree ("merchant_id","starts_on");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_customer_id_index" ON "orders" USING btree ("customer_id");