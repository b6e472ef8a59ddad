CREATE TYPE "public"."backup_trigger" AS ENUM('scheduled', 'manual', 'cli');--> statement-breakpoint
CREATE TABLE "backup_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" "backup_trigger" NOT NULL,
	"slot" timestamp (3) with time zone,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"file_name" text,
	"size_bytes" bigint,
	"ok" boolean,
	"verified" boolean DEFAULT false NOT NULL,
	"encrypted" boolean DEFAULT false NOT NULL,
	"error" text,
	"pruned_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "backup_schedules" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"merchant_id" uuid NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"hour" integer DEFAULT 3 NOT NULL,
	"keep" integer DEFAULT 7 NOT NULL,
	"since" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "backup_schedules_single" CHECK ("backup_schedules"."id"),
	CONSTRAINT "backup_schedules_hour" CHECK ("backup_schedules"."hour" between 0 and 23),
	CONSTRAINT "backup_schedules_keep" CHECK ("backup_schedules"."keep" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"job" text PRIMARY KEY NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"error" text,
	"items" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "backup_schedules" ADD CONSTRAINT "backup_schedules_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_schedules" ADD CONSTRAINT "backup_schedules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "backup_runs_one_per_slot" ON "backup_runs" USING btree ("slot") WHERE "backup_runs"."trigger" = 'scheduled';--> statement-breakpoint
CREATE INDEX "backup_runs_started_at_index" ON "backup_runs" USING btree ("started_at");