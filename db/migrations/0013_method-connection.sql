CREATE TABLE "demo_shops" (
	"merchant_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "connection_checked_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "connection_ok" boolean;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "connection_error" text;--> statement-breakpoint
ALTER TABLE "demo_shops" ADD CONSTRAINT "demo_shops_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill: a demo shop seeded before this table existed keeps its sandbox wallets.
INSERT INTO "demo_shops" ("merchant_id") SELECT "id" FROM "merchants" WHERE "name" = '示例咖啡馆 Demo Café' AND NOT EXISTS (SELECT 1 FROM "practice_shops" p WHERE p."merchant_id" = "merchants"."id") ON CONFLICT DO NOTHING;
