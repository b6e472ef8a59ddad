ALTER TABLE "statements" ADD COLUMN "covered_from" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "covered_until" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "statements_method_id_covered_from_index" ON "statements" USING btree ("method_id","covered_from");