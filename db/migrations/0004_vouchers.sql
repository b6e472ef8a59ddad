CREATE TYPE "public"."voucher_status" AS ENUM('issued', 'redeemed', 'void');--> statement-breakpoint
CREATE TABLE "order_voucher_terms" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"uses" integer NOT NULL,
	"valid_days" integer,
	"store_only" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voucher_code_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"user_id" uuid,
	"device_id" text,
	"attempted" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voucher_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"voucher_id" uuid NOT NULL,
	"staff_user_id" uuid,
	"store_id" uuid NOT NULL,
	"device_id" text,
	"redeemed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"reversed_at" timestamp (3) with time zone,
	"reversed_by" uuid,
	"reverse_reason" text
);
--> statement-breakpoint
CREATE TABLE "voucher_settings" (
	"merchant_id" uuid PRIMARY KEY NOT NULL,
	"default_uses" integer DEFAULT 1 NOT NULL,
	"valid_days" integer,
	"store_only" boolean DEFAULT false NOT NULL,
	"reversal_window_minutes" integer DEFAULT 10 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"code" text NOT NULL,
	"store_id" uuid,
	"value_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"uses_total" integer NOT NULL,
	"uses_left" integer NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"status" "voucher_status" DEFAULT 'issued' NOT NULL,
	"void_reason" text,
	"voided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vouchers_orderId_unique" UNIQUE("order_id"),
	CONSTRAINT "vouchers_code_unique" UNIQUE("code"),
	CONSTRAINT "vouchers_uses_in_range" CHECK ("vouchers"."uses_left" >= 0 and "vouchers"."uses_left" <= "vouchers"."uses_total")
);
--> statement-breakpoint
ALTER TABLE "order_voucher_terms" ADD CONSTRAINT "order_voucher_terms_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_code_failures" ADD CONSTRAINT "voucher_code_failures_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_code_failures" ADD CONSTRAINT "voucher_code_failures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_voucher_id_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."vouchers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_reversed_by_users_id_fk" FOREIGN KEY ("reversed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_settings" ADD CONSTRAINT "voucher_settings_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "voucher_code_failures_user_id_created_at_index" ON "voucher_code_failures" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "voucher_code_failures_merchant_id_device_id_created_at_index" ON "voucher_code_failures" USING btree ("merchant_id","device_id","created_at");--> statement-breakpoint
CREATE INDEX "voucher_redemptions_merchant_id_redeemed_at_id_index" ON "voucher_redemptions" USING btree ("merchant_id","redeemed_at","id");--> statement-breakpoint
CREATE INDEX "voucher_redemptions_merchant_id_store_id_redeemed_at_id_index" ON "voucher_redemptions" USING btree ("merchant_id","store_id","redeemed_at","id");--> statement-breakpoint
CREATE INDEX "voucher_redemptions_merchant_id_staff_user_id_redeemed_at_id_index" ON "voucher_redemptions" USING btree ("merchant_id","staff_user_id","redeemed_at","id");--> statement-breakpoint
CREATE INDEX "voucher_redemptions_voucher_id_redeemed_at_index" ON "voucher_redemptions" USING btree ("voucher_id","redeemed_at");--> statement-breakpoint
CREATE INDEX "vouchers_merchant_id_status_expires_at_index" ON "vouchers" USING btree ("merchant_id","status","expires_at");--> statement-breakpoint
CREATE INDEX "vouchers_merchant_id_created_at_id_index" ON "vouchers" USING btree ("merchant_id","created_at","id");