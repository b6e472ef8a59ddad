CREATE TABLE "customer_first_method_rollups" (
	"merchant_id" uuid NOT NULL,
	"first_method_id" uuid NOT NULL,
	"customers" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_first_method_rollups_merchant_id_first_method_id_pk" PRIMARY KEY("merchant_id","first_method_id")
);
--> statement-breakpoint
CREATE TABLE "customer_lifetime_rollups" (
	"merchant_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"first_method_id" uuid NOT NULL,
	"customers" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_lifetime_rollups_merchant_id_currency_first_method_id_pk" PRIMARY KEY("merchant_id","currency","first_method_id")
);
--> statement-breakpoint
CREATE TABLE "customer_switch_rollups" (
	"merchant_id" uuid NOT NULL,
	"from_method_id" uuid NOT NULL,
	"to_method_id" uuid NOT NULL,
	"promotion_id" uuid,
	"customers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_switch_rollups_key" UNIQUE NULLS NOT DISTINCT("merchant_id","from_method_id","to_method_id","promotion_id")
);
--> statement-breakpoint
ALTER TABLE "customer_first_method_rollups" ADD CONSTRAINT "customer_first_method_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_first_method_rollups" ADD CONSTRAINT "customer_first_method_rollups_first_method_id_payment_methods_id_fk" FOREIGN KEY ("first_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_lifetime_rollups" ADD CONSTRAINT "customer_lifetime_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_lifetime_rollups" ADD CONSTRAINT "customer_lifetime_rollups_first_method_id_payment_methods_id_fk" FOREIGN KEY ("first_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_switch_rollups" ADD CONSTRAINT "customer_switch_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_switch_rollups" ADD CONSTRAINT "customer_switch_rollups_from_method_id_payment_methods_id_fk" FOREIGN KEY ("from_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_switch_rollups" ADD CONSTRAINT "customer_switch_rollups_to_method_id_payment_methods_id_fk" FOREIGN KEY ("to_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_switch_rollups" ADD CONSTRAINT "customer_switch_rollups_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The shops' all-time customer figures so far, from the customers' rows (what
-- server/customers/customer-rollups.service.ts rebuildCustomerRollups computes).
INSERT INTO "customer_first_method_rollups" ("merchant_id", "first_method_id", "customers", "returned")
SELECT c."merchant_id", c."first_method_id", count(*), count(*) FILTER (WHERE c."orders" > 1)
FROM "customers" c WHERE c."first_method_id" IS NOT NULL
GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "customer_lifetime_rollups" ("merchant_id", "currency", "first_method_id", "customers", "amount_minor")
SELECT c."merchant_id", t."currency", c."first_method_id", count(DISTINCT c."id"), sum(t."amount_minor")
FROM "customers" c JOIN "customer_method_totals" t ON t."customer_id" = c."id"
WHERE c."first_method_id" IS NOT NULL
GROUP BY 1, 2, 3;--> statement-breakpoint
INSERT INTO "customer_switch_rollups" ("merchant_id", "from_method_id", "to_method_id", "promotion_id", "customers")
SELECT c."merchant_id", c."first_method_id", c."switched_to_method_id", h."promotion_id", count(*)
FROM "customers" c
LEFT JOIN "promotion_holds" h ON h."order_id" = c."switched_order_id" AND h."status" = 'consumed'
WHERE c."first_method_id" IS NOT NULL AND c."switched_to_method_id" IS NOT NULL
GROUP BY 1, 2, 3, 4;
