import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import { knownMigrations } from "@/db/migration-level";
import type { OpenDatabase } from "@/db/open";
import { jobsOverview, type JobName } from "@/server/operations/job-runs.service";

/**
 * A job as monitoring sees it: when it last finished, whether that run went well, and what it
 * has still to do (null: the job has no queue). Never its error text: anyone may ask.
 */
export interface JobHealth {
  lastRunAt: string | null;
  ok: boolean | null;
  backlog: number | null;
}

export interface Health {
  status: "ok";
  db: "pglite" | "postgres";
  migrations: "current" | "pending";
  jobs: Partial<Record<JobName, JobHealth>>;
}

/** Answers only after a real round trip to the database. */
export async function checkHealth(db: Db, engine: Health["db"]): Promise<Health> {
  const [row] = await db
    .select({ applied: sql<number>`count(*)::int` })
    .from(sql`drizzle.__drizzle_migrations`);
  const applied = Number(row?.applied ?? 0);
  const jobs: Partial<Record<JobName, JobHealth>> = {};
  for (const j of await jobsOverview(db, engine)) {
    jobs[j.job] = { lastRunAt: j.lastRunAt?.toISOString() ?? null, ok: j.ok, backlog: j.backlog };
  }
  return {
    status: "ok",
    db: engine,
    migrations: applied >= knownMigrations().length ? "current" : "pending",
    jobs,
  };
}

/**
 * The HTTP answer: 200 with the health, or a generic 503. Anyone may ask, so the database's
 * own error (host, port, user, a failed query's text) goes to the server's log, not the body.
 */
export async function healthResponse(open: () => Promise<OpenDatabase>): Promise<Response> {
  try {
    const { db, engine } = await open();
    return Response.json(await checkHealth(db, engine), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    console.error("health check failed:", err instanceof Error ? err.message : String(err));
    return Response.json(
      { status: "error", reason: "database unavailable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
