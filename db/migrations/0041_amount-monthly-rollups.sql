CREATE TABLE "payment_amount_monthly_rollups" (
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"month" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"stripe" smallint DEFAULT 0 NOT NULL,
	"payments" integer DEFAULT 0 NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_amount_monthly_rollups_pk" PRIMARY KEY("merchant_id","currency","month","store_id","method_id","amount_minor","stripe")
);
--> statement-breakpoint
ALTER TABLE "payment_amount_monthly_rollups" ADD CONSTRAINT "payment_amount_monthly_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_amount_monthly_rollups" ADD CONSTRAINT "payment_amount_monthly_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_amount_monthly_rollups" ADD CONSTRAINT "payment_amount_monthly_rollups_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The months of the payments so far, from their days (what
-- server/analytics/rollup.service.ts rebuildRollups computes), the days' stripes summed.
INSERT INTO "payment_amount_monthly_rollups" ("merchant_id", "store_id", "method_id", "currency", "month", "amount_minor", "payments", "fee_minor")
SELECT "merchant_id", "store_id", "method_id", "currency", date_trunc('month', "day"::timestamp)::date, "amount_minor", sum("payments"), sum("fee_minor")
FROM "payment_amount_rollups"
GROUP BY 1, 2, 3, 4, 5, 6;
