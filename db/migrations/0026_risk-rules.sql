CREATE TABLE "risk_hits" (
	"merchant_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"subject" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "risk_hits_merchant_id_rule_subject_at_pk" PRIMARY KEY("merchant_id","rule","subject","at")
);
--> statement-breakpoint
CREATE TABLE "risk_rule_settings" (
	"merchant_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_rule_settings_merchant_id_rule_pk" PRIMARY KEY("merchant_id","rule")
);
--> statement-breakpoint
CREATE TABLE "risk_staff_days" (
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"user_id" uuid NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "risk_staff_days_merchant_id_store_id_kind_day_user_id_pk" PRIMARY KEY("merchant_id","store_id","kind","day","user_id")
);
--> statement-breakpoint
CREATE TABLE "risk_watermarks" (
	"merchant_id" uuid PRIMARY KEY NOT NULL,
	"evaluated_until" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_hits" ADD CONSTRAINT "risk_hits_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_rule_settings" ADD CONSTRAINT "risk_rule_settings_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_rule_settings" ADD CONSTRAINT "risk_rule_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_staff_days" ADD CONSTRAINT "risk_staff_days_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_staff_days" ADD CONSTRAINT "risk_staff_days_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_staff_days" ADD CONSTRAINT "risk_staff_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_watermarks" ADD CONSTRAINT "risk_watermarks_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_hits_merchant_id_rule_at_index" ON "risk_hits" USING btree ("merchant_id","rule","at");--> statement-breakpoint
CREATE INDEX "orders_paid_by_time" ON "orders" USING btree ("merchant_id","paid_at") WHERE "orders"."paid_at" is not null;