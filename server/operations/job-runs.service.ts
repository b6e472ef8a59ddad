import { and, inArray, isNotNull, sql } from "drizzle-orm";
import { jobRuns, outbox, paymentAttempts, providerRequests, refunds } from "@/db/schema";
import type { Engine } from "@/db/open";
import type { Db } from "@/db/types";
import { overduePending } from "@/server/audit/audit-chainer.service";
import { outboxTopics, type OutboxTopic } from "@/server/notices/outbox.logic";
import { attemptStatusesInto, openRefundStatuses } from "@/server/payments/state.logic";

/** Every background job by the name its runs are recorded under (server/runtime.ts). */
export const jobNames = [
  "active-query",
  "refund-query",
  "expiry",
  "rollup-rebuild",
  ...outboxTopics.map((t) => `outbox:${t}` as const),
  "failure-spikes",
  "risk-rules",
  "housekeeping",
  "scheduled-backup",
  "daily-report-email",
  "audit-heads",
  "audit-pending",
  "analyze",
] as const;
export type JobName = (typeof jobNames)[number];

/** The jobs an engine runs: the nightly ANALYZE only on the embedded one (PostgreSQL autovacuums). */
export function jobsFor(engine: Engine): JobName[] {
  return jobNames.filter((j) => engine === "pglite" || j !== "analyze");
}

export const outboxJob = (topic: OutboxTopic): JobName => `outbox:${topic}`;

/** A failure kept short: an operator reads it on the operations page, the log has the rest. */
function shortError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 300);
}

/**
 * Runs one job and records the run: one upsert at its end (started, finished, ok, items),
 * so a job that runs every few seconds costs one small write. With several instances the
 * last to finish wins, which is what "the job's last run" means. A job's error is recorded
 * and rethrown for the caller's log; a failure to record is logged and does not hide it.
 */
export async function recordJobRun(
  db: Db,
  job: JobName,
  run: () => Promise<number>,
  now: () => Date = () => new Date(),
): Promise<number> {
  const startedAt = now();
  let items = 0;
  let error: string | null = null;
  try {
    items = await run();
    return items;
  } catch (err) {
    error = shortError(err);
    throw err;
  } finally {
    const row = { job, startedAt, finishedAt: now(), ok: error === null, error, items };
    await db
      .insert(jobRuns)
      .values(row)
      .onConflictDoUpdate({ target: jobRuns.job, set: row })
      .catch((err: unknown) => console.error(`recording job ${job} failed:`, shortError(err)));
  }
}

export type JobRun = typeof jobRuns.$inferSelect;

export async function listJobRuns(db: Db): Promise<JobRun[]> {
  return db.select().from(jobRuns);
}

const count = sql<number>`count(*)::int`;

/**
 * What the jobs have still to do, counted now. Each count is served by the partial index its
 * job claims through (outbox_due, provider_requests_due, refunds_open_by_next_query,
 * payment_attempts_open_by_expiry), so it reads the backlog, never every order.
 */
export async function jobBacklogs(db: Db, at = new Date()) {
  const now = sql`${at.toISOString()}::timestamptz`;
  const [outboxRows, [asked], [refundsDue], [overdue], auditOverdue] = await Promise.all([
    db
      .select({ topic: outbox.topic, n: count })
      .from(outbox)
      .where(sql`${outbox.state} = 'pending'`)
      .groupBy(outbox.topic),
    db
      .select({ n: count })
      .from(providerRequests)
      .where(
        and(
          isNotNull(providerRequests.nextQueryAt),
          sql`${providerRequests.nextQueryAt} <= ${now}`,
        ),
      ),
    db
      .select({ n: count })
      .from(refunds)
      .where(
        and(
          inArray(refunds.status, [...openRefundStatuses]),
          isNotNull(refunds.nextQueryAt),
          sql`${refunds.nextQueryAt} <= ${now}`,
        ),
      ),
    db
      .select({ n: count })
      .from(paymentAttempts)
      .where(
        and(
          inArray(paymentAttempts.status, attemptStatusesInto("expired")),
          sql`${paymentAttempts.expiresAt} <= ${now}`,
        ),
      ),
    // Audit rows whose chaining is overdue (server/audit/audit-chainer.service.ts).
    overduePending(db, at),
  ]);
  const backlog: Partial<Record<JobName, number>> = {
    "active-query": asked?.n ?? 0,
    "refund-query": refundsDue?.n ?? 0,
    expiry: overdue?.n ?? 0,
    "audit-pending": auditOverdue,
  };
  for (const topic of outboxTopics) {
    backlog[outboxJob(topic)] = outboxRows.find((r) => r.topic === topic)?.n ?? 0;
  }
  return backlog;
}

/** Each job: its last run (if any) and what it has still to do (for jobs that have a queue). */
export async function jobsOverview(db: Db, engine: Engine, at = new Date()) {
  const [runs, backlog] = await Promise.all([listJobRuns(db), jobBacklogs(db, at)]);
  return jobsFor(engine).map((job) => {
    const run = runs.find((r) => r.job === job);
    return {
      job,
      lastRunAt: run?.finishedAt ?? null,
      ok: run ? run.ok : null,
      error: run?.error ?? null,
      items: run?.items ?? null,
      backlog: backlog[job] ?? null,
    };
  });
}
