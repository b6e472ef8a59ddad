CREATE TYPE "public"."promotion_benefit" AS ENUM('amount_off', 'percent_off', 'item_price');--> statement-breakpoint
CREATE TYPE "public"."promotion_hold_status" AS ENUM('reserved', 'consumed', 'released');--> statement-breakpoint
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
ALTER TABLE "payment_attempts" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_holds" ADD CONSTRAINT "promotion_holds_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promotion_holds_attempt_id_index" ON "promotion_holds" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "promotion_holds_order_id_index" ON "promotion_holds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "promotion_holds_promotion_id_customer_key_index" ON "promotion_holds" USING btree ("promotion_id","customer_key");--> statement-breakpoint
CREATE INDEX "promotions_merchant_id_starts_on_index" ON "promotions" USING btree ("merchant_id","starts_on");