import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { merchants } from "./tenancy";

const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * Each background job's last run, install-wide (one row per job name, upserted once per run by
 * server/operations/job-runs.service.ts; with several instances the last writer wins).
 */
export const jobRuns = pgTable("job_runs", {
  job: text().primaryKey(),
  startedAt: tstz().notNull(),
  finishedAt: tstz().notNull(),
  ok: boolean().notNull(),
  /** What went wrong, short; kept server-side (the public health check shows only `ok`). */
  error: text(),
  /** Rows the run handled (attempts asked, messages sent, …). */
  items: integer().notNull().default(0),
});

/**
 * Work on existing rows that needs the application's own rules, which a migration's SQL could
 * only copy: the migration that calls for it adds its row, and the server's start runs each row
 * not done yet once, in one transaction with marking it done (server/operations/data-steps.ts).
 */
export const dataSteps = pgTable("data_steps", {
  name: text().primaryKey(),
  doneAt: tstz(),
});

export const backupTriggers = ["scheduled", "manual", "cli"] as const;
export const backupTriggerEnum = pgEnum("backup_trigger", backupTriggers);

/**
 * The install's backup schedule: one row at most (a backup holds every shop, so there is one
 * schedule). `merchantId` is the shop whose owner set it: its time zone places the hour.
 */
export const backupSchedules = pgTable(
  "backup_schedules",
  {
    id: boolean().primaryKey().default(true),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    enabled: boolean().notNull().default(false),
    /** The local hour (0–23, the shop's time zone) a daily backup is taken at. */
    hour: integer().notNull().default(3),
    /** How many scheduled backups are kept; older ones are deleted. */
    keep: integer().notNull().default(7),
    /** Since when this hour applies: a slot before it is not taken (no backup on saving). */
    since: tstz().notNull().defaultNow(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    check("backup_schedules_single", sql`${t.id}`),
    check("backup_schedules_hour", sql`${t.hour} between 0 and 23`),
    check("backup_schedules_keep", sql`${t.keep} between 1 and 365`),
  ],
);

/** Every backup taken: scheduled (and verified by reading it back), downloaded, or by the CLI. */
export const backupRuns = pgTable(
  "backup_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    trigger: backupTriggerEnum().notNull(),
    /** A scheduled backup's due time: unique, so two instances take each slot once. */
    slot: tstz(),
    startedAt: tstz().notNull().defaultNow(),
    finishedAt: tstz(),
    /** The file's name in BACKUP_DIR (scheduled), or the name it was downloaded as. */
    fileName: text(),
    sizeBytes: bigint({ mode: "number" }),
    ok: boolean(),
    /** Read back after writing: every frame's checksum, each table's count and hash. */
    verified: boolean().notNull().default(false),
    encrypted: boolean().notNull().default(false),
    error: text(),
    /** When pruning deleted a scheduled backup's file (beyond the number kept). */
    prunedAt: tstz(),
  },
  (t) => [
    uniqueIndex("backup_runs_one_per_slot")
      .on(t.slot)
      .where(sql`${t.trigger} = 'scheduled'`),
    index().on(t.startedAt),
  ],
);
