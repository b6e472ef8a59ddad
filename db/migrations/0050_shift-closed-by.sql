ALTER TABLE "cash_shifts" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "cash_shifts" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "cash_shifts" ADD CONSTRAINT "cash_shifts_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;