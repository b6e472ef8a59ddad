CREATE TABLE "data_steps" (
	"name" text PRIMARY KEY NOT NULL,
	"done_at" timestamp (3) with time zone
);
--> statement-breakpoint
-- Open "missing there" differences found before a statement's period was kept as instants were
-- judged against whole local days, edges included: the server's start judges them once again
-- under today's rule (server/reconciliation/edge-rejudge.service.ts).
INSERT INTO "data_steps" ("name") VALUES ('recon-edge-rejudge');
