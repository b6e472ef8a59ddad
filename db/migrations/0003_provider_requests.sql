CREATE TABLE "provider_requests" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"qr_content" text,
	"redirect_url" text,
	"provider_ref" text,
	"next_query_at" timestamp (3) with time zone,
	"query_count" integer DEFAULT 0 NOT NULL,
	"last_query_result" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "provider_requests" ADD CONSTRAINT "provider_requests_attempt_id_payment_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."payment_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_requests_due" ON "provider_requests" USING btree ("next_query_at") WHERE "provider_requests"."next_query_at" is not null;