CREATE TYPE "public"."outbox_state" AS ENUM('pending', 'sending', 'sent', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."failure_kind" AS ENUM('failed', 'expired', 'amount_mismatch', 'notification_rejected');--> statement-breakpoint
CREATE TYPE "public"."support_note_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TABLE "payment_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"kind" "failure_kind" NOT NULL,
	"order_id" uuid,
	"attempt_id" uuid,
	"notification_id" uuid,
	"reason" text NOT NULL,
	"provider_code" text,
	"provider_message" text,
	"method_id" uuid,
	"method_kind" "payment_method_kind" NOT NULL,
	"store_id" uuid,
	"staff_user_id" uuid,
	"amount_minor" bigint,
	"currency" char(3),
	"customer_contact" text,
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"recovered_at" timestamp (3) with time zone,
	"recovered_amount_minor" bigint,
	"recovered_attempt_id" uuid
);
--> statement-breakpoint
CREATE TABLE "support_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"body" text NOT NULL,
	"status" "support_note_status" DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "state" "outbox_state" DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "tries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "next_try_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_method_id_payment_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_failures" ADD CONSTRAINT "payment_failures_recovered_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("recovered_attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_notes" ADD CONSTRAINT "support_notes_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_notes" ADD CONSTRAINT "support_notes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_notes" ADD CONSTRAINT "support_notes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_notes" ADD CONSTRAINT "support_notes_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_failures_merchant_id_occurred_at_id_index" ON "payment_failures" USING btree ("merchant_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "payment_failures_merchant_id_reason_occurred_at_id_index" ON "payment_failures" USING btree ("merchant_id","reason","occurred_at","id");--> statement-breakpoint
CREATE INDEX "payment_failures_merchant_id_method_kind_occurred_at_id_index" ON "payment_failures" USING btree ("merchant_id","method_kind","occurred_at","id");--> statement-breakpoint
CREATE INDEX "payment_failures_merchant_id_store_id_occurred_at_id_index" ON "payment_failures" USING btree ("merchant_id","store_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "payment_failures_order_id_occurred_at_index" ON "payment_failures" USING btree ("order_id","occurred_at");--> statement-breakpoint
CREATE INDEX "support_notes_order_id_created_at_index" ON "support_notes" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "support_notes_merchant_id_status_created_at_id_index" ON "support_notes" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("topic","next_try_at") WHERE "outbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_merchant_id_topic_created_at_id_index" ON "outbox" USING btree ("merchant_id","topic","created_at","id");--> statement-breakpoint
CREATE INDEX "payment_attempts_merchant_id_created_at_index" ON "payment_attempts" USING btree ("merchant_id","created_at");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_dedupeKey_unique" UNIQUE("dedupe_key");