import { describe, expect, it, vi } from "vitest";
import { engine, openTestDatabase, setupTestDatabase } from "@/test/db";
import { healthResponse } from "./health.service";

describe("healthResponse", () => {
  const database = setupTestDatabase();

  it("answers 200 with the engine it runs on and current migrations", async () => {
    const res = await healthResponse(async () => database.opened);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({
      status: "ok",
      db: engine,
      migrations: "current",
    });
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
