CREATE TABLE "guide_acknowledgments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"guide_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"quiz_passed_at" timestamp with time zone,
	"quiz_score" integer,
	"quiz_attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guide_acknowledgments_guideId_userId_unique" UNIQUE("guide_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "guide_contents" (
	"guide_id" uuid NOT NULL,
	"locale" "locale" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "guide_contents_guide_id_locale_pk" PRIMARY KEY("guide_id","locale")
);
--> statement-breakpoint
CREATE TABLE "guide_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"guide_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"sent_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"roles" "role"[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"quiz" jsonb,
	"shipped_hash" text,
	"edited_at" timestamp with time zone,
	"edited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guides_merchantId_slug_unique" UNIQUE("merchant_id","slug")
);
--> statement-breakpoint
CREATE TABLE "practice_shops" (
	"merchant_id" uuid PRIMARY KEY NOT NULL,
	"parent_merchant_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_shops_parentMerchantId_unique" UNIQUE("parent_merchant_id")
);
--> statement-breakpoint
ALTER TABLE "guide_acknowledgments" ADD CONSTRAINT "guide_acknowledgments_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_acknowledgments" ADD CONSTRAINT "guide_acknowledgments_guide_id_guides_id_fk" FOREIGN KEY ("guide_id") REFERENCES "public"."guides"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_acknowledgments" ADD CONSTRAINT "guide_acknowledgments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_contents" ADD CONSTRAINT "guide_contents_guide_id_guides_id_fk" FOREIGN KEY ("guide_id") REFERENCES "public"."guides"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_reminders" ADD CONSTRAINT "guide_reminders_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_reminders" ADD CONSTRAINT "guide_reminders_guide_id_guides_id_fk" FOREIGN KEY ("guide_id") REFERENCES "public"."guides"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_reminders" ADD CONSTRAINT "guide_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_reminders" ADD CONSTRAINT "guide_reminders_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guides" ADD CONSTRAINT "guides_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guides" ADD CONSTRAINT "guides_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_shops" ADD CONSTRAINT "practice_shops_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_shops" ADD CONSTRAINT "practice_shops_parent_merchant_id_merchants_id_fk" FOREIGN KEY ("parent_merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guide_acknowledgments_merchant_id_user_id_index" ON "guide_acknowledgments" USING btree ("merchant_id","user_id");--> statement-breakpoint
CREATE INDEX "guide_reminders_merchant_id_user_id_created_at_index" ON "guide_reminders" USING btree ("merchant_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "guides_merchant_id_sort_order_index" ON "guides" USING btree ("merchant_id","sort_order");