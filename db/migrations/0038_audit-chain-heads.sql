CREATE TABLE "audit_chain_heads" (
	"merchant_id" uuid,
	"seq" bigint NOT NULL,
	"hash" text,
	CONSTRAINT "audit_chain_heads_merchantId_unique" UNIQUE NULLS NOT DISTINCT("merchant_id")
);
--> statement-breakpoint
ALTER TABLE "audit_chain_heads" ADD CONSTRAINT "audit_chain_heads_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each existing chain's head: its newest row.
INSERT INTO "audit_chain_heads" ("merchant_id", "seq", "hash")
SELECT DISTINCT ON ("merchant_id") "merchant_id", "seq", "hash" FROM "audit_log" ORDER BY "merchant_id", "seq" DESC;
