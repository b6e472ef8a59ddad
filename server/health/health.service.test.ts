import { describe, expect, it, vi } from "vitest";
import { engine, openTestDatabase, setupTestDatabase } from "@/test/db";
import { jobsFor, recordJobRun } from "@/server/operations/job-runs.service";
import { healthResponse } from "./health.service";

describe("healthResponse", () => {
  const database = setupTestDatabase();

  it("answers 200 with the engine it runs on, current migrations and every job", async () => {
    const res = await healthResponse(async () => database.opened);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { jobs: Record<string, unknown> };
    expect(body).toMatchObject({ status: "ok", db: engine, migrations: "current" });
    expect(Object.keys(body.jobs).sort()).toEqual(jobsFor(engine).sort());
    expect("analyze" in body.jobs).toBe(engine === "pglite");
    expect(body.jobs.expiry).toEqual({ lastRunAt: null, ok: null, backlog: 0 });
    expect(body.jobs["failure-spikes"]).toEqual({ lastRunAt: null, ok: null, backlog: null });
  });

  it("shows a failed job's time and outcome, never its error text", async () => {
    const at = new Date("2026-03-01T04:00:00Z");
    await recordJobRun(
      database.db,
      "refund-query",
      () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.7:5432 merchant Alpha")),
      () => at,
    ).catch(() => undefined);
    const res = await healthResponse(async () => database.opened);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      jobs: { "refund-query": { lastRunAt: at.toISOString(), ok: false, backlog: 0 } },
    });
    expect(text).not.toContain("ECONNREFUSED");
    expect(text).not.toContain("Alpha");
  });

  it("answers a generic 503 when the database cannot be opened, logging the reason instead", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await healthResponse(() =>
      Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5999")),
    );
    const logged = quiet.mock.calls.flat().join(" ");
    quiet.mockRestore();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error", reason: "database unavailable" });
    expect(logged).toContain("ECONNREFUSED 127.0.0.1:5999");
  });

  it("answers 503 when the database stops answering queries", async () => {
    const broken = await openTestDatabase();
    await broken.close();
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await healthResponse(async () => broken);
    quiet.mockRestore();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error", reason: "database unavailable" });
  });
});
