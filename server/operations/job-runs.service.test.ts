import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox, paymentAttempts, providerRequests } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { jobBacklogs, jobsOverview, listJobRuns, recordJobRun } from "./job-runs.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Jobs");
});

describe(`job runs (${engine})`, () => {
  it("records a run's outcome and items, one row per job, the last run winning", async () => {
    const at = (iso: string) => () => new Date(iso);
    expect(await recordJobRun(db, "expiry", async () => 7, at("2026-01-01T00:00:00Z"))).toBe(7);
    await expect(
      recordJobRun(
        db,
        "expiry",
        () => Promise.reject(new Error("connection lost")),
        at("2026-01-01T00:00:15Z"),
      ),
    ).rejects.toThrow("connection lost");
    const runs = (await listJobRuns(db)).filter((r) => r.job === "expiry");
    expect(runs).toEqual([
      expect.objectContaining({
        ok: false,
        items: 0,
        error: "Error: connection lost",
        finishedAt: new Date("2026-01-01T00:00:15Z"),
      }),
    ]);
    await recordJobRun(db, "expiry", async () => 0, at("2026-01-01T00:00:30Z"));
    const [again] = (await listJobRuns(db)).filter((r) => r.job === "expiry");
    expect(again).toMatchObject({ ok: true, error: null, items: 0 });
  });

  it("counts each job's backlog: pending messages per topic, requests due a query, overdue requests", async () => {
    const before = await jobBacklogs(db);
    const { attempt } = await payableOrder(db, seed);
    const later = new Date(attempt.expiresAt.getTime() + 60_000);
    await db.insert(outbox).values([
      { merchantId: seed.merchant.id, topic: "customer.email", payload: {} },
      { merchantId: seed.merchant.id, topic: "customer.email", payload: {}, state: "sent" },
    ]);
    await db
      .update(providerRequests)
      .set({ nextQueryAt: new Date(later.getTime() - 1000) })
      .where(eq(providerRequests.attemptId, attempt.id));
    const after = await jobBacklogs(db, later);
    expect(after["outbox:customer.email"]).toBe((before["outbox:customer.email"] ?? 0) + 1);
    expect(after.expiry).toBe(1);
    const [request] = await db
      .select()
      .from(providerRequests)
      .where(eq(providerRequests.attemptId, attempt.id));
    expect(after["active-query"]).toBe(request ? 1 : 0);
    // Before its deadline the request is not overdue.
    expect((await jobBacklogs(db, new Date(attempt.expiresAt.getTime() - 1000))).expiry).toBe(0);
    // A closed attempt is not waiting to expire.
    await db
      .update(paymentAttempts)
      .set({ status: "cancelled" })
      .where(eq(paymentAttempts.id, attempt.id));
    expect((await jobBacklogs(db, later)).expiry).toBe(0);
  });

  it("lists every job, with no run yet as null", async () => {
    const jobs = await jobsOverview(db, engine);
    expect(jobs.find((j) => j.job === "expiry")).toMatchObject({ ok: true });
    expect(jobs.find((j) => j.job === "scheduled-backup")).toMatchObject({
      lastRunAt: null,
      ok: null,
      backlog: null,
    });
  });

  it("reads the backlogs through the jobs' partial indexes, not by scanning every row", async () => {
    // Planner statistics say the tables are large (a real shop's), so a scan would cost more.
    await db.execute(sql`set enable_seqscan = off`);
    try {
      const plan = async (query: ReturnType<typeof sql>) => {
        const res = (await db.execute(sql`explain ${query}`)) as unknown as {
          rows: { "QUERY PLAN": string }[];
        };
        return res.rows.map((r) => r["QUERY PLAN"]).join("\n");
      };
      const now = sql`now()`;
      expect(
        await plan(
          sql`select count(*) from payment_attempts where status in ('created', 'pending') and expires_at <= ${now}`,
        ),
      ).toContain("payment_attempts_open_by_expiry");
      expect(
        await plan(sql`select topic, count(*) from outbox where state = 'pending' group by topic`),
      ).toContain("outbox_due");
      expect(
        await plan(
          sql`select count(*) from provider_requests where next_query_at is not null and next_query_at <= ${now}`,
        ),
      ).toContain("provider_requests_due");
    } finally {
      await db.execute(sql`reset enable_seqscan`);
    }
  });
});
