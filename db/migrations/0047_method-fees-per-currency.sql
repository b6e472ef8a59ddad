CREATE TABLE "payment_method_fees" (
	"method_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"fixed_minor" bigint DEFAULT 0 NOT NULL,
	"min_minor" bigint,
	"max_minor" bigint,
	CONSTRAINT "payment_method_fees_method_id_currency_pk" PRIMARY KEY("method_id","currency"),
	CONSTRAINT "payment_method_fees_amounts" CHECK ("payment_method_fees"."fixed_minor" >= 0 and coalesce("payment_method_fees"."min_minor", 0) >= 0 and coalesce("payment_method_fees"."max_minor", 0) >= 0),
	CONSTRAINT "payment_method_fees_min_max" CHECK ("payment_method_fees"."min_minor" is null or "payment_method_fees"."max_minor" is null or "payment_method_fees"."min_minor" <= "payment_method_fees"."max_minor")
);
--> statement-breakpoint
ALTER TABLE "payment_method_fees" ADD CONSTRAINT "payment_method_fees_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each currency a method takes keeps the amounts it was charged until now, so no figure changes.
-- A minimum above the maximum (never accepted by the form) always charged the maximum: so does
-- a minimum equal to it.
INSERT INTO "payment_method_fees" ("method_id", "currency", "fixed_minor", "min_minor", "max_minor")
SELECT DISTINCT m."id", c.code, m."fee_fixed_minor",
  CASE WHEN m."fee_min_minor" > m."fee_max_minor" THEN m."fee_max_minor" ELSE m."fee_min_minor" END,
  m."fee_max_minor"
FROM "payment_methods" m CROSS JOIN LATERAL unnest(m."currencies") AS c(code);--> statement-breakpoint
ALTER TABLE "payment_methods" DROP COLUMN "fee_fixed_minor";--> statement-breakpoint
ALTER TABLE "payment_methods" DROP COLUMN "fee_min_minor";--> statement-breakpoint
ALTER TABLE "payment_methods" DROP COLUMN "fee_max_minor";