import { expect, test } from "@playwright/test";

// The probe load balancers and the e2e web server wait on: it must answer only once the
// embedded database is open and migrated.
test("GET /api/health reports the embedded database, migrated", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toContain("no-store");
  const body = (await response?.json()) as { jobs: Record<string, { backlog: number | null }> };
  expect(body).toMatchObject({ status: "ok", db: "pglite", migrations: "current" });
  // Monitoring reads each job's last run and backlog (no error text: anyone may ask).
  expect(body.jobs.expiry).toEqual(expect.objectContaining({ backlog: expect.any(Number) }));
});
