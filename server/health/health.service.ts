import { sql } from "drizzle-orm";
import type { Db } from "@/db/types";
import { knownMigrations } from "@/db/migration-level";
import type { OpenDatabase } from "@/db/open";

export interface Health {
  status: "ok";
  db: "pglite" | "postgres";
  migrations: "current" | "pending";
}

/** Answers only after a real round trip to the database. */
export async function checkHealth(db: Db, engine: Health["db"]): Promise<Health> {
  const [row] = await db
    .select({ applied: sql<number>`count(*)::int` })
    .from(sql`drizzle.__drizzle_migrations`);
  const applied = Number(row?.applied ?? 0);
  return {
    status: "ok",
    db: engine,
    migrations: applied >= knownMigrations().length ? "current" : "pending",
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
