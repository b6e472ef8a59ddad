ALTER TABLE "payment_amount_rollups" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_failure_rollups" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_recovery_rollups" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_amount_rollups" DROP CONSTRAINT "payment_amount_rollups_pk";
--> statement-breakpoint
ALTER TABLE "payment_amount_rollups" ADD CONSTRAINT "payment_amount_rollups_pk" PRIMARY KEY("merchant_id","currency","day","store_id","method_id","amount_minor","stripe");--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" DROP CONSTRAINT "payment_daily_rollups_pk";
--> statement-breakpoint
ALTER TABLE "payment_daily_rollups" ADD CONSTRAINT "payment_daily_rollups_pk" PRIMARY KEY("merchant_id","currency","day","store_id","method_id","stripe");--> statement-breakpoint
ALTER TABLE "payment_failure_rollups" DROP CONSTRAINT "payment_failure_rollups_pk";
--> statement-breakpoint
ALTER TABLE "payment_failure_rollups" ADD CONSTRAINT "payment_failure_rollups_pk" PRIMARY KEY("merchant_id","currency","day","store_id","method_id","reason","stripe");--> statement-breakpoint
ALTER TABLE "payment_recovery_rollups" DROP CONSTRAINT "payment_recovery_rollups_pk";
--> statement-breakpoint
ALTER TABLE "payment_recovery_rollups" ADD CONSTRAINT "payment_recovery_rollups_pk" PRIMARY KEY("merchant_id","method_scope","day","store_id","currency","stripe");--> statement-breakpoint
ALTER TABLE "payment_rollups" DROP CONSTRAINT "payment_rollups_pk";
--> statement-breakpoint
ALTER TABLE "payment_rollups" ADD CONSTRAINT "payment_rollups_pk" PRIMARY KEY("merchant_id","currency","day","hour","store_id","method_id","stripe");