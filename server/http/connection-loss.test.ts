import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { engine, setupTestDatabase } from "@/test/db";
import { domainErrorResponse } from "./domain-error-response";

const { db } = setupTestDatabase();

/** node-postgres' result rows (this part runs on PostgreSQL only). */
const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

describe("a database out of reach", () => {
  it("is answered 503 with a reason in the user's language, and a time to retry", async () => {
    const res = domainErrorResponse(new Error("Connection terminated unexpectedly"), "zh-CN");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.text()).toBe("暂时连不上数据库。请过几秒再试。");
  });

  it("is not mistaken for a fault of the query", async () => {
    const err = await db.execute(sql`select * from no_such_table`).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(err)).toBe(false);
    expect(domainErrorResponse(err, "en").status).toBe(500);
  });

  // Only PostgreSQL has connections to lose. Vitest fails the run on an uncaught exception,
  // which is what a lent-out client's "error" event was without its listener (db/open.ts).
  it.runIf(engine === "postgres")(
    "a connection cut in the middle of a transaction fails that request only",
    async () => {
      const err = await db
        .transaction(async (tx) => {
          const pid = rowsOf(await tx.execute(sql`select pg_backend_pid() as pid`))[0]?.pid;
          await db.execute(sql`select pg_terminate_backend(${pid})`);
          await tx.execute(sql`select 1`);
        })
        .catch((e: unknown) => e);
      expect(isDatabaseUnavailable(err)).toBe(true);
      expect(domainErrorResponse(err, "en").status).toBe(503);
      // The pool gives the next request a new connection.
      expect(rowsOf(await db.execute(sql`select 1 as one`))[0]?.one).toBe(1);
    },
  );
});
