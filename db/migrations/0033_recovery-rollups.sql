CREATE TABLE "payment_recovery_rollups" (
	"merchant_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"method_scope" text NOT NULL,
	"currency" char(3) NOT NULL,
	"day" date NOT NULL,
	"failed_orders" integer DEFAULT 0 NOT NULL,
	"recovered_orders" integer DEFAULT 0 NOT NULL,
	"recovered_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_recovery_rollups_pk" PRIMARY KEY("merchant_id","method_scope","day","store_id","currency")
);
--> statement-breakpoint
ALTER TABLE "payment_recovery_rollups" ADD CONSTRAINT "payment_recovery_rollups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_recovery_rollups" ADD CONSTRAINT "payment_recovery_rollups_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Existing failures: each failed order on the local day of its first failure, overall and per
-- method kind, as rebuildRollups (server/analytics/rollup.service.ts) counts them.
WITH f AS (
  SELECT "order_id", "method_kind"::text AS kind, "occurred_at",
    "recovered_at" IS NOT NULL AS recovered, "recovered_amount_minor"
  FROM "payment_failures" WHERE "kind" IN ('failed', 'expired')),
per_order AS (
  SELECT order_id, bool_or(recovered) AS recovered, max(recovered_amount_minor) AS minor
  FROM f GROUP BY order_id),
scopes AS (
  SELECT order_id, 'any' AS scope, min(occurred_at) AS first_at FROM f GROUP BY order_id
  UNION ALL
  SELECT order_id, kind, min(occurred_at) FROM f GROUP BY order_id, kind)
INSERT INTO "payment_recovery_rollups" ("merchant_id", "store_id", "method_scope", "currency", "day",
  "failed_orders", "recovered_orders", "recovered_minor")
SELECT o."merchant_id", o."store_id", s.scope, o."currency", (s.first_at AT TIME ZONE m."time_zone")::date,
  count(*), count(*) FILTER (WHERE p.recovered), coalesce(sum(p.minor) FILTER (WHERE p.recovered), 0)
FROM scopes s
JOIN per_order p ON p.order_id = s.order_id
JOIN "orders" o ON o."id" = s.order_id
JOIN "merchants" m ON m."id" = o."merchant_id"
GROUP BY 1, 2, 3, 4, 5;
