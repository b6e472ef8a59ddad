CREATE TABLE "outside_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	"attempt_id" uuid,
	"reference" text,
	"amount_minor" bigint,
	"currency" char(3),
	"provider_refund_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outside_refunds" ADD CONSTRAINT "outside_refunds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_refunds" ADD CONSTRAINT "outside_refunds_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outside_refunds" ADD CONSTRAINT "outside_refunds_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outside_refunds_attempt_id_index" ON "outside_refunds" USING btree ("attempt_id");--> statement-breakpoint
-- The refunds already told by an alert before this table existed, so that a provider's refunded
-- total reported again is not told a second time.
INSERT INTO "outside_refunds" ("merchant_id", "method_id", "attempt_id", "reference", "amount_minor", "currency", "provider_refund_id", "created_at")
SELECT "alerts"."merchant_id",
	coalesce("payment_attempts"."method_id", CASE WHEN "alerts"."entity_type" = 'payment_method' THEN ("alerts"."entity_id")::uuid END),
	"payment_attempts"."id",
	"alerts"."details"->>'reference',
	("alerts"."details"->>'amountMinor')::bigint,
	"alerts"."details"->>'currency',
	"alerts"."details"->>'providerRefundId',
	"alerts"."created_at"
FROM "alerts"
LEFT JOIN "payment_attempts" ON "alerts"."entity_type" = 'order' AND "payment_attempts"."token" = "alerts"."details"->>'reference' AND "payment_attempts"."merchant_id" = "alerts"."merchant_id"
WHERE "alerts"."kind" = 'refund_outside_hexiao'
	AND coalesce("payment_attempts"."method_id", CASE WHEN "alerts"."entity_type" = 'payment_method' THEN ("alerts"."entity_id")::uuid END) IS NOT NULL;
