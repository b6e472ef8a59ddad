CREATE TYPE "public"."paid_out_kind" AS ENUM('supplier', 'petty_cash', 'other');--> statement-breakpoint
CREATE TYPE "public"."shift_status" AS ENUM('open', 'closed', 'confirmed');--> statement-breakpoint
CREATE TABLE "cash_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"cashier_id" uuid NOT NULL,
	"status" "shift_status" DEFAULT 'open' NOT NULL,
	"currency" char(3) NOT NULL,
	"float_minor" bigint NOT NULL,
	"opened_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"cash_sales_minor" bigint,
	"cash_refunds_minor" bigint,
	"paid_outs_minor" bigint,
	"expected_minor" bigint,
	"counted_minor" bigint,
	"difference_minor" bigint,
	"confirmed_by" uuid,
	"confirmed_at" timestamp (3) with time zone,
	"confirm_note" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shift_paid_outs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"kind" "paid_out_kind" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD COLUMN "shift_id" uuid;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "shift_id" uuid;--> statement-breakpoint
ALTER TABLE "cash_shifts" ADD CONSTRAINT "cash_shifts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_shifts" ADD CONSTRAINT "cash_shifts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_shifts" ADD CONSTRAINT "cash_shifts_cashier_id_users_id_fk" FOREIGN KEY ("cashier_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_shifts" ADD CONSTRAINT "cash_shifts_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_paid_outs" ADD CONSTRAINT "shift_paid_outs_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_paid_outs" ADD CONSTRAINT "shift_paid_outs_shift_id_cash_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."cash_shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_paid_outs" ADD CONSTRAINT "shift_paid_outs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cash_shifts_one_open" ON "cash_shifts" USING btree ("cashier_id","store_id") WHERE "cash_shifts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "cash_shifts_merchant_id_opened_at_id_index" ON "cash_shifts" USING btree ("merchant_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "cash_shifts_merchant_id_cashier_id_opened_at_index" ON "cash_shifts" USING btree ("merchant_id","cashier_id","opened_at");--> statement-breakpoint
CREATE INDEX "cash_shifts_merchant_id_closed_at_index" ON "cash_shifts" USING btree ("merchant_id","closed_at");--> statement-breakpoint
CREATE INDEX "shift_paid_outs_shift_id_created_at_index" ON "shift_paid_outs" USING btree ("shift_id","created_at");--> statement-breakpoint
CREATE INDEX "shift_paid_outs_merchant_id_created_at_index" ON "shift_paid_outs" USING btree ("merchant_id","created_at");--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_shift_id_cash_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."cash_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_shift_id_cash_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."cash_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_attempts_shift_id_index" ON "payment_attempts" USING btree ("shift_id") WHERE "payment_attempts"."shift_id" is not null;--> statement-breakpoint
CREATE INDEX "refunds_shift_id_index" ON "refunds" USING btree ("shift_id") WHERE "refunds"."shift_id" is not null;