CREATE TABLE "analytics_scorecards" (
	"merchant_id" uuid PRIMARY KEY NOT NULL,
	"weights" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ratings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_amount_rollups" (
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"day" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"payments" integer DEFAULT 0 NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_amount_rollups_pk" PRIMARY KEY("merchant_id","currency","day","store_id","method_id","amount_minor")
);
--> statement-breakpoint
CREATE TABLE "payment_daily_rollups" (
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"day" date NOT NULL,
	"orders_offered" integer DEFAULT 0 NOT NULL,
	"method_orders_offered" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"paid_orders" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"risk_declines" integer DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	"refund_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_daily_rollups_pk" PRIMARY KEY("merchant_id","currency","day","store_id","method_id")
);
--> statement-breakpoint
CREATE TABLE "payment_failure_rollups" (
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"day" date NOT NULL,
	"reason" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_failure_rollups_pk" PRIMARY KEY("merchant_id","currency","day","store_id","method_id","reason")
);
--> statement-breakpoint
CREATE TABLE "payment_rollups" (
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"day" date NOT NULL,
	"hour" smallint NOT NULL,
	"orders_offered" integer DEFAULT 0 NOT NULL,
	"method_orders_offered" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"paid_orders" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"risk_declines" integer DEFAULT 0 NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	"refund_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_rollups_pk" PRIMARY KEY("merchant_id","currency","day","hour","store_id","method_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_scorecards" ADD CONSTRAINT "analytics_scorecards_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_amount_rollups" ADD CONSTRAINT "payment_amount_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_amount_rollups" ADD CONSTRAINT "payment_amount_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_amount_rollups" ADD CONSTRAINT "payment_amount_rollups_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD CONSTRAINT "payment_daily_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD CONSTRAINT "payment_daily_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD CONSTRAINT "payment_daily_rollups_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failure_rollups" ADD CONSTRAINT "payment_failure_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failure_rollups" ADD CONSTRAINT "payment_failure_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failure_rollups" ADD CONSTRAINT "payment_failure_rollups_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD CONSTRAINT "payment_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD CONSTRAINT "payment_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD CONSTRAINT "payment_rollups_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;