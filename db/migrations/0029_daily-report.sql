ALTER TABLE "merchants" ADD COLUMN "email_daily_report" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "daily_report_hour" smallint DEFAULT 8 NOT NULL;