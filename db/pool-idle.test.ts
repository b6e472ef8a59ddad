import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type OpenDatabase } from "@/db/open";
import { engine, setupTestDatabase } from "@/test/db";

/**
 * A PostgreSQL pool keeps the connections it opened through a quiet spell: a connection opened
 * anew is a new server process, whose first runs of every statement template are parsed and
 * planned again (db/statement-template.ts). PGlite has no pool.
 */
const testDb = setupTestDatabase();
let opened: OpenDatabase | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await opened?.close();
  opened = undefined;
});

/** The server processes of `count` connections, each held by a statement at the same time. */
async function backendsOf(db: OpenDatabase["db"], count: number) {
  const results = await Promise.all(
    Array.from({ length: count }, () =>
      db.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.05)`),
    ),
  );
  return new Set(results.map((r) => Number((r as { rows: { pid: number }[] }).rows[0]!.pid)));
}

describe.runIf(engine === "postgres")("the PostgreSQL pool", () => {
  it("keeps its connections through a quiet spell", async () => {
    const url = testDb.url;
    if (!url) throw new Error("the postgres project gives the database's address");
    opened = await openDatabase({ url }, { migrate: false });
    // The pool's idle timers are set as connections are handed back, so faked from here.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const before = await backendsOf(opened.db, 3);
    expect(before.size).toBe(3);
    // node-postgres's default closes a connection idle for 10 s.
    await vi.advanceTimersByTimeAsync(60_000);
    vi.useRealTimers();
    expect(await backendsOf(opened.db, 3)).toEqual(before);
  });
});
